package dev.roster.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static dev.roster.http.RestFixture.data;
import static dev.roster.http.RestFixture.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The webhook routes over real HTTP: registration answers 201 then 200 and shows a secret only
 * when it generated it, reads never show one, and every bad input is a 400 naming its field,
 * including a URL the address guard refuses; unknown webhooks and deliveries are 404s.
 */
class WebhookEndpointTest {

    /** Nothing listens on port 1 of the loopback; 127.0.0.1 is allowed, localhost is not. */
    private static final String RECEIVER = "http://127.0.0.1:1/hook";

    @RegisterExtension
    static final RestFixture http = RestFixture.jetty()
            .roster(b -> b.webhookTransport(new JdkWebhookTransport(List.of("127.0.0.1"))));

    private static RestFixture.Reply put(String id, String body) {
        return http.call("PUT", "/webhooks/" + id, body);
    }

    /** Registers a webhook to {@link #RECEIVER} for one pattern, asserting it is new. */
    private static void register(String id, String pattern) {
        RestFixture.Reply created = put(id, "{\"url\": \"" + RECEIVER + "\", \"events\": [\"" + pattern + "\"]}");
        assertEquals(201, created.status(), created.text());
    }

    private static void assertInvalid(RestFixture.Reply reply, String field) {
        assertEquals(400, reply.status(), reply.text());
        assertEquals("INVALID_ARGUMENT", reply.errorCode(), reply.text());
        assertTrue(reply.errors().containsKey(field), field + " in " + reply.text());
    }

    @Test
    void aNewWebhookIs201WithItsGeneratedSecretShownOnlyThen() {
        RestFixture.Reply created = put("search", "{\"url\": \"" + RECEIVER + "\", \"events\": [\"user.*\", \"message.created\"]}");
        assertEquals(201, created.status(), created.text());
        assertEquals(List.of("id", "url", "events", "enabled", "secret"), List.copyOf(created.object().keySet()));
        assertEquals("search", created.get("id"));
        assertEquals(RECEIVER, created.get("url"));
        assertEquals(List.of("user.*", "message.created"), created.get("events"));
        assertEquals(true, created.get("enabled"));
        assertTrue(((String) created.get("secret")).startsWith("whsec_"), created.text());
        assertEquals("no-store", created.raw().headers().firstValue("Cache-Control").orElse(null));

        RestFixture.Reply replaced = put("search", "{\"url\": \"" + RECEIVER + "/v2\", \"events\": [\"*\"], \"enabled\": false}");
        assertEquals(200, replaced.status(), replaced.text());
        assertEquals(Map.of("id", "search", "url", RECEIVER + "/v2", "events", List.of("*"), "enabled", false),
                replaced.object(), "the kept secret is not shown");

        RestFixture.Reply given = put("crm", "{\"url\": \"" + RECEIVER + "\", \"events\": [\"*\"], \"secret\": "
                + "\"my-own-secret-of-24-chars\"}");
        assertEquals(201, given.status(), given.text());
        assertFalse(given.object().containsKey("secret"), "a secret given is not echoed");
        assertTrue(given.raw().headers().firstValue("X-RateLimit-Remaining").isPresent(), "a trusted route's budget");
    }

    @Test
    void readsNeverShowASecret() {
        register("b", "*");
        register("a", "conversation.*");
        List<Map<String, Object>> listed = data(ok(http.call("GET", "/webhooks", null)));
        assertEquals(List.of("a", "b"), listed.stream().map(w -> w.get("id")).toList());
        listed.forEach(w -> assertEquals(List.of("id", "url", "events", "enabled"), List.copyOf(w.keySet())));
        RestFixture.Reply one = ok(http.call("GET", "/webhooks/a", null));
        assertEquals(Map.of("id", "a", "url", RECEIVER, "events", List.of("conversation.*"), "enabled", true), one.object());
    }

    @Test
    void deleteAnswersAnEmptyObjectThen404() {
        register("gone", "*");
        RestFixture.Reply deleted = ok(http.call("DELETE", "/webhooks/gone", null));
        assertEquals(Map.of(), deleted.object());
        for (String method : List.of("DELETE", "GET")) {
            RestFixture.Reply again = http.call(method, "/webhooks/gone", null);
            assertEquals(404, again.status(), method + " " + again.text());
            assertEquals("NOT_FOUND", again.errorCode());
        }
        assertEquals(404, http.call("GET", "/webhooks/gone/deliveries", null).status());
        assertEquals(404, http.call("POST", "/webhooks/gone/deliveries/1.0/retry", null).status());
    }

