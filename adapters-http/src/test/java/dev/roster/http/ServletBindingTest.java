package dev.roster.http;

import dev.roster.core.api.Roster;
import dev.roster.core.domain.App;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.Map;

import static dev.roster.http.RestFixture.newId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The servlet mounted under a context path and a servlet prefix in a real Jetty servlet container. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServletBindingTest {

    private RestFixture http;
    private App app;

    @BeforeAll
    void start() {
        http = RestFixture.startServlet(Roster.builder().storageUrl("memory:").build(),
                roster -> RestApi.builder(roster).heartbeat(java.time.Duration.ofMillis(200)).build());
        app = http.newApp();
    }

    @AfterAll
    void stop() {
        http.close();
    }

    private RestFixture.Reply call(String method, String path, String body) {
        return http.send(method, RestFixture.SERVLET_PREFIX + "/v1/" + app.id() + path, body, "Authorization", "Bearer " + app.secretKey());
    }

    @Test
    void theApiAnswersBelowTheMountPoint() {
        String id = newId("servlet");
        assertEquals(200, call("PUT", "/users/" + id, "{\"name\": \"Via Servlet\", \"custom\": {\"k\": \"v\"}}").status());
        RestFixture.Reply get = call("GET", "/users/" + id, null);
        assertEquals(200, get.status());
        assertEquals("Via Servlet", get.get("name"));
        assertEquals(Map.of("k", "v"), get.get("custom"));
        assertEquals(1, ((java.util.List<?>) call("GET", "/users?limit=1", null).get("data")).size());
    }

    @Test
    void errorsKeepTheirShapeThroughTheServlet() {
        assertEquals("NOT_FOUND", call("GET", "/users/" + newId("none"), null).errorCode());
        assertEquals(405, call("DELETE", "/users/x", null).status());
        assertEquals(404, call("GET", "/elsewhere", null).status());
        assertEquals(401, http.send("GET", RestFixture.SERVLET_PREFIX + "/v1/" + app.id() + "/users", null).status());
        RestFixture.Reply batch = call("PUT", "/users", "{\"alice\": {\"name\": \"Alice\"}, \"sebastian\": {}}");
        assertEquals("{\"sebastian\":{\"#\":[\"Required property name was not present.\"]}}", batch.text());
        String big = newId("big");
        String answer = http.exchange("PUT " + RestFixture.SERVLET_PREFIX + "/v1/" + app.id() + "/users/" + big + " HTTP/1.1\r\nHost: x\r\n"
                + "Authorization: Bearer " + app.secretKey() + "\r\nContent-Length: " + (RestApi.DEFAULT_MAX_BODY_BYTES + 1)
                + "\r\nExpect: 100-continue\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 413 "), "a 413 and no 100 Continue first: " + answer);
        assertTrue(answer.contains("PAYLOAD_TOO_LARGE"), answer);
        assertEquals(404, call("GET", "/users/" + big, null).status());
    }

    @Test
    void encodedIdsSurviveTheServletPath() {
        String id = "shop/" + newId("a b");
        String path = "/users/" + RestFixture.encode(id);
        assertEquals(200, call("PUT", path, "{\"name\": \"N\"}").status());
        assertEquals(id, call("GET", path, null).get("id"));
    }

    @Test
    void eventStreamsWorkThroughTheServletWithAsyncSupport() {
        String me = newId("me");
        String watched = newId("w");
        try (SseClient sse = SseClient.open(http.client, http.base + RestFixture.SERVLET_PREFIX + "/v1/" + app.id() + "/client/" + me
                + "/users/" + watched + "/events", "Authorization", "Bearer " + UserTokens.user(app, me))) {
            assertEquals(200, sse.status);
            assertEquals(null, sse.next().data());
            call("PUT", "/users/" + watched, "{\"name\": \"Streamed\"}");
            assertEquals("Streamed", ((Map<?, ?>) sse.next().data()).get("name"));
            assertEquals(1, http.roster.presence().sessions(app.id(), me).size(), "the open stream keeps its user online");
        }
        long deadline = System.nanoTime() + SseClient.WAIT.toNanos();
        while (!http.roster.presence().sessions(app.id(), me).isEmpty()) {
            org.junit.jupiter.api.Assertions.assertTrue(System.nanoTime() < deadline, "the session did not end");
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
        }
    }
}
