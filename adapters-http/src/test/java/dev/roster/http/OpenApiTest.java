package dev.roster.http;

import dev.roster.core.domain.App;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code /openapi.json} documents exactly the routes the API has, and every documented route answers. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiTest {

    @RegisterExtension
    static final RestFixture http = RestFixture.jetty();

    private Map<String, Object> document;

    @BeforeAll
    void start() {
        RestFixture.Reply reply = http.send("GET", "/openapi.json", null);
        assertEquals(200, reply.status(), "the document needs no credentials");
        document = reply.object();
    }

    @SuppressWarnings("unchecked")
    private Set<String> documented() {
        Set<String> routes = new TreeSet<>();
        ((Map<String, Map<String, Object>>) document.get("paths")).forEach((path, methods) ->
                methods.keySet().forEach(method -> routes.add(method.toUpperCase() + " " + path)));
        return routes;
    }

    @Test
    void itIsOpenApi3() {
        assertEquals("3.0.3", document.get("openapi"));
    }

    @Test
    void everyRouteIsDocumentedAndNothingElse() {
        assertEquals(new TreeSet<>(RestApi.of(http.roster()).routes()), documented());
    }

    @Test
    void everyDocumentedRouteAnswers() {
        App app = http.app();
        http.call("PUT", "/users/u1", "{\"name\": \"One\"}");
        http.call("PUT", "/conversations/c1", "{\"participants\": [\"u1\"]}");
        Object sent = http.call("POST", "/conversations/c1/messages",
                "[{\"type\": \"UserMessage\", \"sender\": \"u1\", \"text\": \"hi\"}]").json();
        String messageId = (String) ((Map<?, ?>) ((List<?>) sent).get(0)).get("id");
        for (String route : documented()) {
            String method = route.substring(0, route.indexOf(' '));
            String path = route.substring(route.indexOf(' ') + 1)
                    .replace("{appId}", app.id()).replace("{userId}", "u1").replace("{me}", "u1")
                    .replace("{conversationId}", "c1").replace("{messageId}", messageId)
                    .replace("{webhookId}", "w1").replace("{eventId}", "1.0");
            String body = method.equals("GET") || method.equals("DELETE") ? null
                    : path.endsWith("/messages") ? "[{\"type\": \"SystemMessage\", \"text\": \"x\", \"timestamp\": 1}]" : "{}";
            // A bad Last-Event-ID answers the change stream at once instead of keeping it open.
            RestFixture.Reply reply = http.send(method, path, body, "Authorization", "Bearer " + app.secretKey(),
                    "Last-Event-ID", "not-a-cursor");
            assertNotEquals(405, reply.status(), route);
            assertFalse(reply.status() == 404 && String.valueOf(reply.get("message")).startsWith("There is no endpoint"),
                    route + " -> " + reply.text());
        }
    }

    private static final String METRICS_OPERATION = "{\"summary\": \"Meters\", \"responses\": {\"200\": {\"description\": \"Text.\"}}}";

    @Test
    @SuppressWarnings("unchecked")
    void aPublicRouteIsServedWithoutCredentialsAndDocumented() {
        try (RestFixture extended = RestFixture.jetty().api(api -> api.publicRoute("GET", "/metrics", METRICS_OPERATION,
                request -> new HttpResponse(200, Map.of("Content-Type", "text/plain"), ("up " + request.rawQuery()).getBytes())))
                .start()) {
            RestFixture.Reply metrics = extended.send("GET", "/metrics?x=1", null);
            assertEquals(200, metrics.status());
            assertEquals("up x=1", metrics.text());
            assertEquals(405, extended.send("POST", "/metrics", "{}").status());

            Map<String, Object> paths = (Map<String, Object>) extended.send("GET", "/openapi.json", null).get("paths");
            Map<String, Object> get = (Map<String, Object>) ((Map<String, Object>) paths.get("/metrics")).get("get");
            assertEquals("Meters", get.get("summary"));
            assertEquals(List.of(), get.get("security"), "documented as needing no credentials");
            assertTrue(paths.containsKey("/v1/{appId}/users"), "the API's own paths stay");
        }
    }

    @Test
    void aWrongPublicRouteIsRefusedAtBuildNamingWhatIsWrong() {
        String method = refusal("get", "/metrics", METRICS_OPERATION);
        assertTrue(method.startsWith("publicRoute method "), method);
        String path = refusal("GET", "/metrics/{name}", METRICS_OPERATION);
        assertTrue(path.startsWith("publicRoute path "), path);
        String operation = refusal("GET", "/metrics", "[1]");
        assertTrue(operation.startsWith("publicRoute operation "), operation);
        assertEquals("GET /health is already a route", refusal("GET", "/health", METRICS_OPERATION));
    }

    private String refusal(String method, String path, String operation) {
        RestApi.Builder builder = RestApi.builder(http.roster()).publicRoute(method, path, operation, r -> null);
        return assertThrows(IllegalArgumentException.class, builder::build).getMessage();
    }
}
