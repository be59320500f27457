package dev.roster.http;

import dev.roster.testkit.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.roster.http.RestFixture.data;
import static dev.roster.http.RestFixture.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code GET /users/{userId}/conversations} over real HTTP: the entry shape of seed 004, every
 * query parameter, the filter and the {@code TalkJS-REST-Version} rules.
 */
class ListingEndpointTest {

    private static final Instant T0 = Instant.parse("2024-05-01T00:00:00Z");

    private static final MutableClock clock = new MutableClock(T0);

    @RegisterExtension
    static final RestFixture http = RestFixture.jetty().roster(b -> b.clock(clock));


    /** a, b, c created one second apart with u1 and u2; u2 writes in a ten seconds later; b has category shoes. */
    @BeforeEach
    void threeConversations() {
        clock.set(T0);
        ok(http.call("PUT", "/users", "{\"u1\": {\"name\": \"One\"}, \"u2\": {\"name\": \"Two\"}}"));
        for (String id : List.of("a", "b", "c")) {
            String custom = id.equals("b") ? ", \"custom\": {\"category\": \"shoes\"}" : "";
            ok(http.call("PUT", "/conversations/" + id, "{\"participants\": [\"u1\", \"u2\"]" + custom + "}"));
            clock.advance(Duration.ofSeconds(1));
        }
        clock.set(T0.plusSeconds(10));
        ok(http.call("POST", "/conversations/a/messages", "[{\"type\": \"UserMessage\", \"sender\": \"u2\", \"text\": \"it\"}]"));
        clock.set(T0.plusSeconds(20));
    }

    private List<String> ids(String query, String... headers) {
        RestFixture.Reply reply = ok(http.call("GET", "/users/u1/conversations" + query, null, headers));
        return data(reply).stream().map(e -> (String) e.get("id")).toList();
    }

    private RestFixture.Reply bad(String query, String field, String... headers) {
        RestFixture.Reply reply = http.call("GET", "/users/u1/conversations" + query, null, headers);
        assertEquals(400, reply.status(), query + " " + reply.text());
        assertEquals("INVALID_ARGUMENT", reply.errorCode());
        assertTrue(reply.errors().keySet().stream().anyMatch(k -> k.startsWith(field)), query + " " + reply.text());
        return reply;
    }

    private static String encoded(String json) {
        return URLEncoder.encode(json, StandardCharsets.UTF_8);
    }

    private static long ms(int seconds) {
        return T0.plusSeconds(seconds).toEpochMilli();
    }

    @Test
    void anEntryHasTheSeedShapeWithUnreadsAndParticipants() {
        Map<String, Object> entry = data(ok(http.call("GET", "/users/u1/conversations?limit=1", null))).get(0);
        assertEquals(Set.of("id", "subject", "topicId", "photoUrl", "welcomeMessages", "custom", "lastMessage",
                "participants", "createdAt", "unreadMessageCount", "isUnread"), entry.keySet());
        assertEquals("a", entry.get("id"));
        assertEquals(1, ((Number) entry.get("unreadMessageCount")).intValue());
        assertEquals(true, entry.get("isUnread"));
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> participants = (Map<String, Map<String, Object>>) entry.get("participants");
        assertEquals(Set.of("u1", "u2"), participants.keySet());
        assertEquals(Set.of("access", "notify", "isUnread", "readUntil"), participants.get("u1").keySet());
        assertEquals("ReadWrite", participants.get("u1").get("access"));
        assertEquals(true, participants.get("u1").get("notify"));
        assertEquals(true, participants.get("u1").get("isUnread"));
        assertEquals(false, participants.get("u2").get("isUnread"));
        @SuppressWarnings("unchecked")
        Map<String, Object> last = (Map<String, Object>) entry.get("lastMessage");
        assertEquals("it", last.get("text"));
        assertEquals("u2", last.get("senderId"));
        assertEquals("a", last.get("conversationId"));
        assertEquals(ms(10), ((Number) last.get("createdAt")).longValue());
        assertEquals(ms(0), ((Number) entry.get("createdAt")).longValue());
    }

    @Test
    void ordersAndTheSortBySpelling() {
        assertEquals(List.of("a", "c", "b"), ids(""));
        assertEquals(List.of("a", "c", "b"), ids("?orderBy=lastActivity&orderDirection=DESC"));
        assertEquals(List.of("b", "c", "a"), ids("?orderBy=lastActivity&orderDirection=ASC"));
        assertEquals(List.of("c", "b", "a"), ids("?orderBy=createdAt"));
        assertEquals(List.of("a", "b", "c"), ids("?orderBy=createdAt&orderDirection=ASC"));
        assertEquals(List.of("a", "c", "b"), ids("?limit=5&sortBy=lastActivity+DESC"));
        assertEquals(List.of("a", "b", "c"), ids("?sortBy=createdAt%20ASC"));
    }

    @Test
    void beforeVersion20210209TheOrderIsCreatedAtDescAlways() {
        assertEquals(List.of("c", "b", "a"), ids("?orderBy=lastActivity&orderDirection=ASC", "TalkJS-REST-Version", "2021-01-01"));
        assertEquals(List.of("b", "c", "a"), ids("?orderBy=lastActivity&orderDirection=ASC", "TalkJS-REST-Version", "2021-02-09"));
    }

