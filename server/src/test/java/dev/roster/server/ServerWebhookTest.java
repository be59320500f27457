package dev.roster.server;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The server sends webhooks, and {@code --webhook-allow-host} is what lets them reach a receiver
 * on the loopback: without it the registration is a 400 naming {@code url}.
 */
class ServerWebhookTest {

    private static final String APP = "app_hooks";
    private static final String SECRET = "sk_test_server_webhooks_0123";

    private final HttpClient client = HttpClient.newHttpClient();
    private final BlockingQueue<String> eventIds = new LinkedBlockingQueue<>();
    private HttpServer receiver;

    @BeforeEach
    void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            eventIds.add(exchange.getRequestHeaders().getFirst("Roster-Event-Id"));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    private HttpResponse<String> put(RosterServer server, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/" + APP + path))
                .header("Authorization", "Bearer " + SECRET).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private String webhook() {
        return "{\"url\": \"http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook\", \"events\": [\"user.*\"]}";
    }

    @Test
    void anAllowedHostReceivesTheEvents() throws Exception {
        try (RosterServer server = RosterServer.start(RosterServer.Options.parse("--port", "0", "--store", "memory:",
                "--metrics", "off", "--app", APP + ":" + SECRET, "--webhook-allow-host", "127.0.0.1"))) {
            HttpResponse<String> registered = put(server, "/webhooks/local", webhook());
            assertEquals(201, registered.statusCode(), registered.body());
            assertEquals(200, put(server, "/users/alice", "{\"name\": \"Alice\"}").statusCode());
            assertNotNull(eventIds.poll(20, TimeUnit.SECONDS), "the user.created event reached the receiver");
        }
    }

    @Test
    void withoutTheFlagALoopbackReceiverIsRefused() throws Exception {
        try (RosterServer server = RosterServer.start(RosterServer.Options.parse("--port", "0", "--store", "memory:",
                "--metrics", "off", "--app", APP + ":" + SECRET))) {
            HttpResponse<String> refused = put(server, "/webhooks/local", webhook());
            assertEquals(400, refused.statusCode(), refused.body());
            assertTrue(refused.body().contains("\"url\"") && refused.body().contains("loopback"), refused.body());
        }
    }
}
