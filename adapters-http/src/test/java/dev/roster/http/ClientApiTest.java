package dev.roster.http;

import dev.roster.core.domain.App;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static dev.roster.http.RestFixture.encode;
import static dev.roster.http.RestFixture.newId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The browser API over real HTTP: the Data API calls, the sync settings, and server-sent events with presence. */
class ClientApiTest {

    private static final String PRIVATE = "{\"name\": \"Ann\", \"email\": \"ann@example.com\", \"phone\": \"+100\","
            + " \"pushTokens\": {\"fcm:tok\": true}, \"custom\": {\"k\": \"v\"}}";

    @RegisterExtension
    static final RestFixture http = RestFixture.jetty().roster(roster -> roster.pollInterval(Duration.ofMillis(50)))
            .api(api -> api.heartbeat(Duration.ofMillis(200)));

    private String me;

    @BeforeEach
    void newUser() {
        me = newId("me");
    }

    private RestFixture.Reply client(String method, String path, String body) {
        return http.send(method, "/v1/" + http.app().id() + "/client/" + encode(me) + path, body,
                "Authorization", "Bearer " + UserTokens.user(http.app(), me));
    }

    private SseClient stream(String path, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "Authorization";
        all[1] = "Bearer " + UserTokens.user(http.app(), me);
        System.arraycopy(headers, 0, all, 2, headers.length);
        SseClient sse = SseClient.open(http.client, http.url("/v1/" + http.app().id() + "/client/" + encode(me) + path), all);
        assertEquals(200, sse.status);
        return sse;
    }

