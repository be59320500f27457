package dev.roster.mongo;

import dev.roster.core.domain.Access;
import dev.roster.core.domain.Conversation;
import dev.roster.core.domain.InboxEntry;
import dev.roster.core.domain.Notify;
import dev.roster.core.spi.Change;
import dev.roster.core.spi.ChangeKind;
import dev.roster.core.spi.ConversationWrite;
import dev.roster.core.spi.UserWrite;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.IntStream;

import static dev.roster.mongo.TestWrites.create;
import static dev.roster.mongo.TestWrites.delete;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The journaled path is all or nothing once recovery has run: a write killed between two
 * documents (a fault injected there) is finished by another process over the same database.
 */
class MongoRecoveryTest {

    private final MongoFixture fixture = new MongoFixture();
    private final String app = "app-" + UUID.randomUUID();

    /** What a crash looks like to the writer: the process stops at this point. */
    private static final class Crash extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    private static List<String> ids(int n) {
        return IntStream.range(0, n).mapToObj(i -> "u" + i + "-" + UUID.randomUUID()).sorted().toList();
    }

    private static List<UserWrite> creates(List<String> ids) {
        return ids.stream().map(id -> new UserWrite(MongoFixture.user(id, "N " + id), 0)).toList();
    }

    private static List<Change> changesOf(MongoStorage store, String app) {
        return store.changes().readAfter(0, 10_000).stream().filter(c -> c.appId().equals(app)).toList();
    }

    @Test
    void aBatchKilledAfterItsCommitIsRolledForwardByAnotherProcess() {
        MongoStorage writer = fixture.journaled(Duration.ZERO);
        List<String> ids = ids(5);
        writer.users().write(app, creates(ids));
        List<UserWrite> renames = ids.stream()
                .map(id -> new UserWrite(MongoFixture.user(id, "Renamed " + id), 1)).toList();
        writer.injectFaults((stage, index) -> {
            if (stage.equals("applied") && index == 1) {
                throw new Crash();
            }
        });

        assertThrows(Crash.class, () -> writer.users().write(app, renames));

        Map<String, Long> versionsSeen = new TreeMap<>();
        writer.users().load(app, ids).forEach((id, v) -> versionsSeen.put(id, v.version()));
        assertEquals(List.of(2L, 2L, 1L, 1L, 1L), ids.stream().map(versionsSeen::get).toList(),
                "the crash left the batch half applied");

        MongoStorage other = fixture.journaled(Duration.ZERO);
        var after = other.users().load(app, ids);
        for (String id : ids) {
            assertEquals(2, after.get(id).version(), id);
            assertEquals("Renamed " + id, after.get(id).value().name());
        }
        List<Change> changes = changesOf(other, app);
        assertEquals(10, changes.size(), "one change per created and per renamed user: " + changes);
        assertTrue(other.database().getCollection("journal").countDocuments() == 0);
        assertTrue(other.users().write(app, List.of(new UserWrite(MongoFixture.user(ids.get(0), "Again"), 2))),
                "nothing stays locked");
    }

    @Test
    void aCommittedBatchIsWholeWhenTheNextProcessStartsAlthoughItsLeaseHasNotExpired() {
        MongoStorage writer = fixture.journaled(Duration.ofMinutes(5));
        List<String> ids = ids(4);
        writer.injectFaults((stage, index) -> {
            if (stage.equals("applied") && index == 1) {
                throw new Crash();
            }
        });
        assertThrows(Crash.class, () -> writer.users().write(app, creates(ids)));
        assertEquals(2, writer.users().load(app, ids).size(), "the crash left the batch half applied");

        MongoStorage restarted = fixture.journaled(Duration.ofMinutes(5));
        assertEquals(Set.copyOf(ids), restarted.users().load(app, ids).keySet(), "the batch is whole at once");
        assertEquals(4, changesOf(restarted, app).size());
        assertEquals(0, restarted.database().getCollection("journal").countDocuments());
    }

    @Test
    void aBatchKilledBeforeItsCommitIsAbortedOnceItsLeaseExpires() {
        MongoStorage writer = fixture.journaled(Duration.ZERO);
        List<String> existing = ids(2);
        writer.users().write(app, creates(existing));
        List<String> fresh = ids(2);
        List<UserWrite> batch = new ArrayList<>(creates(fresh));
        existing.forEach(id -> batch.add(new UserWrite(MongoFixture.user(id, "Changed"), 1)));
        writer.injectFaults((stage, index) -> {
            if (stage.equals("claimed") && index == 2) {
                throw new Crash();
            }
        });

        assertThrows(Crash.class, () -> writer.users().write(app, batch));
        assertEquals(Map.of(), writer.users().load(app, fresh), "claims are invisible to readers");

        MongoStorage other = fixture.journaled(Duration.ZERO);
        assertEquals(Map.of(), other.users().load(app, fresh), "an aborted batch writes nothing");
        other.users().load(app, existing).values().forEach(v -> assertEquals(1, v.version()));
        assertEquals(2, changesOf(other, app).size(), "only the first two creates are in the log");
        assertEquals(0, other.database().getCollection("users").countDocuments(new Document("lock", new Document("$exists", true))));
        assertTrue(other.users().write(app, batch), "the same batch goes through after recovery");
    }

