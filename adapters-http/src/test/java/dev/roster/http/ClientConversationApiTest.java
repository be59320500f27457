package dev.roster.http;

import dev.roster.testkit.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.roster.http.RestFixture.encode;
import static dev.roster.http.RestFixture.newId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The browser's conversation writes and presence ping over real HTTP: the routes, the rules core
 * enforces (403 with nothing written), bad input, bad credentials, and presence renewed by pings
 * and expiring after the window (an injected clock, no sleeps).
 */
class ClientConversationApiTest {

    private static final Duration WINDOW = Duration.ofSeconds(15);

    private static final MutableClock clock = new MutableClock(Instant.parse("2024-01-01T00:00:00Z"));

    @RegisterExtension
    static final RestFixture http = RestFixture.jetty().roster(b -> b.clock(clock).presenceWindow(WINDOW));

    private String me;
    private String other;

    @BeforeEach
    void usersOfANewApp() {
        me = newId("me");
        other = newId("other");
        assertEquals(200, http.call("PUT", "/users", "{\"" + me + "\": {\"name\": \"Me\"}, \"" + other
                + "\": {\"name\": \"Other\"}}").status());
    }

    private RestFixture.Reply client(String method, String path, String body) {
        return http.send(method, "/v1/" + http.app().id() + "/client/" + encode(me) + path, body,
                "Authorization", "Bearer " + UserTokens.user(http.app(), me));
    }

