package dev.roster.http;

import dev.roster.testkit.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.roster.http.RestFixture.data;
import static dev.roster.http.RestFixture.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Conversations, participants, messages, import and read markers over real HTTP. */
class ConversationEndpointTest {

    private static final MutableClock clock = new MutableClock(Instant.parse("2024-03-01T00:00:00Z"));

    @RegisterExtension
    static final RestFixture http = RestFixture.jetty().roster(b -> b.clock(clock));


    @BeforeEach
    void usersAndAConversation() {
        assertEquals(200, http.call("PUT", "/users", """
                {"u1": {"name": "One"}, "u2": {"name": "Two"}, "u3": {"name": "Three"}}""").status());
        assertEquals(200, http.call("PUT", "/conversations/c1", """
                {"id": "c1", "participants": ["u1", "u2"], "subject": "Random conversation", "custom": {"category": "shoes"}}""").status());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @Test
    void aConversationHasTheSeedShape() {
        Map<String, Object> c = ok(http.call("GET", "/conversations/c1", null)).object();
        assertEquals(Set.of("id", "subject", "topicId", "photoUrl", "welcomeMessages", "custom", "lastMessage",
                "participants", "createdAt"), c.keySet());
        assertEquals("c1", c.get("id"));
        assertEquals("Random conversation", c.get("subject"));
        assertEquals(Map.of("category", "shoes"), c.get("custom"));
        assertNull(c.get("lastMessage"));
        assertNull(c.get("welcomeMessages"));
        Map<String, Object> u1 = map(map(c.get("participants")).get("u1"));
        assertEquals("ReadWrite", u1.get("access"));
        assertEquals(true, u1.get("notify"));
        assertEquals(clock.millis(), ((Number) c.get("createdAt")).longValue());
    }

    @Test
    void putPatchesWithTheSameRuleAndOnlyAddsParticipants() {
        ok(http.call("PUT", "/conversations/c1", """
                {"participants": ["u3"], "subject": null, "custom": {"category": null, "size": "42"}, "welcomeMessages": ["hi"]}"""));
        Map<String, Object> c = http.call("GET", "/conversations/c1", null).object();
        assertNull(c.get("subject"));
        assertEquals(Map.of("size", "42"), c.get("custom"));
        assertEquals(List.of("hi"), c.get("welcomeMessages"));
        assertEquals(Set.of("u1", "u2", "u3"), map(c.get("participants")).keySet());
    }

    @Test
    void badConversationInputIs400AndWritesNothing() {
        Map<String, String> cases = Map.of(
                "{\"id\": \"other\"}", "id",
                "{\"subject\": 5}", "subject",
                "{\"participants\": \"u1\"}", "participants",
                "{\"custom\": {\"a\": 1}}", "custom.a",
                "{\"colour\": \"red\"}", "colour");
        cases.forEach((body, field) -> {
            RestFixture.Reply reply = http.call("PUT", "/conversations/c2", body);
            assertEquals(400, reply.status(), body);
            assertTrue(reply.errors().containsKey(field), reply.text());
        });
        assertEquals(404, http.call("GET", "/conversations/c2", null).status());
        assertEquals(404, http.call("PUT", "/conversations/c2", "{\"participants\": [\"nobody\"]}").status());
        assertEquals(404, http.call("GET", "/conversations/c2", null).status());
    }

    @Test
    void listAndDeleteConversations() {
        ok(http.call("PUT", "/conversations/c2", "{}"));
        ok(http.call("PUT", "/conversations/c3", "{}"));
        assertEquals(List.of("c1", "c2"), data(ok(http.call("GET", "/conversations?limit=2", null)))
                .stream().map(c -> c.get("id")).toList());
        assertEquals(List.of("c3"), data(ok(http.call("GET", "/conversations?limit=2&startingAfter=c2", null)))
                .stream().map(c -> c.get("id")).toList());
        assertEquals(400, http.call("GET", "/conversations?limit=0", null).status());
        ok(http.call("DELETE", "/conversations/c2", null));
        assertEquals(404, http.call("GET", "/conversations/c2", null).status());
        assertEquals(404, http.call("DELETE", "/conversations/c2", null).status());
    }

    @Test
    void participantsJoinChangeAndLeave() {
        ok(http.call("PUT", "/conversations/c1/participants/u3", "{\"access\": \"Read\", \"notify\": \"MentionsOnly\"}"));
        Map<String, Object> u3 = map(map(http.call("GET", "/conversations/c1", null).get("participants")).get("u3"));
        assertEquals("Read", u3.get("access"));
        assertEquals("MentionsOnly", u3.get("notify"));

        ok(http.call("PATCH", "/conversations/c1/participants/u3", "{\"access\": \"None\", \"notify\": false, \"readUntil\": 5}"));
        u3 = map(map(http.call("GET", "/conversations/c1", null).get("participants")).get("u3"));
        assertEquals("None", u3.get("access"));
        assertEquals(false, u3.get("notify"));
        assertEquals(5, ((Number) u3.get("readUntil")).intValue());

        ok(http.call("PUT", "/conversations/c1/participants/u3", null));
        u3 = map(map(http.call("GET", "/conversations/c1", null).get("participants")).get("u3"));
        assertEquals("ReadWrite", u3.get("access"));
        assertEquals(true, u3.get("notify"));

        ok(http.call("DELETE", "/conversations/c1/participants/u3", null));
        assertEquals(Set.of("u1", "u2"), map(http.call("GET", "/conversations/c1", null).get("participants")).keySet());
        assertEquals(404, http.call("DELETE", "/conversations/c1/participants/u3", null).status());
        assertEquals(404, http.call("PATCH", "/conversations/c1/participants/u3", "{\"notify\": true}").status());
        assertEquals(404, http.call("PUT", "/conversations/nope/participants/u1", null).status());
        RestFixture.Reply bad = http.call("PUT", "/conversations/c1/participants/u3", "{\"access\": \"Write\"}");
        assertEquals(400, bad.status());
        assertTrue(bad.errors().containsKey("access"), bad.text());
        assertEquals(400, http.call("PUT", "/conversations/c1/participants/u3", "{\"readUntil\": 5}").status());
        assertEquals(400, http.call("PATCH", "/conversations/c1/participants/u1", "{\"readUntil\": -1}").status());
    }

    @Test
    void messagesAreSentListedEditedAndDeleted() {
        RestFixture.Reply sent = ok(http.call("POST", "/conversations/c1/messages", """
                [{"type": "UserMessage", "sender": "u1", "text": "hello", "custom": {"k": "v"}},
                 {"type": "SystemMessage", "text": "system says hi"}]"""));
        List<?> ids = (List<?>) sent.json();
        assertEquals(2, ids.size());
        String first = (String) map(ids.get(0)).get("id");
        assertTrue(first.startsWith("msg_"), first);
        clock.advance(Duration.ofSeconds(1));
        String reply = (String) map(((List<?>) ok(http.call("POST", "/conversations/c1/messages",
                "[{\"type\": \"UserMessage\", \"sender\": \"u2\", \"text\": \"re\", \"referencedMessageId\": \"" + first + "\"}]"))
                .json()).get(0)).get("id");

        List<Map<String, Object>> listed = data(ok(http.call("GET", "/conversations/c1/messages", null)));
        assertEquals(3, listed.size());
        assertEquals(reply, listed.get(0).get("id"));
        Map<String, Object> message = ok(http.call("GET", "/conversations/c1/messages/" + first, null)).object();
        assertEquals(Set.of("id", "conversationId", "type", "senderId", "text", "custom", "createdAt", "editedAt", "readBy",
                "origin", "referencedMessageId", "attachment", "location"), message.keySet());
        assertEquals("UserMessage", message.get("type"));
        assertEquals("u1", message.get("senderId"));
        assertEquals("rest", message.get("origin"));
        assertEquals(Map.of("k", "v"), message.get("custom"));
        assertNull(message.get("editedAt"));
        assertEquals(first, listed.get(0).get("referencedMessageId"));
        assertEquals(List.of(listed.get(1).get("id")), data(ok(http.call("GET",
                "/conversations/c1/messages?limit=1&startingAfter=" + reply, null))).stream().map(m -> m.get("id")).toList());

        ok(http.call("PUT", "/conversations/c1/messages/" + first, "{\"text\": \"hello, edited\", \"custom\": {\"k\": null}}"));
        message = http.call("GET", "/conversations/c1/messages/" + first, null).object();
        assertEquals("hello, edited", message.get("text"));
        assertEquals(Map.of(), message.get("custom"));
        assertNotNull(message.get("editedAt"));
        assertEquals(400, http.call("PUT", "/conversations/c1/messages/" + first, "{\"text\": null}").status());
        assertEquals(400, http.call("PUT", "/conversations/c1/messages/" + first, "{\"sender\": \"u2\"}").status());

        ok(http.call("DELETE", "/conversations/c1/messages/" + first, null));
        assertEquals(404, http.call("GET", "/conversations/c1/messages/" + first, null).status());
        assertEquals(404, http.call("PUT", "/conversations/c1/messages/" + first, "{\"text\": \"x\"}").status());
        assertEquals(404, http.call("DELETE", "/conversations/c1/messages/" + first, null).status());
        assertEquals(404, http.call("GET", "/conversations/none/messages", null).status());
    }

    @Test
    void badMessageBatchesWriteNothing() {
        StringBuilder eleven = new StringBuilder("[");
        for (int i = 0; i < 11; i++) {
            eleven.append(i == 0 ? "" : ",").append("{\"type\": \"SystemMessage\", \"text\": \"m").append(i).append("\"}");
        }
        List<String> bodies = List.of(eleven.append("]").toString(), "[]", "{}",
                "[{\"type\": \"UserMessage\", \"sender\": \"u3\", \"text\": \"not a participant\"}]",
                "[{\"type\": \"SystemMessage\", \"text\": \"ok\"}, {\"type\": \"Shout\", \"text\": \"bad\"}]",
                "[{\"type\": \"SystemMessage\", \"text\": \"ok\"}, 7]",
                "[{\"type\": \"UserMessage\", \"sender\": \"u1\", \"text\": \"x\", \"referencedMessageId\": \"msg_none\"}]");
        for (String body : bodies) {
            RestFixture.Reply reply = http.call("POST", "/conversations/c1/messages", body);
            assertEquals(400, reply.status(), body);
            assertEquals("INVALID_ARGUMENT", reply.errorCode());
        }
        assertEquals(List.of(), data(ok(http.call("GET", "/conversations/c1/messages", null))));
        assertEquals(404, http.call("POST", "/conversations/none/messages", "[{\"type\": \"SystemMessage\", \"text\": \"x\"}]").status());
    }

    @Test
    void aRepeatedIdempotencyKeyCreatesNothingNew() {
        String body = "[{\"type\": \"UserMessage\", \"sender\": \"u1\", \"text\": \"once\", \"idempotencyKey\": \"k-1\"}]";
        Object first = ok(http.call("POST", "/conversations/c1/messages", body)).json();
        Object second = ok(http.call("POST", "/conversations/c1/messages", body)).json();
        assertEquals(first, second);
        assertEquals(1, data(http.call("GET", "/conversations/c1/messages", null)).size());
    }

    @Test
    void importedMessagesAreListedByTheirTimestamps() {
        ok(http.call("POST", "/import/conversations/c1/messages", """
                [{"type": "UserMessage", "sender": "u1", "text": "second", "timestamp": 2000, "readBy": ["u2"]},
                 {"type": "UserMessage", "sender": "u2", "text": "first", "timestamp": 1000},
                 {"type": "SystemMessage", "text": "third", "timestamp": 3000}]"""));
        List<Map<String, Object>> listed = data(ok(http.call("GET", "/conversations/c1/messages", null)));
        assertEquals(List.of("third", "second", "first"), listed.stream().map(m -> m.get("text")).toList());
        assertEquals(List.of(3000L, 2000L, 1000L), listed.stream().map(m -> ((Number) m.get("createdAt")).longValue()).toList());
        RestFixture.Reply missing = http.call("POST", "/import/conversations/c1/messages",
                "[{\"type\": \"SystemMessage\", \"text\": \"when?\"}]");
        assertEquals(400, missing.status());
        assertTrue(missing.errors().containsKey("[0].timestamp"), missing.text());
    }

    @Test
    void readByMarksEverythingRead() {
        ok(http.call("POST", "/conversations/c1/messages", "[{\"type\": \"UserMessage\", \"sender\": \"u1\", \"text\": \"hi\"}]"));
        Map<String, Object> entry = data(ok(http.call("GET", "/users/u2/conversations", null))).get(0);
        assertEquals(1, ((Number) entry.get("unreadMessageCount")).intValue());
        assertEquals(true, entry.get("isUnread"));

        ok(http.call("POST", "/conversations/c1/readBy/u2", null));
        entry = data(ok(http.call("GET", "/users/u2/conversations", null))).get(0);
        assertEquals(0, ((Number) entry.get("unreadMessageCount")).intValue());
        assertEquals(false, entry.get("isUnread"));
        assertEquals(List.of("u2"), map(entry.get("lastMessage")).get("readBy"));
        assertEquals(404, http.call("POST", "/conversations/c1/readBy/u3", null).status());
    }

    @Test
    void aDeletedConversationCreatedAgainStartsClean() {
        String old = (String) map(((List<?>) ok(http.call("POST", "/conversations/c1/messages",
                "[{\"type\": \"UserMessage\", \"sender\": \"u1\", \"text\": \"old\"}]")).json()).get(0)).get("id");
        ok(http.call("DELETE", "/conversations/c1", null));
        ok(http.call("PUT", "/conversations/c1", "{\"participants\": [\"u3\"]}"));

        Map<String, Object> c = ok(http.call("GET", "/conversations/c1", null)).object();
        assertEquals(Set.of("u3"), map(c.get("participants")).keySet());
        assertNull(c.get("subject"));
        assertEquals(Map.of(), c.get("custom"));
        assertNull(c.get("lastMessage"));
        assertEquals(List.of(), data(ok(http.call("GET", "/conversations/c1/messages", null))));
        assertEquals(404, http.call("GET", "/conversations/c1/messages/" + old, null).status());
        assertEquals(List.of(), data(ok(http.call("GET", "/users/u1/conversations", null))));
        assertEquals(List.of("c1"), data(ok(http.call("GET", "/users/u3/conversations", null)))
                .stream().map(e -> e.get("id")).toList());
        assertEquals(List.of("c1"), data(ok(http.call("GET", "/conversations", null)))
                .stream().map(e -> e.get("id")).toList());
    }
}