    @Test
    void everyBadRegistrationIsA400NamingTheFieldAndStoresNothing() {
        assertInvalid(put("w", "{\"url\": \"ftp://example.com/\", \"events\": [\"*\"]}"), "url");
        assertInvalid(put("w", "{\"url\": \"not a url\", \"events\": [\"*\"]}"), "url");
        assertInvalid(put("w", "{\"events\": [\"*\"]}"), "url");
        assertInvalid(put("w", "{\"url\": 7, \"events\": [\"*\"]}"), "url");
        assertInvalid(put("w", "{\"url\": \"" + RECEIVER + "\", \"events\": [\"user.nope\"]}"), "events[0]");
        assertInvalid(put("w", "{\"url\": \"" + RECEIVER + "\", \"events\": [\"*\", 3]}"), "events[1]");
        assertInvalid(put("w", "{\"url\": \"" + RECEIVER + "\", \"events\": []}"), "events");
        assertInvalid(put("w", "{\"url\": \"" + RECEIVER + "\", \"events\": \"*\"}"), "events");
        assertInvalid(put("w", "{\"url\": \"" + RECEIVER + "\", \"events\": [\"*\"], \"secret\": \"short\"}"), "secret");
        assertInvalid(put("w", "{\"url\": \"" + RECEIVER + "\", \"events\": [\"*\"], \"enabled\": \"yes\"}"), "enabled");
        assertInvalid(put("w", "{\"url\": \"" + RECEIVER + "\", \"events\": [\"*\"], \"colour\": \"red\"}"), "colour");
        assertInvalid(put("a%20b", "{\"url\": \"" + RECEIVER + "\", \"events\": [\"*\"]}"), "webhookId");
        assertEquals(404, http.call("GET", "/webhooks/w", null).status(), "nothing was stored");
    }

    @Test
    void aPrivateOrLoopbackUrlIsRefusedNamingUrlUnlessItsHostIsAllowed() {
        for (String url : List.of("http://10.0.0.5/hook", "http://169.254.169.254/latest/meta-data",
                "http://localhost:8080/hook", "http://[::1]/hook", "http://100.64.1.1/")) {
            RestFixture.Reply refused = put("private", "{\"url\": \"" + url + "\", \"events\": [\"*\"]}");
            assertInvalid(refused, "url");
            String problem = String.valueOf(refused.errors().get("url"));
            assertTrue(problem.contains("resolves to"), problem);
        }
        assertEquals(201, put("private", "{\"url\": \"http://127.0.0.1:8080/\", \"events\": [\"*\"]}").status(),
                "127.0.0.1 is an allowed host");
    }

    @Test
    void theDeliveryLogAndRetryAnswer404And400AsTheyShould() {
        register("log", "*");
        RestFixture.Reply empty = ok(http.call("GET", "/webhooks/log/deliveries", null));
        assertEquals(Map.of("data", List.of()), empty.object(), "no next on a page that is not full");
        assertEquals(404, http.call("GET", "/webhooks/nope/deliveries", null).status());
        assertInvalid(http.call("GET", "/webhooks/log/deliveries?limit=0", null), "limit");
        assertInvalid(http.call("GET", "/webhooks/log/deliveries?limit=101", null), "limit");
        assertInvalid(http.call("GET", "/webhooks/log/deliveries?before=x", null), "before");
        RestFixture.Reply unknown = http.call("POST", "/webhooks/log/deliveries/99.0/retry", null);
        assertEquals(404, unknown.status(), unknown.text());
        assertInvalid(http.call("POST", "/webhooks/log/deliveries/nope/retry", null), "eventId");
        assertInvalid(http.call("POST", "/webhooks/log/deliveries/1.0/retry", "{\"now\": true}"), "now");
    }

    @Test
    void aServerWithoutTransportAnswers503() {
        try (RestFixture plain = RestFixture.jetty().start()) {
            RestFixture.Reply reply = plain.call("PUT", "/webhooks/w", "{\"url\": \"https://example.com/\", \"events\": [\"*\"]}");
            assertEquals(503, reply.status(), reply.text());
            assertEquals("UNAVAILABLE", reply.errorCode());
        }
    }
}
