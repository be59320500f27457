package dev.roster.http.source;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link TalkJsSource} against a scripted source on a loopback socket: what it asks for, how it
 * waits on 429 and retries 5xx and network errors, and how it fails. Waits are recorded, not slept.
 */
class TalkJsSourceTest {

    /** One scripted answer: status, Retry-After (or null) and body. */
    record Answer(int status, String retryAfter, String body) {
    }

    private final Deque<Answer> script = new ArrayDeque<>();
    private final List<String> asked = new CopyOnWriteArrayList<>();
    private final List<Duration> waits = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private URI base;

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::answer);
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/talkjs/");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        asked.add(exchange.getRequestURI().getRawPath() + "?" + exchange.getRequestURI().getRawQuery() + " "
                + exchange.getRequestHeaders().getFirst("Authorization"));
        Answer answer = script.isEmpty() ? new Answer(200, null, "{\"data\": []}") : script.poll();
        if (answer.retryAfter() != null) {
            exchange.getResponseHeaders().add("Retry-After", answer.retryAfter());
        }
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(answer.status(), body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private TalkJsSource source(URI url, int attempts) {
        return TalkJsSource.builder(url, "app 1", "sk_test_secret").attempts(attempts)
                .backoff(Duration.ofMillis(10), Duration.ofMillis(25)).sleeper(waits::add).build();
    }

    @Test
    void asksWithTheSecretUnderThePrefixAndPagesByTheLastId() {
        script.add(new Answer(200, null, "{\"data\": [{\"id\": \"a\", \"name\": \"Ä\", \"email\": [\"x@y\"]}]}"));
        List<Map<String, Object>> users = source(base, 3).users(null);
        assertEquals(List.of(Map.of("id", "a", "name", "Ä", "email", List.of("x@y"))), users);
        source(base, 3).messages("c/1", "msg 2");
        assertEquals(List.of("/talkjs/v1/app%201/users?limit=100 Bearer sk_test_secret",
                "/talkjs/v1/app%201/conversations/c%2F1/messages?limit=100&startingAfter=msg%202 Bearer sk_test_secret"),
                asked);
    }

    @Test
    void a429WaitsForRetryAfterOrTheBackoffAndA5xxIsRetried() {
        script.add(new Answer(429, "3", "{}"));
        script.add(new Answer(429, null, "{}"));
        script.add(new Answer(503, null, "busy"));
        script.add(new Answer(200, null, "{\"data\": [{\"id\": \"c1\"}]}"));
        assertEquals(List.of(Map.of("id", "c1")), source(base, 2).conversations(null));
        assertEquals(List.of(Duration.ofSeconds(3), Duration.ofMillis(20), Duration.ofMillis(10)), waits,
                "Retry-After, then the second 429's backoff, then the first failure's");
    }

    @Test
    void failuresThatLastEndWithTheRouteAndTheLastAnswer() throws IOException {
        for (int i = 0; i < 3; i++) {
            script.add(new Answer(500, null, "{\"errorCode\": \"BOOM\"}"));
        }
        IllegalStateException failed = assertThrows(IllegalStateException.class, () -> source(base, 3).users("u"));
        assertEquals("GET " + base.toString().replaceAll("/$", "") + "/v1/app%201/users?limit=100&startingAfter=u"
                + " answered 500 {\"errorCode\": \"BOOM\"} (attempt 3 of 3)", failed.getMessage());
        assertEquals(List.of(Duration.ofMillis(10), Duration.ofMillis(20)), waits);

        script.add(new Answer(401, null, "{\"errorCode\": \"UNAUTHORIZED\"}"));
        assertTrue(assertThrows(IllegalStateException.class, () -> source(base, 3).users(null)).getMessage()
                .endsWith("answered 401 {\"errorCode\": \"UNAUTHORIZED\"}"), "no retry on 4xx");

        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        waits.clear();
        String refused = assertThrows(IllegalStateException.class,
                () -> source(URI.create("http://127.0.0.1:" + closed), 4).users(null)).getMessage();
        assertTrue(refused.contains("failed: java.net.ConnectException") && refused.endsWith("(attempt 4 of 4)"), refused);
        assertEquals(List.of(Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(25)), waits, "capped");
    }

    @Test
    void aSourceWithoutTheDeactivatedFilterHasNoDeactivatedUsersAndAnAnswerThatIsNoPageFails() {
        script.add(new Answer(400, null, "{\"errorCode\": \"INVALID_ARGUMENT\"}"));
        assertEquals(List.of(), source(base, 1).deactivatedUsers(null));
        assertEquals("/talkjs/v1/app%201/users?limit=100&filter=%7B%22deactivated%22%3Atrue%7D Bearer sk_test_secret",
                asked.get(0));
        script.add(new Answer(200, null, "[1, 2]"));
        script.add(new Answer(200, null, "{\"data\": [1]}"));
        for (int i = 0; i < 2; i++) {
            String wrong = assertThrows(IllegalStateException.class, () -> source(base, 1).users(null)).getMessage();
            assertTrue(wrong.contains("/v1/app%201/users?limit=100 answered no {\"data\": [objects]}"), wrong);
        }
    }

    @Test
    void badOptionsAreRefusedWhenBuilt() {
        assertThrows(IllegalArgumentException.class,
                () -> TalkJsSource.builder(URI.create("ftp://host"), "a", "s").build());
        assertThrows(IllegalArgumentException.class, () -> TalkJsSource.builder(base, "", "s").build());
        assertThrows(IllegalArgumentException.class, () -> TalkJsSource.builder(base, "a", "s").attempts(0).build());
        assertThrows(IllegalArgumentException.class, () -> TalkJsSource.builder(base, "a", "s")
                .backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)).build());
    }
}
