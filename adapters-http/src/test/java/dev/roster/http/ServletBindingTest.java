package dev.roster.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;

import static dev.roster.http.RestFixture.newId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The servlet mounted under a context path and a servlet prefix in a real Jetty servlet container. */
class ServletBindingTest {

    @RegisterExtension
    static final RestFixture http = RestFixture.servlet().api(api -> api.heartbeat(Duration.ofMillis(200)));

    @Test
    void theApiAnswersBelowTheMountPoint() {
        String id = newId("servlet");
        assertEquals(200, http.call("PUT", "/users/" + id, "{\"name\": \"Via Servlet\", \"custom\": {\"k\": \"v\"}}").status());
        RestFixture.Reply get = http.call("GET", "/users/" + id, null);
        assertEquals(200, get.status());
        assertEquals("Via Servlet", get.get("name"));
        assertEquals(Map.of("k", "v"), get.get("custom"));
        assertEquals(1, ((java.util.List<?>) http.call("GET", "/users?limit=1", null).get("data")).size());
    }

    @Test
    void errorsKeepTheirShapeThroughTheServlet() {
        assertEquals("NOT_FOUND", http.call("GET", "/users/" + newId("none"), null).errorCode());
        assertEquals(405, http.call("DELETE", "/users/x", null).status());
        assertEquals(404, http.call("GET", "/elsewhere", null).status());
        assertEquals(401, http.send("GET", "/v1/" + http.app().id() + "/users", null).status());
        RestFixture.Reply batch = http.call("PUT", "/users", "{\"alice\": {\"name\": \"Alice\"}, \"sebastian\": {}}");
        assertEquals("{\"sebastian\":{\"#\":[\"Required property name was not present.\"]}}", batch.text());
        String big = newId("big");
        String answer = http.exchange("PUT " + RestFixture.SERVLET_PREFIX + "/v1/" + http.app().id() + "/users/" + big + " HTTP/1.1\r\nHost: x\r\n"
                + "Authorization: Bearer " + http.app().secretKey() + "\r\nContent-Length: " + (RestApi.DEFAULT_MAX_BODY_BYTES + 1)
                + "\r\nExpect: 100-continue\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 413 "), "a 413 and no 100 Continue first: " + answer);
        assertTrue(answer.contains("PAYLOAD_TOO_LARGE"), answer);
        assertEquals(404, http.call("GET", "/users/" + big, null).status());
    }

    @Test
    void encodedIdsSurviveTheServletPath() {
        String id = "shop/" + newId("a b");
        String path = "/users/" + RestFixture.encode(id);
        assertEquals(200, http.call("PUT", path, "{\"name\": \"N\"}").status());
        assertEquals(id, http.call("GET", path, null).get("id"));
    }

    @Test
    void eventStreamsWorkThroughTheServletWithAsyncSupport() {
        String me = newId("me");
        String watched = newId("w");
        try (SseClient sse = SseClient.open(http.client, http.url("/v1/" + http.app().id() + "/client/" + me
                + "/users/" + watched + "/events"), "Authorization", "Bearer " + UserTokens.user(http.app(), me))) {
            assertEquals(200, sse.status);
            assertEquals(null, sse.next().data());
            http.call("PUT", "/users/" + watched, "{\"name\": \"Streamed\"}");
            assertEquals("Streamed", ((Map<?, ?>) sse.next().data()).get("name"));
            assertEquals(1, http.roster().presence().sessions(http.app().id(), me).size(), "the open stream keeps its user online");
        }
        long deadline = System.nanoTime() + SseClient.WAIT.toNanos();
        while (!http.roster().presence().sessions(http.app().id(), me).isEmpty()) {
            org.junit.jupiter.api.Assertions.assertTrue(System.nanoTime() < deadline, "the session did not end");
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
        }
    }
}
