package dev.roster.http;

import dev.roster.testkit.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.roster.http.RestFixture.data;
import static dev.roster.http.RestFixture.encode;
import static dev.roster.http.RestFixture.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code GET /v1/{appId}/changes} and {@code /changes/events} over real HTTP: the event shape,
 * paging by {@code next}, the event stream resumed by {@code Last-Event-ID}, 400s naming the
 * parameter, and 410 {@code CURSOR_EXPIRED} once retention pruned what a cursor needs.
 */
class ChangeFeedEndpointTest {

    private static final MutableClock clock = new MutableClock(Instant.parse("2024-05-01T00:00:00Z"));

    @RegisterExtension
    static final RestFixture http = RestFixture.jetty().roster(b -> b.clock(clock).changeRetention(Duration.ofDays(1)));

    private RestFixture.Reply changes(String query) {
        return http.call("GET", "/changes" + query, null);
    }

    /** u1 and u2, then conversation c with both, then one message of u1: seven events. */
    private void someWrites() {
        ok(http.call("PUT", "/users", "{\"u1\": {\"name\": \"One\"}, \"u2\": {\"name\": \"Two\"}}"));
        ok(http.call("PUT", "/conversations/c", "{\"participants\": [\"u1\", \"u2\"], \"subject\": \"Hi\"}"));
        ok(http.call("POST", "/conversations/c/messages", "[{\"type\": \"UserMessage\", \"sender\": \"u1\", \"text\": \"yo\"}]"));
    }

    @Test
    void pagesCarryEveryEventWithItsResource() {
        someWrites();
        RestFixture.Reply first = ok(changes("?limit=3"));
        List<Map<String, Object>> events = new ArrayList<>(data(first));
        assertEquals(3, events.size());
        RestFixture.Reply rest = ok(changes("?after=" + encode((String) first.get("next"))));
        events.addAll(data(rest));
        assertEquals(List.of("user.created", "user.created", "conversation.created", "participant.joined",
                "participant.joined", "message.created"), events.stream().map(e -> e.get("type")).toList());

        Map<String, Object> user = events.get(0);
        assertEquals("u1", user.get("userId"));
        assertFalse(user.containsKey("conversationId"), "only the ids that apply");
        assertEquals(clock.millis(), ((Number) user.get("at")).longValue());
        assertEquals("One", ((Map<?, ?>) user.get("data")).get("name"));
        Map<?, ?> conversation = (Map<?, ?>) events.get(2).get("data");
        assertEquals("Hi", conversation.get("subject"));
        assertEquals(Set.of("u1", "u2"), ((Map<?, ?>) conversation.get("participants")).keySet());
        Map<?, ?> joined = (Map<?, ?>) events.get(3).get("data");
        assertEquals("ReadWrite", joined.get("access"));
        assertEquals("c", events.get(3).get("conversationId"));
        Map<?, ?> message = (Map<?, ?>) events.get(5).get("data");
        assertEquals("yo", message.get("text"));
        assertEquals("u1", events.get(5).get("userId"));

        RestFixture.Reply end = ok(changes("?after=" + encode((String) rest.get("next"))));
        assertEquals(List.of(), data(end));
        assertEquals(rest.get("next"), end.get("next"), "at the end, next stays");
        assertEquals(events.get(5).get("id"), rest.get("next"), "the last event's id is where the feed goes on");
    }

    @Test
    void theEventStreamResumesRightAfterLastEventId() {
        someWrites();
        String url = http.url("/v1/" + http.app().id() + "/changes/events");
        String auth = "Bearer " + http.app().secretKey();
        List<SseClient.Event> seen = new ArrayList<>();
        try (SseClient sse = SseClient.open(http.client, url, "Authorization", auth)) {
            assertEquals(200, sse.status);
            for (int i = 0; i < 6; i++) {
                seen.add(next(sse));
            }
            assertEquals("user.created", ((Map<?, ?>) seen.get(0).data()).get("type"));
            ok(http.call("PUT", "/users/u3", "{\"name\": \"Three\"}"));
            SseClient.Event live = next(sse);
            assertEquals("u3", ((Map<?, ?>) live.data()).get("userId"), "a new change arrives on the open stream");
            seen.add(live);
        }
        seen.forEach(e -> assertEquals(e.id(), ((Map<?, ?>) e.data()).get("id"), "the SSE id is the event's id"));
        ok(http.call("PUT", "/users/u1", "{\"name\": \"Uno\"}"));
        try (SseClient resumed = SseClient.open(http.client, url, "Authorization", auth, "Last-Event-ID", seen.get(2).id())) {
            for (int i = 3; i < seen.size(); i++) {
                assertEquals(seen.get(i).data(), next(resumed).data(), "event " + i + " again, in order");
            }
            Map<?, ?> after = (Map<?, ?>) next(resumed).data();
            assertEquals("user.updated", after.get("type"));
            assertEquals("Uno", ((Map<?, ?>) after.get("data")).get("name"));
            assertNull(resumed.poll(Duration.ofMillis(300)), "nothing twice");
        }
    }

    @Test
    void aBadCursorOrLimitIsA400NamingIt() {
        for (String query : List.of("?after=nope", "?after=1", "?after=-1.0", "?limit=0", "?limit=1001", "?limit=x",
                "?after=99999999999.0")) {
            RestFixture.Reply reply = changes(query);
            assertEquals(400, reply.status(), query + " " + reply.text());
            assertEquals("INVALID_ARGUMENT", reply.errorCode());
            String name = query.substring(1, query.indexOf('='));
            assertTrue(reply.errors().containsKey(name), query + " " + reply.text());
        }
        assertEquals(400, changes("?after=1.0&after=2.0").status(), "a repeated parameter");
        RestFixture.Reply stream = http.call("GET", "/changes/events", null, "Last-Event-ID", "1-2");
        assertEquals(400, stream.status());
        assertTrue(stream.errors().containsKey("Last-Event-ID"), stream.text());
    }

    @Test
    void aCursorOlderThanTheRetentionIs410() {
        ok(http.call("PUT", "/users/old", "{\"name\": \"v1\"}"));
        ok(http.call("PUT", "/users/old", "{\"name\": \"v2\"}"));
        String cursor = (String) data(ok(changes("?limit=1"))).get(0).get("id");
        clock.advance(Duration.ofDays(2));
        ok(http.call("PUT", "/users/old", "{\"name\": \"v3\"}"));
        http.roster().changes().prune();

        RestFixture.Reply expired = changes("?after=" + encode(cursor));
        assertEquals(410, expired.status(), expired.text());
        assertEquals("CURSOR_EXPIRED", expired.errorCode());
        RestFixture.Reply stream = http.call("GET", "/changes/events", null, "Last-Event-ID", cursor);
        assertEquals(410, stream.status());
        List<Map<String, Object>> retained = data(ok(changes("")));
        assertEquals(List.of("v3"), retained.stream().map(e -> ((Map<?, ?>) e.get("data")).get("name")).toList());
    }

    private static SseClient.Event next(SseClient sse) {
        SseClient.Event event = sse.poll(SseClient.WAIT);
        assertNotNull(event, "no event within " + SseClient.WAIT);
        return event;
    }
}
