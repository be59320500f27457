package dev.roster.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The operator's routes of {@code target/roster-server.jar}, run as its own process: {@code /health}
 * over a store that answers and one that stops answering, {@code /metrics} in Prometheus text
 * format, the home page, and {@code --metrics off}. None of them needs credentials.
 */
class ServerOperationsIT {

    private static final String SECRET = "sk_test_" + "o".repeat(24);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    private HttpResponse<String> send(String method, String url, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String url) throws Exception {
        return send("GET", url, null);
    }

    private HttpResponse<String> asApp(String method, String url, String body) throws Exception {
        return send(method, url, body, "Authorization", "Bearer " + SECRET);
    }

    @Test
    void healthMetricsAndTheHomePageAnswerWithoutCredentials(@TempDir Path dir) throws Exception {
        ServerProcess server = ServerProcess.start(dir, "--port", "0", "--store", "memory:", "--app", "ops:" + SECRET);
        try {
            String base = server.awaitListening();
            HttpResponse<String> health = get(base + "health");
            assertEquals(200, health.statusCode(), health.body());
            JsonNode up = json.readTree(health.body());
            assertEquals("UP", up.get("status").asText());
            assertEquals("UP", up.get("store").get("status").asText());
            assertTrue(up.get("changeFollower").get("lagMillis").asLong() >= 0, health.body());

            assertEquals(200, asApp("PUT", base + "v1/ops/users/alice", "{\"name\": \"Alice\"}").statusCode());
            assertEquals(200, asApp("GET", base + "v1/ops/users/alice", null).statusCode());
            assertEquals(200, asApp("PUT", base + "v1/ops/users", "{\"b\": {\"name\": \"B\"}, \"c\": {\"name\": \"C\"}}").statusCode());

            HttpResponse<String> metrics = get(base + "metrics");
            assertEquals(200, metrics.statusCode(), metrics.body());
            assertEquals(ServerMetrics.CONTENT_TYPE, metrics.headers().firstValue("Content-Type").orElse(null));
            PrometheusText text = PrometheusText.parse(metrics.body());
            assertEquals("summary", text.type("roster_store_operations_seconds"));
            assertTrue(text.value("roster_store_operations_seconds_count",
                    Map.of("operation", "users.createOrLoad", "outcome", "success")) >= 2, metrics.body());
            assertEquals(2, text.value("roster_store_batch_size_items_max", Map.of("operation", "users.createOrLoad")));
            assertEquals("counter", text.type("roster_cache_gets_total"));
            assertTrue(text.has("roster_cache_gets_total", Map.of("result", "miss")), metrics.body());
            assertEquals(0, text.value("roster_streams_open", Map.of()));
            assertTrue(text.value("roster_changes_lag_seconds", Map.of()) >= 0);
            assertTrue(text.has("roster_changes_position", Map.of()), metrics.body());
            assertTrue(text.names().stream().anyMatch(name -> name.startsWith("jvm_memory_used_bytes")), "the JVM's meters too");

            HttpResponse<String> home = get(base);
            assertEquals(200, home.statusCode());
            assertEquals("text/html; charset=utf-8", home.headers().firstValue("Content-Type").orElse(null));
            assertTrue(home.body().startsWith("<!DOCTYPE html>"), home.body());
            assertTrue(home.body().matches("(?s).*<dt>Version</dt><dd>\\d+\\.\\d+\\.\\d+[^<]*</dd>.*"), home.body());
            assertTrue(home.body().contains("<dt>Store</dt><dd><code>memory</code></dd>"), home.body());
            for (String link : new String[] {"openapi.json", "health", "metrics", HomePage.DOCS}) {
                assertTrue(home.body().contains("href=\"" + link + "\""), link + " in " + home.body());
            }

            JsonNode paths = json.readTree(get(base + "openapi.json").body()).get("paths");
            for (String path : new String[] {"/health", "/metrics", "/"}) {
                assertTrue(paths.has(path), path + " is documented");
                assertEquals(0, paths.get(path).get("get").get("security").size(), path + " needs no credentials");
            }
        } finally {
            server.stopWithSigterm();
        }
    }

    @Test
    void metricsOffRemovesTheRouteItsLinkAndItsDocument(@TempDir Path dir) throws Exception {
        ServerProcess server = ServerProcess.start(dir, "--port", "0", "--store", "memory:", "--app", "ops:" + SECRET,
                "--metrics", "off");
        try {
            String base = server.awaitListening();
            assertEquals(404, get(base + "metrics").statusCode());
            assertFalse(get(base).body().contains("href=\"metrics\""));
            assertFalse(json.readTree(get(base + "openapi.json").body()).get("paths").has("/metrics"));
            assertEquals(200, get(base + "health").statusCode());
        } finally {
            server.stopWithSigterm();
        }
    }

    @Test
    void healthIsDownWhenThePostgresSchemaIsDropped(@TempDir Path dir) throws Exception {
        String postgres = System.getenv("ROSTER_TEST_POSTGRES_URL");
        assumeTrue(postgres != null && !postgres.isBlank(), "ROSTER_TEST_POSTGRES_URL is not set");
        CrashStore store = CrashStore.Jdbc.postgres(postgres);
        ServerProcess server = ServerProcess.start(dir, "--port", "0", "--store", store.url(), "--app", "ops:" + SECRET);
        try {
            String base = server.awaitListening();
            assertEquals(200, get(base + "health").statusCode());
            store.close();
            assertStoreDown(get(base + "health"));
            assertTrue(get(base).body().contains("<code>jdbc:postgresql</code>"), "the kind of store, not its URL");
        } finally {
            server.stopWithSigterm();
        }
        assertTrue(server.lines.stream().anyMatch(l -> l.contains("Health: the store does not answer")),
                "the cause is logged: " + server.lines);
    }

    @Test
    void healthIsDownWhenTheMongoServerIsGone(@TempDir Path dir) throws Exception {
        try (CrashStore.MongoJournal mongo = CrashStore.MongoJournal.start()) {
            ServerProcess server = ServerProcess.start(dir, "--port", "0", "--store",
                    mongo.url() + "?serverSelectionTimeoutMS=1500", "--app", "ops:" + SECRET);
            try {
                String base = server.awaitListening();
                assertEquals(200, get(base + "health").statusCode());
                mongo.close();
                assertStoreDown(get(base + "health"));
            } finally {
                server.stopWithSigterm();
            }
        }
    }

    private void assertStoreDown(HttpResponse<String> health) throws Exception {
        assertEquals(503, health.statusCode(), health.body());
        JsonNode down = json.readTree(health.body());
        assertEquals("DOWN", down.get("status").asText());
        assertEquals("DOWN", down.get("store").get("status").asText(), "the failing part is named: " + health.body());
        assertTrue(down.has("changeFollower"), health.body());
    }
}