    private void settings(String body) {
        assertEquals(200, http.call("PUT", "/settings", body).status());
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + SseClient.WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
        }
    }

    @Test
    void getAnswersThePublicSnapshotOnlyAndNullForNoUser() {
        String id = newId("u");
        http.call("PUT", "/users/" + id, PRIVATE);
        RestFixture.Reply reply = client("GET", "/users/" + id, null);
        assertEquals(200, reply.status());
        assertEquals(Map.of("k", "v"), reply.get("custom"));
        assertEquals("Ann", reply.get("name"));
        for (String secret : List.of("email", "phone", "pushTokens", "ann@example.com", "+100", "fcm:tok")) {
            assertFalse(reply.text().contains(secret), secret + " leaked: " + reply.text());
        }
        RestFixture.Reply none = client("GET", "/users/" + newId("nobody"), null);
        assertEquals(200, none.status());
        assertEquals("null", none.text());
    }

    @Test
    void batchGetAnswersManyUsersInOneCall() {
        String a = newId("a");
        String b = newId("b");
        http.call("PUT", "/users/" + a, PRIVATE);
        http.call("PUT", "/users/" + b, "{\"name\": \"Bob\"}");
        String missing = newId("missing");
        RestFixture.Reply reply = client("POST", "/users/batchGet",
                "{\"ids\": [\"" + a + "\", \"" + b + "\", \"" + missing + "\", \"" + a + "\"]}");
        assertEquals(200, reply.status(), reply.text());
        Map<?, ?> data = (Map<?, ?>) reply.get("data");
        assertEquals(3, data.size());
        assertEquals("Ann", ((Map<?, ?>) data.get(a)).get("name"));
        assertEquals("Bob", ((Map<?, ?>) data.get(b)).get("name"));
        assertTrue(data.containsKey(missing) && data.get(missing) == null);
        assertFalse(reply.text().contains("ann@example.com"));
        RestFixture.Reply bad = client("POST", "/users/batchGet", "{\"ids\": [\"x\", 7]}");
        assertEquals(400, bad.status());
        assertTrue(bad.errors().containsKey("ids[1]"), bad.text());
    }

    @Test
    void setAndCreateIfNotExistsFollowThePatchRule() {
        String id = newId("u");
        assertEquals(400, client("PUT", "/users/" + id, "{\"custom\": {\"a\": \"1\"}}").status(), "a new user needs a name");
        assertEquals(200, client("PUT", "/users/" + id, "{\"name\": \"N\", \"email\": \"n@example.com\"}").status());
        assertEquals(200, client("PUT", "/users/" + id, "{\"custom\": {\"a\": \"1\"}}").status());
        Map<?, ?> full = http.call("GET", "/users/" + id, null).object();
        assertEquals("N", full.get("name"));
        assertEquals(List.of("n@example.com"), full.get("email"));
        assertEquals(Map.of("a", "1"), full.get("custom"));
        assertEquals(200, client("POST", "/users/" + id + "/createIfNotExists", "{\"name\": \"Other\"}").status());
        assertEquals("N", http.call("GET", "/users/" + id, null).get("name"), "an existing user is left alone");
        String fresh = newId("fresh");
        assertEquals(200, client("POST", "/users/" + fresh + "/createIfNotExists", "{\"name\": \"Fresh\"}").status());
        assertEquals("Fresh", http.call("GET", "/users/" + fresh, null).get("name"));
        RestFixture.Reply unknown = client("PUT", "/users/" + id, "{\"nickname\": \"x\"}");
        assertEquals(400, unknown.status());
        assertTrue(unknown.errors().containsKey("nickname"));
    }

    @Test
    void withClientUserSyncOffTheBrowserCannotCreateOrUpdateButTheRestApiCan() {
        String existing = newId("u");
        http.call("PUT", "/users/" + existing, "{\"name\": \"Before\"}");
        settings("{\"clientUserSync\": false}");
        RestFixture.Reply set = client("PUT", "/users/" + existing, "{\"name\": \"After\"}");
        assertEquals(403, set.status());
        assertEquals("FORBIDDEN", set.errorCode());
        assertTrue(String.valueOf(set.get("message")).contains("Client-side user synchronisation is disabled"), set.text());
        String fresh = newId("fresh");
        assertEquals(403, client("PUT", "/users/" + fresh, "{\"name\": \"New\"}").status());
        assertEquals(403, client("POST", "/users/" + fresh + "/createIfNotExists", "{\"name\": \"New\"}").status());
        assertEquals(200, client("POST", "/users/" + existing + "/createIfNotExists", "{\"name\": \"New\"}").status(),
                "createIfNotExists of an existing user does nothing and succeeds");
        assertEquals("Before", http.call("GET", "/users/" + existing, null).get("name"));
        assertEquals(404, http.call("GET", "/users/" + fresh, null).status());
        assertEquals(200, client("GET", "/users/" + existing, null).status(), "reading still works");
        assertEquals(200, http.call("PUT", "/users/" + existing, "{\"name\": \"Trusted\"}").status());
        settings("{\"clientUserSync\": true}");
        assertEquals(200, client("PUT", "/users/" + existing, "{\"name\": \"After\"}").status());
    }

    @Test
    void settingsAreReadAndChangedThroughTheTrustedApiOnly() {
        Map<?, ?> settings = http.call("GET", "/settings", null).object();
        assertEquals(Boolean.TRUE, settings.get("clientUserSync"));
        assertEquals(Boolean.TRUE, settings.get("clientConversationSync"));
        RestFixture.Reply changed = http.call("PUT", "/settings", "{\"clientConversationSync\": false, \"defaultLocale\": \"nl-NL\"}");
        assertEquals(Boolean.FALSE, changed.get("clientConversationSync"));
        assertEquals(Boolean.TRUE, changed.get("clientUserSync"));
        assertEquals("nl-NL", http.roster().app(http.app().id()).settings().defaultLocale());
        RestFixture.Reply bad = http.call("PUT", "/settings", "{\"clientUserSync\": \"no\", \"x\": 1}");
        assertEquals(400, bad.status());
        assertFalse(http.roster().app(http.app().id()).settings().clientConversationSync(), "nothing changed");
        assertEquals(401, http.send("PUT", "/v1/" + http.app().id() + "/settings", "{\"clientUserSync\": false}",
                "Authorization", "Bearer " + UserTokens.user(http.app(), me)).status(), "a user token is not enough");
    }

    @Test
    void theSignedInUserReadsTheirConversationsAlsoWithConversationSyncOff() {
        http.call("PUT", "/users/" + encode(me), "{\"name\": \"Me\"}");
        String other = newId("o");
        http.call("PUT", "/users/" + other, "{\"name\": \"Other\"}");
        String mine = newId("c");
        http.call("PUT", "/conversations/" + mine, "{\"participants\": [\"" + me + "\", \"" + other + "\"]}");
        http.call("PUT", "/conversations/" + newId("c"), "{\"participants\": [\"" + other + "\"]}");
        settings("{\"clientConversationSync\": false}");
        RestFixture.Reply list = client("GET", "/conversations?limit=10", null);
        assertEquals(200, list.status(), list.text());
        List<?> data = (List<?>) list.get("data");
        assertEquals(1, data.size());
        assertEquals(mine, ((Map<?, ?>) data.get(0)).get("id"));
    }

    @Test
    void aUserSubscriptionStartsWithTheCurrentStateAndFollowsPublicChangesOnly() {
        String id = newId("u");
        try (SseClient sse = stream("/users/" + id + "/events")) {
            SseClient.Event first = sse.next();
            assertNull(first.data(), "no user yet");
            http.call("PUT", "/users/" + id, PRIVATE);
            SseClient.Event created = sse.next();
            assertEquals("Ann", ((Map<?, ?>) created.data()).get("name"));
            http.call("PUT", "/users/" + id, "{\"email\": \"other@example.com\"}");
            http.call("PUT", "/users/" + id, "{\"name\": \"Ann B\"}");
            SseClient.Event renamed = sse.next();
            assertEquals("Ann B", ((Map<?, ?>) renamed.data()).get("name"), "a private change sends nothing");
            assertNotEquals(created.id(), renamed.id());
        }
    }

    @Test
    void reconnectingWithLastEventIdLosesNoChangeAndRepeatsNothing() {
        String id = newId("u");
        http.call("PUT", "/users/" + id, "{\"name\": \"One\"}");
        String seen;
        try (SseClient sse = stream("/users/" + id + "/events")) {
            seen = sse.next().id();
        }
        http.call("PUT", "/users/" + id, "{\"name\": \"Two\"}");
        String two;
        try (SseClient sse = stream("/users/" + id + "/events", "Last-Event-ID", seen)) {
            SseClient.Event missed = sse.next();
            assertEquals("Two", ((Map<?, ?>) missed.data()).get("name"), "the change made while away arrives");
            two = missed.id();
        }
        try (SseClient sse = stream("/users/" + id + "/events", "Last-Event-ID", two)) {
            http.call("PUT", "/users/" + id, "{\"name\": \"Three\"}");
            assertEquals("Three", ((Map<?, ?>) sse.next().data()).get("name"), "the state already seen is not sent again");
        }
    }

    @Test
    void anOpenStreamKeepsItsUserOnlineAndClosingItEndsThat() {
        http.call("PUT", "/users/" + encode(me), "{\"name\": \"Me\"}");
        await("streams of earlier tests to close", () -> http.api().openStreams() == 0);
        int before = 0;
        try (SseClient sse = stream("/users/" + encode(me) + "/onlineEvents")) {
            Map<?, ?> first = (Map<?, ?>) sse.next().data();
            assertEquals(Boolean.TRUE, first.get("isConnected"), "the subscriber's own stream makes them online");
            assertEquals("Me", ((Map<?, ?>) first.get("user")).get("name"));
            List<?> sessions = (List<?>) http.call("GET", "/users/" + encode(me) + "/sessions", null).json();
            assertEquals(1, sessions.size());
            Map<?, ?> presences = (Map<?, ?>) http.call("POST", "/presences", "{\"userIds\": [\"" + me + "\"]}").get("data");
            assertEquals(Map.of("status", "online"), presences.get(me));
            List<?> online = (List<?>) http.call("GET", "/users?isOnline=true", null).get("data");
            assertEquals(1, online.size());
            await("heartbeats", () -> sse.heartbeats() >= 2);
            assertEquals(before + 1, http.api().openStreams());
        }
        await("the stream to close on the server", () -> http.api().openStreams() == before);
        await("the session to end", () -> ((List<?>) http.call("GET", "/users/" + encode(me) + "/sessions", null).json()).isEmpty());
    }

    @Test
    void onlineSubscriptionsSeeOtherUsersComeAndGo() {
        String other = newId("other");
        http.call("PUT", "/users/" + other, "{\"name\": \"Other\"}");
        try (SseClient sse = stream("/users/" + other + "/onlineEvents")) {
            assertEquals(Boolean.FALSE, ((Map<?, ?>) sse.next().data()).get("isConnected"));
            String otherToken = UserTokens.user(http.app(), other);
            try (SseClient theirs = SseClient.open(http.client, http.url("/v1/" + http.app().id() + "/client/" + other
                    + "/conversations/events"), "Authorization", "Bearer " + otherToken)) {
                assertEquals(200, theirs.status);
                assertEquals(Boolean.TRUE, ((Map<?, ?>) sse.next().data()).get("isConnected"));
            }
            assertEquals(Boolean.FALSE, ((Map<?, ?>) sse.next().data()).get("isConnected"));
        }
    }

    @Test
    void theConversationListStreamSendsAnEventWhenOneOfTheUsersConversationsChanges() {
        http.call("PUT", "/users/" + encode(me), "{\"name\": \"Me\"}");
        String conversation = newId("c");
        try (SseClient sse = stream("/conversations/events")) {
            assertEquals(List.of(), ((Map<?, ?>) sse.next().data()).get("data"));
            http.call("PUT", "/conversations/" + newId("elsewhere"), "{\"subject\": \"not mine\"}");
            http.call("PUT", "/conversations/" + conversation, "{\"participants\": [\"" + me + "\"], \"subject\": \"Hi\"}");
            List<?> joined = (List<?>) ((Map<?, ?>) sse.next().data()).get("data");
            assertEquals(1, joined.size(), "only the user's own conversation");
            assertEquals("Hi", ((Map<?, ?>) joined.get(0)).get("subject"));
            http.call("POST", "/conversations/" + conversation + "/messages",
                    "[{\"type\": \"SystemMessage\", \"text\": \"hello\"}]");
            Map<?, ?> entry = (Map<?, ?>) ((List<?>) ((Map<?, ?>) sse.next().data()).get("data")).get(0);
            assertEquals("hello", ((Map<?, ?>) entry.get("lastMessage")).get("text"));
            http.call("DELETE", "/conversations/" + conversation + "/participants/" + encode(me), null);
            assertEquals(List.of(), ((Map<?, ?>) sse.next().data()).get("data"), "leaving removes it from the list");
        }
    }

    @Test
    void closingTheApiEndsItsStreams() {
        try (RestFixture server = RestFixture.jetty().api(api -> api.heartbeat(Duration.ofMillis(200))).start()) {
            App other = server.app();
            SseClient sse = SseClient.open(server.client, server.url("/v1/" + other.id() + "/client/" + me
                    + "/users/" + me + "/events"), "Authorization", "Bearer " + UserTokens.user(other, me));
            sse.next();
            server.api().close();
            sse.ended().orTimeout(SseClient.WAIT.toMillis(), TimeUnit.MILLISECONDS).join();
            assertEquals(0, server.api().openStreams());
            assertTrue(server.roster().presence().sessions(other.id(), me).isEmpty());
        }
    }
}