    @Test
    void aLiveWritersBatchIsLeftAloneUntilItsLeaseExpires() {
        MongoStorage writer = fixture.journaled(Duration.ofMinutes(5));
        List<String> ids = ids(2);
        writer.injectFaults((stage, index) -> {
            if (stage.equals("claimed") && index == 1) {
                throw new Crash();
            }
        });
        assertThrows(Crash.class, () -> writer.users().write(app, creates(ids)));

        MongoStorage other = fixture.journaled(Duration.ZERO);
        assertFalse(other.users().write(app, creates(ids).subList(0, 1)), "a claimed user conflicts");
        assertEquals(1, other.database().getCollection("journal").countDocuments(), "the pending batch is kept");
    }

    @Test
    void aConflictInABatchWritesNothingAndReleasesItsClaims() {
        MongoStorage store = fixture.journaled(Duration.ofMinutes(5));
        List<String> ids = ids(3);
        store.users().write(app, creates(ids.subList(2, 3)));
        long head = store.changes().head();

        assertFalse(store.users().write(app, creates(ids)), "the third user exists already");

        assertEquals(Set.of(ids.get(2)), store.users().load(app, ids).keySet());
        assertEquals(head, store.changes().head());
        assertTrue(store.users().write(app, creates(ids.subList(0, 2))));
    }

    @Test
    void aConversationWriteKilledBetweenDocumentsIsCompletedByRecovery() {
        MongoStorage writer = fixture.journaled(Duration.ZERO);
        String cid = "c-" + UUID.randomUUID();
        Conversation conversation = new Conversation(cid, "Hello", null, null, new TreeMap<>(Map.of("a.b", "$x")), 5, null);
        List<InboxEntry> entries = IntStream.range(0, 3).mapToObj(i -> new InboxEntry("p" + i, cid, Access.READ_WRITE,
                Notify.ALL, 5, 0, false, 5, "Hello", conversation.custom(), null, 5, 0)).toList();
        writer.injectFaults((stage, index) -> {
            if (stage.equals("entry") && index == 1) {
                throw new Crash();
            }
        });

        assertThrows(Crash.class, () -> writer.conversations().write(app,
                new ConversationWrite(cid, 0, conversation, null, entries, Set.of(), List.of(), Set.of())));
        assertEquals(Map.of(), writer.conversations().load(app, List.of(cid)), "not visible before it completes");

        MongoStorage other = fixture.journaled(Duration.ZERO);
        var record = other.conversations().load(app, List.of(cid)).get(cid);
        assertEquals(1, record.version());
        assertEquals(conversation, record.value().conversation());
        assertEquals(Set.of("p0", "p1", "p2"), record.value().entries().keySet());
        List<Change> changes = changesOf(other, app);
        assertEquals(List.of(ChangeKind.CONVERSATION), changes.stream().map(Change::kind).toList());
    }

    private static List<Long> versionsOf(MongoStorage store, String app, String cid) {
        return changesOf(store, app).stream().filter(c -> c.entityId().equals(cid)).map(Change::version).toList();
    }

    private void crashAt(MongoStorage writer, String stage, int index) {
        writer.injectFaults((s, i) -> {
            if (s.equals(stage) && i == index) {
                throw new Crash();
            }
        });
    }

    @Test
    void aDeleteKilledAfterItsCommitIsRolledForwardToItsTombstone() {
        MongoStorage writer = fixture.journaled(Duration.ZERO);
        String cid = "c-" + UUID.randomUUID();
        assertTrue(writer.conversations().write(app, create(cid, 0, "p0", "p1")));
        crashAt(writer, "removed", 0);

        assertThrows(Crash.class, () -> writer.conversations().write(app, delete(cid, 1)));
        assertEquals(Set.of(), writer.conversations().load(app, List.of(cid)).get(cid).value().entries().keySet(),
                "the crash left the delete half applied");

        MongoStorage other = fixture.journaled(Duration.ZERO);
        assertEquals(Map.of(), other.conversations().load(app, List.of(cid)));
        assertEquals(2, other.conversations().tombstoneVersion(app, cid));
        assertEquals(List.of(), other.conversations().listIds(app, null, 10));
        Document tombstone = other.database().getCollection("conversations").find(new Document("cid", cid)).first();
        assertEquals(Set.of("_id", "app", "cid", "cok", "v", "deleted", "outbox"), tombstone.keySet(),
                "nothing of the conversation stays in its tombstone");
        assertEquals(List.of(1L, 2L), versionsOf(other, app, cid));
        assertFalse(other.conversations().write(app, create(cid, 0, "p2")), "the id was used");
        assertTrue(other.conversations().write(app, create(cid, 2, "p2")));
        assertEquals(3, other.conversations().load(app, List.of(cid)).get(cid).version());
    }

