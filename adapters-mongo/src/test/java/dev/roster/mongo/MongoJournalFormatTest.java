package dev.roster.mongo;

import dev.roster.core.domain.Conversation;
import dev.roster.core.domain.ConversationRecord;
import dev.roster.core.domain.InboxEntry;
import dev.roster.core.domain.Message;
import dev.roster.core.spi.Change;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static dev.roster.mongo.TestWrites.conversation;
import static dev.roster.mongo.TestWrites.entry;
import static dev.roster.mongo.TestWrites.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Journal entries and claims in the layout written before the one engine (kinds {@code users} and
 * {@code conversation}, the claim in {@code lock}), inserted by hand as a crashed process of that
 * version left them, are finished by this one on start.
 */
class MongoJournalFormatTest {

    private static final String APP = "app";

    private final MongoFixture fixture = new MongoFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    private static Document userFields(String name, long version) {
        return new Document("name", name).append("email", List.of()).append("phone", List.of())
                .append("photoUrl", null).append("welcomeMessage", null).append("role", "default")
                .append("locale", null).append("custom", List.of(new Document("k", "team").append("v", "a")))
                .append("pushTokens", List.of()).append("availabilityText", null)
                .append("createdAt", 1_700_000_000_000L).append("v", version);
    }

    private Document journalEntry(ObjectId id, String kind, String state) {
        return new Document("_id", id).append("kind", kind).append("app", APP).append("state", state)
                .append("expires", 0L);
    }

    @Test
    void aCommittedUserBatchOfTheEarlierLayoutIsRolledForward() {
        ObjectId id = new ObjectId();
        Document existing = new Document("app", APP).append("uid", "u1").append("ok", "u1");
        existing.putAll(userFields("Old", 1));
        fixture.database().getCollection("users").insertMany(List.of(existing.append("lock", id),
                new Document("app", APP).append("uid", "u2").append("ok", "u2").append("v", 0L).append("lock", id)));
        fixture.database().getCollection("journal").insertOne(journalEntry(id, "users", "committed").append("writes", List.of(
                new Document("uid", "u1").append("expected", 1L).append("fields", userFields("New", 2)),
                new Document("uid", "u2").append("expected", 0L).append("fields", userFields("Fresh", 1)))));

        MongoStorage store = fixture.journaled(Duration.ZERO);

        var users = store.users().load(APP, List.of("u1", "u2"));
        assertEquals("New", users.get("u1").value().name());
        assertEquals(2, users.get("u1").version());
        assertEquals(new TreeMap<>(Map.of("team", "a")), users.get("u1").value().custom());
        assertEquals("Fresh", users.get("u2").value().name());
        assertEquals(List.of("USER/u1/2", "USER/u2/1"), changes(store));
        fixture.assertSettled();
    }

    @Test
    void aPendingUserBatchOfTheEarlierLayoutIsAborted() {
        ObjectId id = new ObjectId();
        fixture.database().getCollection("users").insertOne(
                new Document("app", APP).append("uid", "u1").append("ok", "u1").append("v", 0L).append("lock", id));
        fixture.database().getCollection("journal").insertOne(journalEntry(id, "users", "pending").append("writes", List.of(
                new Document("uid", "u1").append("expected", 0L).append("fields", userFields("Fresh", 1)))));

        MongoStorage store = fixture.journaled(Duration.ZERO);

        assertEquals(Map.of(), store.users().load(APP, List.of("u1")));
        assertEquals(0, fixture.database().getCollection("users").countDocuments());
        fixture.assertSettled();
    }

    @Test
    void aCommittedConversationWriteOfTheEarlierLayoutIsRolledForward() {
        ObjectId id = new ObjectId();
        Conversation c = conversation("c1", "Hello");
        InboxEntry entry = entry("p0", c, 1);
        Message message = message("m0", "c1", 9);
        fixture.database().getCollection("conversations").insertOne(new Document("app", APP).append("cid", "c1")
                .append("cok", "c1").append("v", 0L).append("lock", id));
        fixture.database().getCollection("journal").insertOne(journalEntry(id, "conversation", "committed")
                .append("cid", "c1").append("expected", 0L)
                .append("conversation", new Document("subject", "Hello").append("photoUrl", null)
                        .append("welcomeMessages", null).append("custom", List.of(new Document("k", "k").append("v", "v")))
                        .append("createdAt", 5L).append("topicId", null).append("lastMessageId", null)
                        .append("deleted", false).append("v", 0L).append("cid", "c1"))
                .append("lastMessageId", "m0")
                .append("putEntries", List.of(ConversationDocuments.entry(APP, entry))).append("removeEntries", List.of())
                .append("putMessages", List.of(ConversationDocuments.message(APP, message))).append("removeMessages", List.of()));

        MongoStorage store = fixture.journaled(Duration.ZERO);

        var loaded = store.conversations().load(APP, List.of("c1")).get("c1");
        assertEquals(1, loaded.version());
        assertEquals(new ConversationRecord(c, message, Map.of("p0", entry)), loaded.value());
        assertEquals(List.of("CONVERSATION/c1/1"), changes(store));
        assertNull(fixture.database().getCollection("conversations").find().first().get("lock"));
        fixture.assertSettled();
    }

    private static List<String> changes(MongoStorage store) {
        return store.changes().readAfter(0, 100).stream().map(MongoJournalFormatTest::describe).toList();
    }

    private static String describe(Change c) {
        return c.kind() + "/" + c.entityId() + "/" + c.version();
    }
}
