package dev.roster.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Row 5: {@code GET /v1/{appId}/users/{id}} on the standalone Roster server against a bare Jetty
 * handler returning the same bytes, each in its own JVM with the same options, under the same
 * {@code wrk} load on 127.0.0.1 (2 threads, 16 connections).
 */
final class HttpBench {

    static final String WRK = "/usr/bin/wrk";
    static final String JVM_HEAP = "-Xmx1g";
    static final String USER_ID = "bench-user";

    private HttpBench() {
    }

    /** One {@code wrk} run's figures. */
    record Load(double requestsPerSecond, double p99Millis, long requests, long errors) {
    }

    static List<Row> run(Settings settings, Report report) throws Exception {
        List<Row> rows = new ArrayList<>();
        if (!Files.isExecutable(Path.of(WRK))) {
            report.fact("row5.skipped", "wrk not found at " + WRK + " (apt-get install -y wrk)");
            return rows;
        }
        int seconds = settings.careful() ? 30 : 8;
        RosterServer roster = RosterServer.startIfPresent(settings, report);
        byte[] body;
        String path;
        String[] headers;
        if (roster != null) {
            path = roster.userPath();
            headers = roster.headers();
            body = get(roster.port(), path, headers);
        } else {
            path = "/v1/" + BenchUsers.APP + "/users/" + USER_ID;
            headers = new String[0];
            body = ("{\"id\":\"" + USER_ID + "\",\"name\":\"Bench User\",\"email\":[\"bench@example.com\"],"
                    + "\"phone\":null,\"photoUrl\":null,\"welcomeMessage\":null,\"role\":\"default\",\"locale\":null,"
                    + "\"custom\":{\"team\":\"t1\"},\"availabilityText\":null,\"createdAt\":1700000000000}")
                    .getBytes(StandardCharsets.UTF_8);
        }
        Path file = Files.createTempFile("roster-bench-body", ".json");
        Files.write(file, body);
        int barePort = freePort();
        Process bare = java(List.of("-cp", ownJar(), BareServer.class.getName(), Integer.toString(barePort),
                file.toString()), "bare");
        try {
            waitUntilUp(barePort, path, new String[0]);
            wrk(barePort, path, new String[0], 3);
            Load bareLoad = wrk(barePort, path, new String[0], seconds);
            report.fact("row5.bare", bareLoad);
            report.fact("row5.bodyBytes", body.length);
            if (roster == null) {
                rows.add(Row.info(5, "bare Jetty handler, GET user bytes (Roster half pending: no server jar)",
                        "itself", bareLoad.requestsPerSecond(), bareLoad.requestsPerSecond(), "req/s",
                        String.format(Locale.ROOT, "p99 %.2f ms", bareLoad.p99Millis())));
                return rows;
            }
            wrk(roster.port(), path, headers, 3);
            Load rosterLoad = wrk(roster.port(), path, headers, seconds);
            report.fact("row5.roster", rosterLoad);
            rows.add(Row.atLeast(5, "GET /v1/{appId}/users/{id}, standalone server", "bare Jetty handler, same bytes",
                    rosterLoad.requestsPerSecond(), bareLoad.requestsPerSecond(), "req/s", 0.7,
                    String.format(Locale.ROOT, "p99 %.2f ms vs %.2f ms; wrk -t2 -c16 -d%ds; %d errors; "
                                    + "TalkJS's published limit is about 9 req/s per app",
                            rosterLoad.p99Millis(), bareLoad.p99Millis(), seconds, rosterLoad.errors())));
            return rows;
        } finally {
            bare.destroy();
            bare.waitFor(10, TimeUnit.SECONDS);
            if (roster != null) {
                roster.close();
            }
            Files.deleteIfExists(file);
        }
    }

    static Load wrk(int port, String path, String[] headers, int seconds) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(WRK, "-t2", "-c16", "-d" + seconds + "s", "--latency"));
        for (String header : headers) {
            command.add("-H");
            command.add(header);
        }
        command.add("http://127.0.0.1:" + port + path);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(seconds + 30L, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("wrk failed: " + out);
        }
        double rps = Double.parseDouble(find(out, "Requests/sec:\\s+([0-9.]+)"));
        long requests = Long.parseLong(find(out, "([0-9]+) requests in"));
        String non2xx = findOptional(out, "Non-2xx or 3xx responses:\\s+([0-9]+)");
        String socket = findOptional(out, "Socket errors:.*?timeout ([0-9]+)");
        long errors = (non2xx == null ? 0 : Long.parseLong(non2xx)) + (socket == null ? 0 : Long.parseLong(socket));
        Matcher p99 = Pattern.compile("99%\\s+([0-9.]+)(us|ms|s)").matcher(out);
        if (!p99.find()) {
            throw new IllegalStateException("No p99 in wrk output: " + out);
        }
        double value = Double.parseDouble(p99.group(1));
        double millis = p99.group(2).equals("us") ? value / 1000 : p99.group(2).equals("s") ? value * 1000 : value;
        return new Load(rps, millis, requests, errors);
    }

    private static String find(String text, String regex) {
        String found = findOptional(text, regex);
        if (found == null) {
            throw new IllegalStateException("No match for " + regex + " in: " + text);
        }
        return found;
    }

    private static String findOptional(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        return matcher.find() ? matcher.group(1) : null;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static String ownJar() {
        return System.getProperty("java.class.path");
    }

    static Process java(List<String> arguments, String name) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add(JVM_HEAP);
        command.addAll(arguments);
        Path log = Files.createTempFile("roster-bench-" + name, ".log");
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    static byte[] get(int port, String path, String[] headers) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) new URL("http://127.0.0.1:" + port + path).openConnection();
        for (String header : headers) {
            int colon = header.indexOf(':');
            connection.setRequestProperty(header.substring(0, colon).trim(), header.substring(colon + 1).trim());
        }
        if (connection.getResponseCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + connection.getResponseCode());
        }
        try (InputStream in = connection.getInputStream()) {
            return in.readAllBytes();
        }
    }

    static void waitUntilUp(int port, String path, String[] headers) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                get(port, path, headers);
                return;
            } catch (IOException | IllegalStateException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Server on port " + port + " not answering " + path, e);
                }
                Thread.sleep(100);
            }
        }
    }
}
