package dev.roster.bench;

import dev.roster.core.domain.RateLimit;

import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The standalone Roster server (the server module's {@code roster-server.jar}) as a child process on
 * 127.0.0.1 with its default kind of store (an H2 file, here in a temporary folder), one app given
 * with {@code --app}, and one user created through its REST API.
 *
 * @param process the server process
 * @param port    its port
 * @param data    the folder of its H2 file, deleted on close
 */
record RosterServer(Process process, int port, Path data) implements AutoCloseable {

    /** The server started, or null (and a fact saying why) when the jar is not built. */
    static RosterServer startIfPresent(Settings settings, Report report) throws Exception {
        if (!Files.isRegularFile(settings.serverJar())) {
            report.fact("row5.rosterHalf", "skipped: " + settings.serverJar() + " not found (adapters-http not built)");
            return null;
        }
        int port = HttpBench.freePort();
        Path data = Files.createTempDirectory("roster-bench-server");
        Process process = HttpBench.java(List.of("-jar", settings.serverJar().toString(), "--port", Integer.toString(port),
                "--store", "jdbc:h2:file:" + data.resolve("roster").toAbsolutePath(),
                "--app", BenchUsers.APP + ":" + BenchUsers.SECRET), "roster");
        RosterServer server = new RosterServer(process, port, data);
        try {
            HttpBench.waitUntilUp(port, "/openapi.json", new String[0]);
            server.put("/v1/" + BenchUsers.APP + "/settings", "{\"rateLimits\":{"
                    + "\"trusted\":{\"perSecond\":" + RateLimit.MAX + ",\"burst\":" + RateLimit.MAX + "},"
                    + "\"browser\":{\"perSecond\":" + RateLimit.MAX + ",\"burst\":" + RateLimit.MAX + "}}}");
            server.put(server.userPath(), "{\"name\":\"Bench User\",\"email\":[\"bench@example.com\"],"
                    + "\"role\":\"default\",\"photoUrl\":\"https://example.com/u/bench.png\",\"custom\":{\"team\":\"t1\"}}");
        } catch (Exception e) {
            server.close();
            throw e;
        }
        return server;
    }

    String userPath() {
        return "/v1/" + BenchUsers.APP + "/users/" + HttpBench.USER_ID;
    }

    String[] headers() {
        return new String[] {"Authorization: Bearer " + BenchUsers.SECRET};
    }

    /** A trusted {@code PUT} of {@code json} to {@code path}, which must answer 200. */
    private void put(String path, String json) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) new URL("http://127.0.0.1:" + port + path).openConnection();
        connection.setRequestMethod("PUT");
        connection.setDoOutput(true);
        connection.setRequestProperty("Authorization", "Bearer " + BenchUsers.SECRET);
        connection.setRequestProperty("Content-Type", "application/json");
        try (OutputStream out = connection.getOutputStream()) {
            out.write(json.getBytes(StandardCharsets.UTF_8));
        }
        if (connection.getResponseCode() != 200) {
            throw new IllegalStateException("PUT " + path + " answered " + connection.getResponseCode());
        }
        connection.getInputStream().readAllBytes();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        process.destroy();
        process.waitFor(10, TimeUnit.SECONDS);
        try (Stream<Path> files = Files.walk(data)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