    @Test
    void aCreateOfADeletedIdKilledBetweenDocumentsIsCompletedWithTheNextVersion() {
        MongoStorage writer = fixture.journaled(Duration.ZERO);
        String cid = "c-" + UUID.randomUUID();
        assertTrue(writer.conversations().write(app, create(cid, 0, "old")));
        assertTrue(writer.conversations().write(app, delete(cid, 1)));
        crashAt(writer, "entry", 1);

        assertThrows(Crash.class, () -> writer.conversations().write(app, create(cid, 2, "p0", "p1", "p2")));
        assertEquals(Map.of(), writer.conversations().load(app, List.of(cid)), "not visible before it completes");

        MongoStorage other = fixture.journaled(Duration.ZERO);
        var record = other.conversations().load(app, List.of(cid)).get(cid);
        assertEquals(3, record.version());
        assertEquals(Set.of("p0", "p1", "p2"), record.value().entries().keySet());
        assertEquals(0, other.conversations().tombstoneVersion(app, cid));
        assertEquals(List.of(1L, 2L, 3L), versionsOf(other, app, cid));
    }

    @Test
    void aCreateOfADeletedIdKilledBeforeItsCommitLeavesTheTombstone() {
        MongoStorage writer = fixture.journaled(Duration.ZERO);
        String cid = "c-" + UUID.randomUUID();
        assertTrue(writer.conversations().write(app, create(cid, 0, "old")));
        assertTrue(writer.conversations().write(app, delete(cid, 1)));
        crashAt(writer, "claimed", 0);

        assertThrows(Crash.class, () -> writer.conversations().write(app, create(cid, 2, "new")));

        MongoStorage other = fixture.journaled(Duration.ZERO);
        assertEquals(Map.of(), other.conversations().load(app, List.of(cid)));
        assertEquals(2, other.conversations().tombstoneVersion(app, cid));
        assertEquals(List.of(1L, 2L), versionsOf(other, app, cid));
        assertTrue(other.conversations().write(app, create(cid, 2, "new")), "the tombstone is not left locked");
        assertEquals(List.of(1L, 2L, 3L), versionsOf(other, app, cid));
    }

    @Test
    void aBatchThatMeetsTheClaimOfACrashedBatchFinishesItAndConflicts() {
        MongoStorage writer = fixture.journaled(Duration.ZERO);
        MongoStorage other = fixture.journaled(Duration.ZERO);
        List<String> ids = ids(2);
        crashAt(writer, FaultPoint.COMMITTED, 0);
        assertThrows(Crash.class, () -> writer.users().write(app, creates(ids)));
        assertEquals(Map.of(), other.users().load(app, ids), "committed, not yet applied");

        List<UserWrite> renames = ids.stream().map(id -> new UserWrite(MongoFixture.user(id, "Renamed"), 1)).toList();
        assertFalse(other.users().write(app, renames), "the claim makes the batch conflict");
        assertEquals(Set.of(ids.get(0), ids.get(1)), other.users().load(app, ids).keySet(), "rolled forward meanwhile");
        assertTrue(other.users().write(app, renames), "the retry goes through");
        assertEquals(List.of(1L, 2L), versionsOf(other, app, ids.get(1)));
        fixture.assertSettled();
    }

    @Test
    void aConversationWriteThatMeetsTheClaimOfACrashedCreateAbortsItAndConflicts() {
        MongoStorage writer = fixture.journaled(Duration.ZERO);
        MongoStorage other = fixture.journaled(Duration.ZERO);
        String cid = "c-" + UUID.randomUUID();
        crashAt(writer, FaultPoint.CLAIMED, 0);
        assertThrows(Crash.class, () -> writer.conversations().write(app, create(cid, 0, "p0")));

        assertFalse(other.conversations().write(app, create(cid, 0, "p1")), "the claim makes the create conflict");
        assertEquals(Map.of(), other.conversations().load(app, List.of(cid)), "the crashed create was aborted");
        fixture.assertSettled();
        assertTrue(other.conversations().write(app, create(cid, 0, "p1")), "the retry goes through");
        assertEquals(Set.of("p1"), other.conversations().load(app, List.of(cid)).get(cid).value().entries().keySet());
    }

    @Test
    void changeLogPositionsAreDenseUnderConcurrentWriters() throws Exception {
        MongoStorage a = fixture.journaled(Duration.ofMinutes(5));
        MongoStorage b = fixture.journaled(Duration.ofMinutes(5));
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            MongoStorage store = t % 2 == 0 ? a : b;
            List<String> ids = ids(10);
            Thread thread = new Thread(() -> ids.forEach(id -> store.users().write(app, creates(List.of(id)))));
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join(Duration.ofSeconds(30).toMillis());
        }
        List<Change> all = a.changes().readAfter(0, 10_000);
        assertEquals(40, all.size());
        for (int i = 0; i < all.size(); i++) {
            assertEquals(i + 1, all.get(i).position(), "positions have no gap");
        }
        assertEquals(40, b.changes().head());
    }

}
