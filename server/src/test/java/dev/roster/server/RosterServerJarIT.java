package dev.roster.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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

    private static final Pattern CREATED = Pattern.compile("Created app (\\S+) with secret key (\\S+) ");

    private final HttpClient client = HttpClient.newHttpClient();

    private HttpResponse<String> send(String method, String url, String secret, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + secret)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theReadmeCommandServesAndStopsOnSigterm(@TempDir Path dir) throws Exception {
        String secret = "sk_test_" + "k".repeat(24);
        ServerProcess server = ServerProcess.start(dir, "--port", "0", "--store", "memory:", "--app", "demo:" + secret);
        try {
            String base = server.awaitListening();
            assertEquals(200, send("PUT", base + "v1/demo/users/alice", secret, "{\"name\": \"Alice\"}").statusCode());
            HttpResponse<String> get = send("GET", base + "v1/demo/users/alice", secret, null);
            assertEquals(200, get.statusCode());
            assertTrue(get.body().contains("\"name\":\"Alice\""), get.body());
            assertEquals(401, send("GET", base + "v1/demo/users/alice", "sk_wrong_wrong_wrong", null).statusCode());
            assertEquals(200, send("GET", base + "openapi.json", secret, null).statusCode());
        } finally {
            server.stopWithSigterm();
        }
        assertEquals(1, server.lines.stream().filter(l -> l.contains("Roster listening on")).count());
    }

    @Test
    void aFirstStartWithoutAppsCreatesOneAndPrintsItsKey(@TempDir Path dir) throws Exception {
        ServerProcess server = ServerProcess.start(dir, "--port", "0", "--store", "memory:");
        try {
            Matcher created = server.await(CREATED);
            String base = server.awaitListening();
            String appId = created.group(1);
            String secret = created.group(2);
            assertEquals(200, send("PUT", base + "v1/" + appId + "/users/bob", secret, "{\"name\": \"Bob\"}").statusCode());
            assertEquals(200, send("GET", base + "v1/" + appId + "/users?limit=1", secret, null).statusCode());
        } finally {
            server.stopWithSigterm();
        }
    }

    @Test
    void theDefaultStoreIsAnH2FileThatSurvivesARestart(@TempDir Path dir) throws Exception {
        ServerProcess first = ServerProcess.start(dir, "--port", "0");
        String appId;
        String secret;
        try {
            Matcher created = first.await(CREATED);
            appId = created.group(1);
            secret = created.group(2);
            String base = first.awaitListening();
            assertEquals(200, send("PUT", base + "v1/" + appId + "/users/carol", secret,
                    "{\"name\": \"Carol\", \"custom\": {\"team\": \"blue\"}}").statusCode());
        } finally {
            first.stopWithSigterm();
        }
        assertTrue(Files.isDirectory(dir.resolve("roster-data")), "the H2 file lives under ./roster-data");

        ServerProcess second = ServerProcess.start(dir, "--port", "0");
        try {
            String base = second.awaitListening();
            HttpResponse<String> carol = send("GET", base + "v1/" + appId + "/users/carol", secret, null);
            assertEquals(200, carol.statusCode());
            assertTrue(carol.body().contains("\"team\":\"blue\""), carol.body());
        } finally {
            second.stopWithSigterm();
        }
        assertTrue(second.lines.stream().noneMatch(l -> l.contains("Created app")), "an app exists, so none is created");
    }

    @Test
    void appsFromTheEnvironmentKeepTheSecretOffTheCommandLine(@TempDir Path dir) throws Exception {
        String secret = "sk_test_" + "e".repeat(24);
        ServerProcess server = ServerProcess.start(dir, List.of(RosterServer.APPS_VARIABLE + "=env-app:" + secret),
                "--port", "0", "--store", "memory:");
        try {
            String base = server.awaitListening();
            assertEquals(200, send("PUT", base + "v1/env-app/users/dave", secret, "{\"name\": \"Dave\"}").statusCode());
            String commandLine = server.process.info().commandLine().orElse("");
            assertTrue(commandLine.contains("roster-server.jar") && !commandLine.contains(secret), commandLine);
        } finally {
            server.stopWithSigterm();
        }
        assertTrue(server.lines.stream().noneMatch(l -> l.contains("Created app")), "the app came from the environment");
    }

    @Test
    void helpSaysTheFlagIsForDevelopment(@TempDir Path dir) throws Exception {
        ServerProcess server = ServerProcess.start(dir, "--help");
        assertTrue(server.process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, server.process.exitValue());
        server.await(Pattern.compile("for development only"));
    }

    @Test
    void badOptionsExitWithUsage(@TempDir Path dir) throws Exception {
        ServerProcess server = ServerProcess.start(dir, "--port", "eighty");
        assertTrue(server.process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(2, server.process.exitValue());
        server.await(Pattern.compile("Usage: java -jar roster-server.jar"));
    }
}
