package dev.roster.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.roster.core.domain.FeedCursor;
import dev.roster.core.domain.FeedData;
import dev.roster.core.domain.FeedEvent;
import dev.roster.core.domain.FeedEventType;
import dev.roster.core.spi.WebhookReply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The JDK transport's guard against local and private targets, at registration and again at post
 * time, and its posts to a real receiver on a loopback port: the headers and body sent, a status
 * passed on (a redirect not followed), and a timeout and a refused connection as failed replies.
 */
class JdkWebhookTransportTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final JdkWebhookTransport guarded = new JdkWebhookTransport();
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private HttpServer receiver;

    /** One request the receiver got. */
    private record Received(String method, String contentType, String eventId, String body) {
    }

    @BeforeEach
    void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/ok", exchange -> answer(exchange, 204));
        receiver.createContext("/moved", exchange -> {
            exchange.getResponseHeaders().add("Location", "/ok");
            answer(exchange, 302);
        });
        receiver.createContext("/slow", exchange -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answer(exchange, 200);
        });
        receiver.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        release.countDown();
        receiver.stop(0);
    }

    private void answer(HttpExchange exchange, int status) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        received.add(new Received(exchange.getRequestMethod(), exchange.getRequestHeaders().getFirst("Content-Type"),
                exchange.getRequestHeaders().getFirst("Roster-Event-Id"), body));
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    private URI local(String path) {
        return URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + path);
    }

    private static WebhookReply await(java.util.concurrent.CompletableFuture<WebhookReply> reply) throws Exception {
        return reply.get(15, TimeUnit.SECONDS);
    }

    @Test
    void localAndPrivateAddressLiteralsAreRefusedNamingTheAddress() {
        Map<String, String> refused = Map.ofEntries(
                Map.entry("http://127.0.0.1/", "loopback"),
                Map.entry("http://127.8.9.10:8080/hook", "loopback"),
                Map.entry("http://[::1]/", "loopback"),
                Map.entry("http://[::ffff:127.0.0.1]/", "loopback"),
                Map.entry("http://0.0.0.0/", "any-local"),
                Map.entry("http://[::]/", "any-local"),
                Map.entry("http://169.254.169.254/latest/meta-data", "link-local"),
                Map.entry("http://[fe80::1]/", "link-local"),
                Map.entry("http://10.1.2.3/", "private"),
                Map.entry("http://172.16.0.1/", "private"),
                Map.entry("http://172.31.255.255/", "private"),
                Map.entry("https://192.168.1.1/", "private"),
                Map.entry("http://[fd12:3456::1]/", "unique-local"),
                Map.entry("http://[fc00::1]/", "unique-local"),
                Map.entry("http://224.0.0.1/", "multicast"),
                Map.entry("http://[ff02::1]/", "multicast"),
                Map.entry("http://100.64.0.1/", "CGNAT"),
                Map.entry("http://100.127.255.254/", "CGNAT"),
                Map.entry("http://0.1.2.3/", "this network"),
                Map.entry("http://255.255.255.255/", "broadcast"));
        refused.forEach((url, kind) -> {
            Optional<String> problem = guarded.refusal(URI.create(url));
            assertTrue(problem.isPresent(), url + " must be refused");
            assertTrue(problem.get().contains(kind), url + ": " + problem.get());
            assertTrue(problem.get().startsWith("resolves to "), problem.get());
        });
    }

    @Test
    void publicAddressLiteralsAreAccepted() {
        for (String url : List.of("http://8.8.8.8/", "https://1.1.1.1:8443/hooks", "http://100.63.255.255/",
                "http://100.128.0.1/", "http://172.32.0.1/", "http://[2606:4700:4700::1111]/")) {
            assertEquals(Optional.empty(), guarded.refusal(URI.create(url)), url);
        }
    }

    @Test
    void aNameThatResolvesToLoopbackIsRefused() {
        String problem = guarded.refusal(URI.create("http://localhost:9000/hook")).orElseThrow();
        assertTrue(problem.contains("a loopback address") && problem.contains("\"localhost\""), problem);
    }

    @Test
    void anAllowedHostPassesWhateverItResolvesTo() {
        JdkWebhookTransport allowing = new JdkWebhookTransport(List.of("LocalHost", "[::1]", "10.0.0.7"));
        assertEquals(Optional.empty(), allowing.refusal(URI.create("http://localhost:9000/hook")));
        assertEquals(Optional.empty(), allowing.refusal(URI.create("http://LOCALHOST/")), "case-insensitive");
        assertEquals(Optional.empty(), allowing.refusal(URI.create("http://[::1]:8080/")));
        assertEquals(Optional.empty(), allowing.refusal(URI.create("http://10.0.0.7/")));
        assertTrue(allowing.refusal(URI.create("http://10.0.0.8/")).isPresent(), "exact hosts only");
        assertTrue(allowing.refusal(URI.create("http://127.0.0.1/")).isPresent(), "the name, not what it resolves to");
        assertThrows(IllegalArgumentException.class, () -> new JdkWebhookTransport(List.of(" ")));
    }

    @Test
    void anUnknownHostIsRefused() {
        String problem = guarded.refusal(URI.create("http://no-such-host.invalid/")).orElseThrow();
        assertTrue(problem.contains("does not resolve"), problem);
    }

    @Test
    void aPostToAForbiddenAddressFailsNamingItAndSendsNothing() throws Exception {
        WebhookReply reply = await(guarded.post(local("/ok"), Map.of(), "{}", TIMEOUT));
        assertEquals(0, reply.status());
        assertTrue(reply.error().startsWith("refused: ") && reply.error().contains("127.0.0.1"), reply.error());
        assertNull(received.poll(200, TimeUnit.MILLISECONDS), "nothing reached the receiver");
    }

    @Test
    void aPostToALoopbackNameOrIpv6LiteralIsRefusedToo() throws Exception {
        int port = receiver.getAddress().getPort();
        for (String url : List.of("http://localhost:" + port + "/ok", "http://[::1]:" + port + "/ok")) {
            WebhookReply reply = await(guarded.post(URI.create(url), Map.of(), "{}", TIMEOUT));
            assertEquals(0, reply.status(), url);
            assertTrue(reply.error().startsWith("refused: ") && reply.error().contains("loopback"), reply.error());
        }
        assertNull(received.poll(200, TimeUnit.MILLISECONDS), "nothing reached the receiver");
    }

    @Test
    void aPostToAnAllowedHostSendsTheBodyAndHeaders() throws Exception {
        JdkWebhookTransport allowing = new JdkWebhookTransport(List.of("127.0.0.1"));
        WebhookReply reply = await(allowing.post(local("/ok"), Map.of("Roster-Event-Id", "7.1"), "{\"a\":1}", TIMEOUT));
        assertEquals(WebhookReply.status(204), reply);
        Received got = received.poll(5, TimeUnit.SECONDS);
        assertEquals(new Received("POST", "application/json", "7.1", "{\"a\":1}"), got);
    }

    @Test
    void aRedirectIsNotFollowed() throws Exception {
        JdkWebhookTransport allowing = new JdkWebhookTransport(List.of("127.0.0.1"));
        assertEquals(WebhookReply.status(302), await(allowing.post(local("/moved"), Map.of(), "{}", TIMEOUT)));
        assertEquals(1, received.size(), "only the first URL was posted to");
    }

    @Test
    void aSlowReceiverIsATimeoutAndARefusedConnectionAFailure() throws Exception {
        JdkWebhookTransport allowing = new JdkWebhookTransport(List.of("127.0.0.1"));
        WebhookReply slow = await(allowing.post(local("/slow"), Map.of(), "{}", Duration.ofMillis(300)));
        assertEquals(WebhookReply.failed("no answer within 300 ms"), slow);

        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            closedPort = socket.getLocalPort();
        }
        WebhookReply refused = await(allowing.post(URI.create("http://127.0.0.1:" + closedPort + "/"), Map.of(), "{}",
                TIMEOUT));
        assertEquals(0, refused.status());
        assertTrue(refused.error().startsWith("the connection was refused"), refused.error());
    }

    @Test
    void theBodyIsTheEventAsTheChangeFeedShowsIt() {
        FeedEvent event = new FeedEvent(new FeedCursor(12, 1), FeedEventType.values()[0], 1_700_000_000_000L, "app",
                "u1", null, new FeedData.Removed("u1"));
        String body = guarded.encode(event);
        assertEquals("{\"id\":\"12.1\",\"type\":\"" + event.type().wire() + "\",\"at\":1700000000000,\"userId\":\"u1\","
                + "\"data\":{\"id\":\"u1\"}}", body);
    }
}
