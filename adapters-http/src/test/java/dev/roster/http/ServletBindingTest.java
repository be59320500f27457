package dev.roster.http;

import dev.roster.core.api.Roster;
import dev.roster.core.domain.App;
import dev.roster.http.servlet.RosterServlet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.Map;

import static dev.roster.http.RestFixture.newId;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The servlet mounted under a context path and a servlet prefix in a real Jetty servlet container. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServletBindingTest {

    private RestFixture http;
    private App app;

    @BeforeAll
    void start() {
        http = RestFixture.start(Roster.builder().storageUrl("memory:").build(), api -> {
            ServletContextHandler context = new ServletContextHandler("/shop");
            // Ids may hold an encoded '/'; a servlet container must be told to let it through.
            context.getServletHandler().setDecodeAmbiguousURIs(true);
            context.addServlet(new ServletHolder(new RosterServlet(api)), "/talkjs/*");
            return context;
        }, RestApi::of);
        app = http.newApp();
    }

    @AfterAll
    void stop() {
        http.close();
    }

    private RestFixture.Reply call(String method, String path, String body) {
        return http.send(method, "/shop/talkjs/v1/" + app.id() + path, body, "Authorization", "Bearer " + app.secretKey());
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
        assertEquals(401, http.send("GET", "/shop/talkjs/v1/" + app.id() + "/users", null).status());
        RestFixture.Reply batch = call("PUT", "/users", "{\"alice\": {\"name\": \"Alice\"}, \"sebastian\": {}}");
        assertEquals("{\"sebastian\":{\"#\":[\"Required property name was not present.\"]}}", batch.text());
        String big = "{\"name\": \"" + "x".repeat(RestApi.DEFAULT_MAX_BODY_BYTES) + "\"}";
        assertEquals(413, call("PUT", "/users/" + newId("big"), big).status());
    }

    @Test
    void encodedIdsSurviveTheServletPath() {
        String id = "shop/" + newId("a b");
        String path = "/users/" + RestFixture.encode(id);
        assertEquals(200, call("PUT", path, "{\"name\": \"N\"}").status());
        assertEquals(id, call("GET", path, null).get("id"));
    }
}
