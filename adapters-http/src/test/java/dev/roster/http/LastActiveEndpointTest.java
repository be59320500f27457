package dev.roster.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static dev.roster.http.RestFixture.encode;
import static dev.roster.http.RestFixture.newId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code lastActiveAt} over real HTTP: a browser request records it; trusted views show it, browser views never. */
class LastActiveEndpointTest {

    @RegisterExtension
    static final RestFixture http = RestFixture.jetty();

    private RestFixture.Reply asUser(String me, String method, String path, String body) {
        return http.send(method, "/v1/" + http.app().id() + "/client/" + encode(me) + path, body,
                "Authorization", "Bearer " + UserTokens.user(http.app(), me));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aBrowserRequestIsActivityShownToTrustedCallersOnly() {
        String me = newId("me");
        String idle = newId("idle");
        RestFixture.ok(http.call("PUT", "/users", "{\"" + me + "\": {\"name\": \"Me\"}, \"" + idle
                + "\": {\"name\": \"Idle\"}}"));
        assertNull(RestFixture.ok(http.call("GET", "/users/" + me, null)).get("lastActiveAt"), "never active yet");

        long before = System.currentTimeMillis();
        RestFixture.Reply seen = RestFixture.ok(asUser(me, "GET", "/users/" + encode(me), null));
        assertFalse(seen.object().containsKey("lastActiveAt"), "a browser view never shows it");

        Object at = RestFixture.ok(http.call("GET", "/users/" + me, null)).get("lastActiveAt");
        assertTrue(at instanceof Number n && n.longValue() >= before, "the trusted view shows it: " + at);
        List<Map<String, Object>> listed = RestFixture.data(RestFixture.ok(http.call("GET",
                "/users?orderBy=lastActiveAt&filter=" + encode("{\"lastActiveAt\": [\">=\", " + before + "]}"), null)));
        assertEquals(List.of(me), listed.stream().map(u -> u.get("id")).toList());
        assertEquals(at, listed.get(0).get("lastActiveAt"));
        assertTrue(RestFixture.data(RestFixture.ok(http.call("GET", "/users", null))).stream()
                .allMatch(u -> u.containsKey("lastActiveAt")), "every listed user has the field");
    }
}