    private Map<String, Object> trusted(String conversationId) {
        RestFixture.Reply reply = http.call("GET", "/conversations/" + conversationId, null);
        return reply.status() == 404 ? null : reply.object();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> participants(Map<String, Object> conversation) {
        return (Map<String, Object>) conversation.get("participants");
    }

    private static void forbidden(RestFixture.Reply reply) {
        assertEquals(403, reply.status(), reply.text());
        assertEquals("FORBIDDEN", reply.errorCode());
    }

    @Test
    void createIfNotExistsThenSetAndTheConversationIsInTheUsersList() {
        String c = newId("c");
        assertEquals(200, client("POST", "/conversations/" + c + "/createIfNotExists",
                "{\"subject\": \"Plans\", \"custom\": {\"k\": \"v\"}}").status());
        RestFixture.Reply seen = client("GET", "/conversations/" + c, null);
        assertEquals(200, seen.status());
        assertEquals("Plans", seen.get("subject"));
        assertEquals(List.of(me), List.copyOf(participants(seen.object()).keySet()));
        assertEquals(Map.of("access", "ReadWrite", "notify", true, "isUnread", false, "readUntil", 0),
                participants(seen.object()).get(me));
        assertEquals(0, seen.get("unreadMessageCount"));
        assertEquals(200, client("PUT", "/conversations/" + c, "{\"custom\": {\"k2\": \"v2\"}, \"notify\": false}").status());
        Map<String, Object> after = client("GET", "/conversations/" + c, null).object();
        assertEquals(Map.of("k", "v", "k2", "v2"), after.get("custom"));
        assertEquals(false, ((Map<?, ?>) participants(after).get(me)).get("notify"));
        List<?> list = (List<?>) client("GET", "/conversations", null).get("data");
        assertEquals(c, ((Map<?, ?>) list.get(0)).get("id"));
        assertEquals(1, list.size());
    }

    @Test
    void aConversationNotTakenPartInReadsAsNull() {
        String c = newId("c");
        http.call("PUT", "/conversations/" + c, "{\"participants\": [\"" + other + "\"]}");
        RestFixture.Reply reply = client("GET", "/conversations/" + c, null);
        assertEquals(200, reply.status());
        assertEquals("null", reply.text());
        assertEquals("null", client("GET", "/conversations/" + newId("missing"), null).text());
    }

    @Test
    void aReadWriteParticipantAddsEditsAndRemovesParticipantsAndLeaves() {
        String c = newId("c");
        assertEquals(200, client("PUT", "/conversations/" + c, "{}").status());
        assertEquals(200, client("PUT", "/conversations/" + c + "/participants/" + other, "{\"access\": \"Read\"}").status());
        assertEquals(200, client("PATCH", "/conversations/" + c + "/participants/" + other, "{\"notify\": \"MentionsOnly\"}").status());
        Map<?, ?> theirs = (Map<?, ?>) participants(trusted(c)).get(other);
        assertEquals("Read", theirs.get("access"));
        assertEquals("MentionsOnly", theirs.get("notify"));
        assertEquals(200, client("DELETE", "/conversations/" + c + "/participants/" + other, null).status());
        assertEquals(200, client("DELETE", "/conversations/" + c + "/participants/" + me, null).status());
        assertTrue(participants(trusted(c)).isEmpty());
        assertEquals("null", client("GET", "/conversations/" + c, null).text());
    }

    @Test
    void aUserWhoIsNotAReadWriteParticipantIsForbiddenAndNothingIsWritten() {
        String c = newId("c");
        http.call("PUT", "/conversations/" + c, "{\"participants\": [\"" + other + "\"]}");
        Map<String, Object> before = trusted(c);
        forbidden(client("PUT", "/conversations/" + c, "{\"subject\": \"mine now\"}"));
        forbidden(client("PUT", "/conversations/" + c + "/participants/" + me, "{}"));
        forbidden(client("DELETE", "/conversations/" + c + "/participants/" + other, null));
        http.call("PUT", "/conversations/" + c + "/participants/" + me, "{\"access\": \"Read\"}");
        forbidden(client("PATCH", "/conversations/" + c + "/participants/" + me, "{\"access\": \"ReadWrite\"}"));
        Map<String, Object> after = trusted(c);
        assertEquals(before.get("subject"), after.get("subject"));
        assertEquals("Read", ((Map<?, ?>) participants(after).get(me)).get("access"));
        assertEquals(2, participants(after).size());
    }

    @Test
    void withClientConversationSyncOffReadsWorkAndEveryWriteIs403WithNothingWritten() {
        String c = newId("c");
        assertEquals(200, client("POST", "/conversations/" + c + "/createIfNotExists", "{\"subject\": \"Kept\"}").status());
        assertEquals(200, http.call("PUT", "/settings", "{\"clientConversationSync\": false}").status());
        assertEquals(200, client("GET", "/conversations/" + c, null).status());
        assertEquals(1, ((List<?>) client("GET", "/conversations", null).get("data")).size());
        assertEquals(200, client("POST", "/conversations/" + c + "/createIfNotExists", "{}").status(),
                "an existing conversation is not created: nothing to forbid");
        RestFixture.Reply set = client("PUT", "/conversations/" + c, "{\"subject\": \"Changed\"}");
        forbidden(set);
        assertTrue(String.valueOf(set.get("message")).contains("clientConversationSync")
                || String.valueOf(set.get("message")).contains("conversation synchronisation is disabled"), set.text());
        String fresh = newId("c");
        forbidden(client("POST", "/conversations/" + fresh + "/createIfNotExists", "{}"));
        forbidden(client("PUT", "/conversations/" + fresh, "{}"));
        forbidden(client("PUT", "/conversations/" + c + "/participants/" + other, "{}"));
        forbidden(client("PATCH", "/conversations/" + c + "/participants/" + me, "{\"notify\": false}"));
        forbidden(client("DELETE", "/conversations/" + c + "/participants/" + me, null));
        assertNull(trusted(fresh));
        Map<String, Object> kept = trusted(c);
        assertEquals("Kept", kept.get("subject"));
        assertEquals(List.of(me), List.copyOf(participants(kept).keySet()));
        assertEquals(true, ((Map<?, ?>) participants(kept).get(me)).get("notify"));
    }

    @Test
    void badInputIs400NamingTheFieldAndNothingIsWritten() {
        String c = newId("c");
        RestFixture.Reply reply = client("PUT", "/conversations/" + c, "{\"participants\": [\"x\"], \"access\": \"Owner\"}");
        assertEquals(400, reply.status(), reply.text());
        assertTrue(reply.errors().containsKey("participants"), reply.text());
        assertTrue(reply.errors().containsKey("access"), reply.text());
        assertEquals(400, client("PATCH", "/conversations/" + c + "/participants/" + me, "{\"readUntil\": 5}").status());
        assertNull(trusted(c));
    }

    @Test
    void aBadCredentialIs401AndNothingIsWritten() {
        String c = newId("c");
        String path = "/v1/" + http.app().id() + "/client/" + encode(me);
        for (String credential : List.of("Bearer " + http.app().secretKey(), "Bearer " + UserTokens.user(http.app(), other),
                "Bearer " + UserTokens.signature("wrong-key", me))) {
            RestFixture.Reply put = http.send("PUT", path + "/conversations/" + c, "{}", "Authorization", credential);
            assertEquals(401, put.status(), put.text());
            assertEquals(401, http.send("POST", path + "/ping", null, "Authorization", credential).status());
        }
        assertEquals(401, http.send("POST", path + "/conversations/" + c + "/createIfNotExists", "{}").status());
        assertNull(trusted(c));
        assertTrue(http.roster().presence().sessions(http.app().id(), me).isEmpty());
    }

    @SuppressWarnings("unchecked")
    private List<String> online() {
        RestFixture.Reply reply = http.call("GET", "/users?isOnline=true", null);
        assertEquals(200, reply.status(), reply.text());
        return ((List<Map<String, Object>>) reply.get("data")).stream().map(u -> (String) u.get("id")).toList();
    }

    @Test
    void aPingKeepsTheUserOnlineForThePresenceWindowAndThenItExpires() {
        assertEquals(List.of(), online());
        assertEquals(200, client("POST", "/ping", null).status());
        assertEquals(List.of(me), online());
        clock.advance(Duration.ofSeconds(10));
        assertEquals(List.of(me), online());
        assertEquals(200, client("POST", "/ping", null).status());
        clock.advance(Duration.ofSeconds(10));
        assertEquals(List.of(me), online(), "the second ping renewed the window");
        assertEquals(1, ((List<?>) http.call("GET", "/users/" + encode(me) + "/sessions", null).json()).size(),
                "pings renew one session");
        clock.advance(Duration.ofSeconds(6));
        assertEquals(List.of(), online(), "expired 15 s after the last ping");
        assertEquals(Map.of(me, Map.of("status", "offline")), http.call("POST", "/presences",
                "{\"userIds\": [\"" + me + "\"]}").get("data"));
    }
}