    @Test
    void pagingWithStartingAfterAndOffsetTs() {
        assertEquals(List.of("a"), ids("?limit=1"));
        assertEquals(List.of("c"), ids("?limit=1&startingAfter=a"));
        assertEquals(List.of("b"), ids("?limit=5&startingAfter=c"));
        assertEquals(List.of(), ids("?startingAfter=b"));
        assertEquals(List.of("c", "b"), ids("?limit=5&offsetTs=" + ms(2)));
        assertEquals(List.of("b", "a"), ids("?orderBy=createdAt&offsetTs=" + ms(1)));
        bad("?startingAfter=zzz", "startingAfter");
    }

    @Test
    void lastMessageWindowsAndUnreadsOnly() {
        assertEquals(List.of("a"), ids("?lastMessageAfter=" + ms(5)));
        assertEquals(List.of(), ids("?lastMessageAfter=" + ms(15)));
        assertTrue(ids("?lastMessageBefore=" + ms(15)).contains("a"));
        assertTrue(!ids("?lastMessageBefore=" + ms(5)).contains("a"));
        assertEquals(List.of("a"), ids("?unreadsOnly=true"));
        assertEquals(List.of("a"), ids("?unreadsOnly=true&lastMessageBefore=" + ms(15) + "&lastMessageAfter=" + ms(5)));
        assertEquals(List.of("a", "c", "b"), ids("?unreadsOnly=false"));
    }

    @Test
    void theFilterIsUrlEncodedJson() {
        assertEquals(List.of("b"), ids("?filter=" + encoded("{\"custom\": {\"category\": [\"==\", \"shoes\"]}}")));
        assertEquals(List.of("a", "c"), ids("?filter=" + encoded("{\"custom\": {\"category\": \"!exists\"}}")));
        assertEquals(List.of("a"), ids("?filter=" + encoded("{\"hasMessages\": true}")));
        assertEquals(List.of("a", "c", "b"), ids("?filter=" + encoded("{\"access\": [\"==\", \"ReadWrite\"]}")));
        assertEquals(List.of("a", "b"), ids("?filter=" + encoded(
                "[\"any\", [{\"isUnread\": true}, {\"custom\": {\"category\": [\"oneOf\", [\"shoes\", \"hats\"]]}}]]")));
        // The seed's own example nests access inside custom: a filter on a custom key named access.
        assertEquals(List.of(), ids("?filter=" + encoded(
                "{\"custom\": {\"category\": [\"==\", \"shoes\"], \"access\": [\"==\", \"ReadWrite\"]}}")));
    }

    @Test
    void aBadFilterIs400PointingAtTheBadPart() {
        bad("?filter=" + encoded("{\"custom\": {\"category\": [\"~\", \"shoes\"]}}"), "filter.custom.category");
        bad("?filter=" + encoded("{\"colour\": true}"), "filter");
        bad("?filter=null", "filter");
        bad("?filter=", "filter");
        bad("?filter=" + encoded("{\"custom\": "), "filter");
        bad("?filter=" + encoded("[\"any\", []]"), "filter");
        bad("?filter=" + encoded("{\"lastActivityAt\": [\"between\", [1]]}"), "filter.lastActivityAt");
    }

    @Test
    void badParametersAre400NamingTheParameter() {
        bad("?limit=0", "limit");
        bad("?limit=101", "limit");
        bad("?limit=many", "limit");
        bad("?orderBy=name", "orderBy");
        bad("?orderDirection=UP", "orderDirection");
        bad("?sortBy=lastActivity+DESC+NOW", "sortBy");
        bad("?unreadsOnly=yes", "unreadsOnly");
        bad("?offsetTs=yesterday", "offsetTs");
        bad("?lastMessageBefore=x", "lastMessageBefore");
        bad("?lastMessageAfter=1.5", "lastMessageAfter");
        bad("?limit=1&limit=2", "limit");
        bad("", "TalkJS-REST-Version", "TalkJS-REST-Version", "2023-01-01");
    }

    @Test
    void fromVersion20210730AUserWhoLeftNoLongerSeesTheConversation() {
        ok(http.call("DELETE", "/conversations/b/participants/u1", null));
        assertEquals(List.of("a", "c"), ids(""));
        assertEquals(List.of("a", "c"), ids("", "TalkJS-REST-Version", "2021-07-30"));
        assertTrue(ids("", "TalkJS-REST-Version", "2021-02-09").contains("b"));
        assertTrue(ids("", "TalkJS-REST-Version", "2021-01-01").contains("b"));
    }

    @Test
    void fromVersion20240101AnUnknownUserIs404() {
        RestFixture.Reply missing = http.call("GET", "/users/ghost/conversations", null);
        assertEquals(404, missing.status());
        assertEquals("NOT_FOUND", missing.errorCode());
        assertEquals(404, http.call("GET", "/users/ghost/conversations", null, "TalkJS-REST-Version", "2024-01-01").status());
        RestFixture.Reply empty = ok(http.call("GET", "/users/ghost/conversations", null, "TalkJS-REST-Version", "2021-07-30"));
        assertEquals(Map.of("data", List.of()), empty.json());
    }
}
