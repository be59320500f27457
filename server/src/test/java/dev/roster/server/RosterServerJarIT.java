package dev.roster.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Starts {@code target/roster-server.jar} as its own process with the README's flags, calls it
 * over HTTP and stops it with SIGTERM.
 */
class RosterServerJarIT {

    private static final Pattern LISTENING = Pattern.compile("Roster listening on (http://localhost:\\d+/)");
    private static final Pattern CREATED = Pattern.compile("Created app (\\S+) with secret key (\\S+) ");

    private final HttpClient client = HttpClient.newHttpClient();

    /** A running server process and every line it wrote so far. */
    private static final class Running {
        final Process process;
        final List<String> lines = Collections.synchronizedList(new ArrayList<>());
        final LinkedBlockingQueue<String> queue = new LinkedBlockingQueue<>();

        Running(Process process) {
            this.process = process;
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        lines.add(line);
                        queue.add(line);
                    }
                } catch (IOException e) {
                    queue.add("read failed: " + e);
                }
            });
            reader.setDaemon(true);
            reader.start();
        }

        Matcher await(Pattern pattern) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                String line = queue.poll(1, TimeUnit.SECONDS);
                if (line != null) {
                    Matcher m = pattern.matcher(line);
                    if (m.find()) {
                        return m;
                    }
                }
            }
            throw new AssertionError("no line matching " + pattern + " in " + lines);
        }
    }

    private static Running start(Path workDir, String... args) throws IOException {
        Path jar = Paths.get("target", "roster-server.jar").toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), "build the jar first: " + jar);
        List<String> command = new ArrayList<>(List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
        return new Running(process);
    }

    private HttpResponse<String> send(String method, String url, String secret, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + secret)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static void stopWithSigterm(Running server) throws InterruptedException {
        // ProcessHandle.destroy sends SIGTERM like Process.destroy, but leaves the output pipe
        // open, so the server's last log line can still be read.
        assertTrue(server.process.toHandle().destroy());
        assertTrue(server.process.waitFor(30, TimeUnit.SECONDS), "the server did not stop on SIGTERM");
        server.await(Pattern.compile("Roster stopped"));
        assertEquals(143, server.process.exitValue(), "exit status after SIGTERM");
    }

    @Test
    void theReadmeCommandServesAndStopsOnSigterm(@TempDir Path dir) throws Exception {
        String secret = "sk_test_" + "k".repeat(24);
        Running server = start(dir, "--port", "0", "--store", "memory:", "--app", "demo:" + secret);
        try {
            String base = server.await(LISTENING).group(1);
            assertEquals(200, send("PUT", base + "v1/demo/users/alice", secret, "{\"name\": \"Alice\"}").statusCode());
            HttpResponse<String> get = send("GET", base + "v1/demo/users/alice", secret, null);
            assertEquals(200, get.statusCode());
            assertTrue(get.body().contains("\"name\":\"Alice\""), get.body());
            assertEquals(401, send("GET", base + "v1/demo/users/alice", "sk_wrong_wrong_wrong", null).statusCode());
            assertEquals(200, send("GET", base + "openapi.json", secret, null).statusCode());
        } finally {
            stopWithSigterm(server);
        }
        assertEquals(1, server.lines.stream().filter(l -> l.contains("Roster listening on")).count());
    }

    @Test
    void aFirstStartWithoutAppsCreatesOneAndPrintsItsKey(@TempDir Path dir) throws Exception {
        Running server = start(dir, "--port", "0", "--store", "memory:");
        try {
            Matcher created = server.await(CREATED);
            String base = server.await(LISTENING).group(1);
            String appId = created.group(1);
            String secret = created.group(2);
            assertEquals(200, send("PUT", base + "v1/" + appId + "/users/bob", secret, "{\"name\": \"Bob\"}").statusCode());
            assertEquals(200, send("GET", base + "v1/" + appId + "/users?limit=1", secret, null).statusCode());
        } finally {
            stopWithSigterm(server);
        }
    }

    @Test
    void theDefaultStoreIsAnH2FileThatSurvivesARestart(@TempDir Path dir) throws Exception {
        Running first = start(dir, "--port", "0");
        String appId;
        String secret;
        try {
            Matcher created = first.await(CREATED);
            appId = created.group(1);
            secret = created.group(2);
            String base = first.await(LISTENING).group(1);
            assertEquals(200, send("PUT", base + "v1/" + appId + "/users/carol", secret,
                    "{\"name\": \"Carol\", \"custom\": {\"team\": \"blue\"}}").statusCode());
        } finally {
            stopWithSigterm(first);
        }
        assertTrue(Files.isDirectory(dir.resolve("roster-data")), "the H2 file lives under ./roster-data");

        Running second = start(dir, "--port", "0");
        try {
            String base = second.await(LISTENING).group(1);
            HttpResponse<String> carol = send("GET", base + "v1/" + appId + "/users/carol", secret, null);
            assertEquals(200, carol.statusCode());
            assertTrue(carol.body().contains("\"team\":\"blue\""), carol.body());
        } finally {
            stopWithSigterm(second);
        }
        assertTrue(second.lines.stream().noneMatch(l -> l.contains("Created app")), "an app exists, so none is created");
    }

    @Test
    void badOptionsExitWithUsage(@TempDir Path dir) throws Exception {
        Running server = start(dir, "--port", "eighty");
        assertTrue(server.process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(2, server.process.exitValue());
        server.await(Pattern.compile("Usage: java -jar roster-server.jar"));
    }
}
