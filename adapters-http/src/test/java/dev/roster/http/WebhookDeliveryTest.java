package dev.roster.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.roster.core.domain.WebhookRetry;
import dev.roster.core.domain.WebhookSignature;
import dev.roster.http.internal.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static dev.roster.http.RestFixture.data;
import static dev.roster.http.RestFixture.encode;
import static dev.roster.http.RestFixture.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Webhooks end to end: writes over the REST API, delivered by the Roster's dispatcher through the
 * {@link JdkWebhookTransport} to a real receiver on a loopback port (allowed as an operator would
 * allow it). The receiver verifies every signature and counts every request; it fails on purpose
 * (a 500, answers slower than the timeout, a closed port), and the delivery log and manual retry
 * are read and driven over the REST routes.
 */
class WebhookDeliveryTest {

    private static final String SECRET = "whsec_end_to_end_secret_0123456789";
    private static final Duration TIMEOUT = Duration.ofMillis(500);
    private static final Duration WAIT = Duration.ofSeconds(20);

    @RegisterExtension
    static final RestFixture http = RestFixture.jetty().roster(b -> b
            .webhookTransport(new JdkWebhookTransport(List.of("127.0.0.1")))
            .webhookRetry(new WebhookRetry(Duration.ofMillis(100), Duration.ofMillis(400), Duration.ofSeconds(5)))
            .webhookTimeout(TIMEOUT));

    /** One request the receiver got, with whether its signature verified. */
    private record Received(String path, String webhookId, String eventId, String contentType, String body,
                            boolean signed) {
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    /** What a path answers to the n-th request (from 1) for one event: a status, or -1 to answer too late. */
    private final Map<String, IntUnaryOperator> scripts = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private final ExecutorService receiverThreads = Executors.newCachedThreadPool();
    private HttpServer receiver;

    @BeforeEach
    void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", this::receive);
        receiver.setExecutor(receiverThreads);
        receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
        receiverThreads.shutdownNow();
    }

