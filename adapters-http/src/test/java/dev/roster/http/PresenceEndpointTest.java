package dev.roster.http;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static dev.roster.http.RestFixture.newId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** isOnline, sessions and presences over real HTTP, with presence recorded through core. */
class PresenceEndpointTest {

    @RegisterExtension
    static final RestFixture http = RestFixture.jetty();


    @BeforeEach
    void usersOneOnline() {
        assertEquals(200, http.call("PUT", "/users", """
                {"u1": {"name": "One"}, "u2": {"name": "Two"}, "u3": {"name": "Three"}}""").status());
        http.roster().presence().touch(http.app().id(), "u2", "session-a");
    }

    @SuppressWarnings("unchecked")
    private static List<String> ids(RestFixture.Reply reply) {
        assertEquals(200, reply.status(), reply.text());
        return ((List<Map<String, Object>>) reply.get("data")).stream().map(u -> (String) u.get("id")).toList();
    }

    @Test
    void isOnlineFiltersTheUserList() {
        assertEquals(List.of("u2"), ids(http.call("GET", "/users?isOnline=true", null)));
        assertEquals(List.of("u1", "u3"), ids(http.call("GET", "/users?isOnline=false", null)));
        assertEquals(List.of("u3"), ids(http.call("GET", "/users?isOnline=false&startingAfter=u1&limit=5", null)));
        assertEquals(List.of("u1", "u2", "u3"), ids(http.call("GET", "/users", null)));
    }

    @Test
    void sessionsAreABareArrayEmptyWhenOffline() {
        RestFixture.Reply online = http.call("GET", "/users/u2/sessions", null);
        assertEquals(200, online.status());
        List<?> sessions = (List<?>) online.json();
        assertEquals(1, sessions.size());
        assertEquals("session-a", ((Map<?, ?>) sessions.get(0)).get("id"));
        assertEquals("[]", http.call("GET", "/users/u1/sessions", null).text());
    }

    @Test
    void presencesAnswersPerUserStatus() {
        assertEquals(Map.of("data", Map.of("u2", Map.of("status", "online"))),
                http.call("POST", "/presences", null).json());
        assertEquals(Map.of("data", Map.of("u2", Map.of("status", "online"))),
                http.call("POST", "/presences", "{}").json());
        assertEquals(Map.of("data", Map.of("u1", Map.of("status", "offline"), "u2", Map.of("status", "online"))),
                http.call("POST", "/presences", "{\"userIds\": [\"u1\", \"u2\"]}").json());
    }

    @Test
    void badPresenceRequestsAre400() {
        for (String body : List.of("{\"userIds\": \"u1\"}", "{\"userIds\": [1]}", "{\"users\": []}", "[]")) {
            RestFixture.Reply reply = http.call("POST", "/presences", body);
            assertEquals(400, reply.status(), body);
            assertEquals("INVALID_ARGUMENT", reply.errorCode());
        }
        RestFixture.Reply other = http.call("GET", "/users/" + newId("nobody") + "/sessions", null);
        assertEquals(200, other.status());
        assertTrue(((List<?>) other.json()).isEmpty());
    }
}