    private void receive(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = exchange.getRequestURI().getPath();
        String eventId = exchange.getRequestHeaders().getFirst("Roster-Event-Id");
        boolean signed = WebhookSignature.verify(SECRET, exchange.getRequestHeaders().getFirst(WebhookSignature.HEADER),
                body, System.currentTimeMillis() / 1000, 300);
        received.add(new Received(path, exchange.getRequestHeaders().getFirst("Roster-Webhook-Id"), eventId,
                exchange.getRequestHeaders().getFirst("Content-Type"), body, signed));
        int attempt = attempts.computeIfAbsent(path + " " + eventId, key -> new AtomicInteger()).incrementAndGet();
        int status = scripts.getOrDefault(path, n -> 200).applyAsInt(attempt);
        if (status < 0) {
            try {
                Thread.sleep(TIMEOUT.toMillis() * 3);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            status = 200;
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + path;
    }

    private static void register(String webhookId, String url) {
        RestFixture.Reply reply = http.call("PUT", "/webhooks/" + webhookId,
                "{\"url\": \"" + url + "\", \"events\": [\"*\"], \"secret\": \"" + SECRET + "\"}");
        assertTrue(reply.status() == 201 || reply.status() == 200, reply.text());
    }

    private List<Received> receivedBy(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    private static List<Map<String, Object>> deliveries(String webhookId, String query) {
        return data(ok(http.call("GET", "/webhooks/" + webhookId + "/deliveries" + query, null)));
    }

    /** The one delivery of a webhook that has one. */
    private static Map<String, Object> onlyDelivery(String webhookId) {
        List<Map<String, Object>> log = deliveries(webhookId, "");
        return log.size() == 1 ? log.get(0) : Map.of();
    }

    private static <T> T await(Supplier<T> value, Predicate<T> done, String what) {
        long end = System.nanoTime() + WAIT.toNanos();
        T last = value.get();
        while (!done.test(last)) {
            if (System.nanoTime() > end) {
                fail("Waited " + WAIT.toSeconds() + " s for " + what + "; last: " + last);
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
            last = value.get();
        }
        return last;
    }

    private static void someWrites() {
        ok(http.call("PUT", "/users", "{\"u1\": {\"name\": \"One\"}, \"u2\": {\"name\": \"Two\"}}"));
        ok(http.call("PUT", "/conversations/c", "{\"participants\": [\"u1\", \"u2\"]}"));
        ok(http.call("POST", "/conversations/c/messages", "[{\"type\": \"UserMessage\", \"sender\": \"u1\", \"text\": \"yo\"}]"));
        ok(http.call("PUT", "/users/u1", "{\"name\": \"Uno\"}"));
    }

    @Test
    void everyEventIsDeliveredOnceSignedAsTheFeedShowsItAndLogged() {
        register("all", url("/all"));
        someWrites();
        List<Map<String, Object>> feed = data(ok(http.call("GET", "/changes", null)));
        assertEquals(7, feed.size(), "2 users, a conversation, 2 joins, a message, a user update: " + feed);

        await(() -> receivedBy("/all").size(), n -> n >= feed.size(), "every event at the receiver");
        List<Received> got = receivedBy("/all");
        assertEquals(feed.size(), got.size(), "each event once: " + got);
        for (Map<String, Object> event : feed) {
            List<Received> copies = got.stream().filter(r -> event.get("id").equals(r.eventId())).toList();
            assertEquals(1, copies.size(), "event " + event.get("id"));
            Received request = copies.get(0);
            assertEquals(event, Json.read(request.body()), "the body is the feed's event");
            assertEquals("all", request.webhookId());
            assertEquals("application/json", request.contentType());
            assertTrue(request.signed(), "Roster-Signature verifies: " + request);
        }

        List<Map<String, Object>> log = await(() -> deliveries("all", ""),
                l -> l.size() == feed.size() && l.stream().allMatch(d -> d.get("status").equals("delivered")),
                "every delivery logged as delivered");
        List<Object> newestFirst = new ArrayList<>(feed.stream().map(e -> e.get("id")).toList());
        java.util.Collections.reverse(newestFirst);
        assertEquals(newestFirst, log.stream().map(d -> d.get("eventId")).toList());
        Map<String, Object> first = log.get(log.size() - 1);
        assertEquals(feed.get(0).get("type"), first.get("type"));
        assertEquals(feed.get(0).get("at"), first.get("at"));
        assertEquals(1, first.get("attempts"));
        assertEquals(200, first.get("responseCode"));
        assertNull(first.get("error"));
        assertNull(first.get("nextAttemptAt"), "nothing is due once delivered");
        assertTrue(((Number) first.get("lastAttemptAt")).longValue() >= ((Number) first.get("at")).longValue());

        RestFixture.Reply page = ok(http.call("GET", "/webhooks/all/deliveries?limit=3", null));
        List<Object> paged = new ArrayList<>(data(page).stream().map(d -> d.get("eventId")).toList());
        String next = (String) page.get("next");
        while (next != null) {
            page = ok(http.call("GET", "/webhooks/all/deliveries?limit=3&before=" + encode(next), null));
            data(page).forEach(d -> paged.add(d.get("eventId")));
            next = (String) page.get("next");
        }
        assertEquals(newestFirst, paged, "pages by before and next, newest first, each once");

        String eventId = (String) feed.get(0).get("id");
        RestFixture.Reply retried = ok(http.call("POST", "/webhooks/all/deliveries/" + encode(eventId) + "/retry", null));
        assertEquals("pending", retried.get("status"));
        assertEquals(1, retried.get("attempts"), "the attempts so far stay counted");
        await(() -> receivedBy("/all").stream().filter(r -> r.eventId().equals(eventId)).count(), n -> n == 2,
                "the manual retry at the receiver");
        Map<String, Object> again = await(() -> deliveries("all", "?before=" + encode((String) feed.get(1).get("id"))),
                l -> l.size() == 1 && l.get(0).get("status").equals("delivered"), "the retried delivery delivered").get(0);
        assertEquals(2, again.get("attempts"));
        assertEquals(feed.size() + 1, receivedBy("/all").size(), "nothing else was sent again");
        assertTrue(received.stream().allMatch(Received::signed));
    }

    @Test
    void a500IsRetriedUntilTheReceiverAnswers2xx() {
        scripts.put("/flaky", attempt -> attempt == 1 ? 500 : 204);
        register("flaky", url("/flaky"));
        ok(http.call("PUT", "/users/u1", "{\"name\": \"One\"}"));

        Map<String, Object> delivery = await(() -> onlyDelivery("flaky"), d -> "delivered".equals(d.get("status")),
                "the event delivered after a 500");
        assertEquals(2, delivery.get("attempts"));
        assertEquals(204, delivery.get("responseCode"));
        List<Received> got = receivedBy("/flaky");
        assertEquals(2, got.size());
        assertEquals(got.get(0).eventId(), got.get(1).eventId(), "the same event again");
        assertEquals(got.get(0).body(), got.get(1).body(), "with the same body");
        assertTrue(got.stream().allMatch(Received::signed), "each attempt signed anew");
    }

    @Test
    void aReceiverSlowerThanTheTimeoutIsRetriedAndHoldsBackNoOtherWebhook() {
        scripts.put("/slow", attempt -> attempt <= 3 ? -1 : 200);
        register("slow", url("/slow"));
        register("fast", url("/fast"));
        ok(http.call("PUT", "/users/u1", "{\"name\": \"One\"}"));

        await(() -> onlyDelivery("fast"), d -> "delivered".equals(d.get("status")), "the fast webhook's delivery");
        assertNotEquals("delivered", onlyDelivery("slow").get("status"), "the slow one is still being tried");
        Map<String, Object> timedOut = await(() -> onlyDelivery("slow"),
                d -> String.valueOf(d.get("error")).equals("no answer within " + TIMEOUT.toMillis() + " ms"),
                "a timeout in the log");
        assertEquals("pending", timedOut.get("status"));
        assertNull(timedOut.get("responseCode"), "no answer came");
        assertTrue(timedOut.get("nextAttemptAt") instanceof Number, "a retry is due: " + timedOut);

        Map<String, Object> delivered = await(() -> onlyDelivery("slow"), d -> "delivered".equals(d.get("status")),
                "the slow webhook's delivery once it answers in time");
        assertEquals(4, delivered.get("attempts"));
        assertEquals(4, receivedBy("/slow").size());
        assertEquals(1, receivedBy("/fast").size());
    }

    @Test
    void aRefusedConnectionIsRetriedThenFailedAndAManualRetrySendsItAgain() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closedPort = socket.getLocalPort();
        }
        register("down", "http://127.0.0.1:" + closedPort + "/down");
        ok(http.call("PUT", "/users/u1", "{\"name\": \"One\"}"));

        Map<String, Object> retrying = await(() -> onlyDelivery("down"),
                d -> d.get("attempts") instanceof Integer n && n >= 2, "attempts after refused connections");
        assertTrue(String.valueOf(retrying.get("error")).startsWith("the connection was refused"), retrying.toString());
        Map<String, Object> failed = await(() -> onlyDelivery("down"), d -> "failed".equals(d.get("status")),
                "the delivery failed once the retry window passed");
        assertNull(failed.get("nextAttemptAt"));
        int attemptsBefore = (Integer) failed.get("attempts");
        assertTrue(attemptsBefore >= 5, "retried with backoff for 5 s: " + failed);

        register("down", url("/up"));
        String eventId = (String) failed.get("eventId");
        ok(http.call("POST", "/webhooks/down/deliveries/" + encode(eventId) + "/retry", null));
        Map<String, Object> delivered = await(() -> onlyDelivery("down"), d -> "delivered".equals(d.get("status")),
                "the manually retried delivery");
        assertEquals(attemptsBefore + 1, delivered.get("attempts"));
        List<Received> got = receivedBy("/up");
        assertEquals(1, got.size());
        assertEquals(eventId, got.get(0).eventId());
        assertTrue(got.get(0).signed());
        assertFalse(got.get(0).body().isEmpty());
    }
}
