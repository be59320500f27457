package dev.roster.testkit;

import dev.roster.core.api.ChangeEvent;
import dev.roster.core.api.Registration;
import dev.roster.core.api.Roster;
import dev.roster.core.domain.ApiVersion;
import dev.roster.core.domain.App;
import dev.roster.core.domain.AppSettings;
import dev.roster.core.domain.Conversation;
import dev.roster.core.domain.ConversationParams;
import dev.roster.core.domain.ConversationPatch;
import dev.roster.core.domain.ConversationQuery;
import dev.roster.core.domain.ConversationRecord;
import dev.roster.core.domain.ConversationView;
import dev.roster.core.domain.Ids;
import dev.roster.core.domain.InboxEntry;
import dev.roster.core.domain.Message;
import dev.roster.core.domain.NewMessage;
import dev.roster.core.domain.UserConversation;
import dev.roster.core.spi.Change;
import dev.roster.core.spi.ChangeKind;
import dev.roster.core.spi.ConversationStore;
import dev.roster.core.spi.ConversationWrite;
import dev.roster.core.spi.Versioned;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Deleting a conversation and creating its id again (docs/decisions.md, "Deleting"): the delete
 * leaves a tombstone holding the id's version, so the new conversation continues the id's versions
 * (the change log never shows them start over), a write planned before the delete fails its
 * compare-and-set, nothing of the old conversation comes back, and no listing shows a tombstone.
 */
public abstract class ConversationLifecycleContract extends ConversationSupport {

    private ConversationStore store() {
        return storage().conversations();
    }

    private Versioned<ConversationRecord> stored(String conversationId) {
        return store().load(app.id(), List.of(conversationId)).get(conversationId);
    }

    private List<Long> loggedVersions(long afterPosition, String conversationId) {
        return storage().changes().readAfter(afterPosition, Integer.MAX_VALUE).stream()
                .filter(c -> c.appId().equals(app.id()) && c.kind() == ChangeKind.CONVERSATION
                        && c.entityId().equals(conversationId))
                .map(Change::version).toList();
    }

    private static List<Long> oneTo(long last) {
        return LongStream.rangeClosed(1, last).boxed().toList();
    }

    /** A write of the record as it was read, with a new subject: what a writer that read it would try. */
    private static ConversationWrite renaming(String conversationId, Versioned<ConversationRecord> read) {
        ConversationRecord record = read.value();
        Conversation renamed = record.conversation().apply(ConversationPatch.none().withSubject("Stale write"));
        List<InboxEntry> entries = record.entries().values().stream().map(e -> e.withConversation(renamed)).toList();
        return new ConversationWrite(conversationId, read.version(), renamed,
                record.lastMessage() == null ? null : record.lastMessage().id(), entries, Set.of(), List.of(), Set.of());
    }

    @Test
    void aConversationCreatedAgainContinuesTheVersionsOfItsId() {
        String me = newUser();
        long head = storage().changes().assigned();
        String c = newConversation(me);
        conversations().send(app.id(), c, List.of(NewMessage.user(me, "first life")));
        conversations().delete(app.id(), c);
        assertEquals(3, store().tombstoneVersion(app.id(), c), "the delete's version");
        assertNull(stored(c), "a tombstone is not a conversation");

        conversations().upsert(app.id(), c, ConversationPatch.none().withParticipants(me));
        assertEquals(4, stored(c).version(), "the create continues from the tombstone");
        assertEquals(0, store().tombstoneVersion(app.id(), c), "the create replaced the tombstone");

        conversations().delete(app.id(), c);
        await(roster.session(app.id(), me).conversation(c).createIfNotExists(ConversationParams.none()));
        assertEquals(6, stored(c).version(), "a Data API create continues too");
        assertEquals(oneTo(6), loggedVersions(head, c));
        assertEquals(0, store().tombstoneVersion(app.id(), newId("never")));
    }

    @Test
    void aFollowerSpanningTheDeleteAndTheCreateSeesTheVersionsGrow() throws Exception {
        String me = newUser();
        String c = newId("c");
        List<ChangeEvent> seen = new CopyOnWriteArrayList<>();
        CountDownLatch last = new CountDownLatch(1);
        try (Roster follower = Roster.builder().storage(storage()).clock(clock).pollInterval(Duration.ofMillis(20))
                .build()) {
            Registration registration = follower.onChange(change -> {
                if (change.kind() == ChangeEvent.Kind.CONVERSATION && change.entityId().equals(c)) {
                    seen.add(change);
                    if (change.version() == 5) {
                        last.countDown();
                    }
                }
            });
            conversations().upsert(app.id(), c, ConversationPatch.none().withParticipants(me).withSubject("Old"));
            conversations().send(app.id(), c, List.of(NewMessage.user(me, "old")));
            conversations().delete(app.id(), c);
            conversations().upsert(app.id(), c, ConversationPatch.none().withParticipants(me).withSubject("New"));
            conversations().send(app.id(), c, List.of(NewMessage.user(me, "new")));
            assertTrue(last.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), () -> "the follower saw only " + seen);
            registration.close();
            assertEquals(oneTo(5), seen.stream().map(ChangeEvent::version).toList(),
                    "one change per write, each newer than the one before");
            ConversationView now = follower.conversations().find(app.id(), c).orElseThrow();
            assertEquals("New", now.conversation().subject());
            assertEquals("new", now.lastMessage().text());
        }
    }

    @Test
    void aWritePlannedBeforeTheDeleteFailsAfterTheIdIsCreatedAgain() {
        String me = newUser();
        String c = newConversation(me);
        conversations().send(app.id(), c, List.of(NewMessage.user(me, "hello")));
        Versioned<ConversationRecord> before = stored(c);
        ConversationWrite stale = renaming(c, before);
        ConversationWrite staleDelete = new ConversationWrite(c, before.version(), null, null, List.of(), Set.of(),
                List.of(), Set.of());
        ConversationWrite staleCreate = new ConversationWrite(c, 0, before.value().conversation(), null,
                List.copyOf(before.value().entries().values()), Set.of(), List.of(), Set.of());

        conversations().delete(app.id(), c);
        long tombstone = store().tombstoneVersion(app.id(), c);
        assertFalse(store().write(app.id(), stale), "the stale write finds a tombstone");
        assertFalse(store().write(app.id(), staleCreate), "a create planned before the first one: the id is used");
        assertFalse(store().write(app.id(), new ConversationWrite(c, tombstone, null, null, List.of(), Set.of(),
                List.of(), Set.of())), "a delete needs a conversation");
        assertEquals(tombstone, store().tombstoneVersion(app.id(), c), "failed writes leave the tombstone");

        conversations().upsert(app.id(), c, ConversationPatch.none().withParticipants(me));
        conversations().send(app.id(), c, List.of(NewMessage.user(me, "second life")));
        Versioned<ConversationRecord> recreated = stored(c);
        assertNotEquals(before.version(), recreated.version(), "as many writes as before the delete, yet a version never used before");
        long head = storage().changes().assigned();
        assertFalse(store().write(app.id(), stale), "the version it expects is gone for good");
        assertFalse(store().write(app.id(), staleDelete));
        assertFalse(store().write(app.id(), staleCreate));
        assertFalse(store().write(app.id(), renaming(c, new Versioned<>(before.value(), tombstone))),
                "the tombstone's version is gone too");
        assertEquals(head, storage().changes().assigned(), "failed writes log nothing");
        assertEquals(recreated, stored(c), "failed writes change nothing");
        assertNull(stored(c).value().conversation().subject());
    }

    @Test
    void aConversationCreatedAgainStartsClean() {
        String me = newUser();
        String other = newUser();
        String gone = newUser();
        String c = newId("c");
        conversations().upsert(app.id(), c, ConversationPatch.none().withParticipants(me, other, gone)
                .withSubject("Old").withCustom("k", "v"));
        List<String> old = conversations().send(app.id(), c, List.of(
                NewMessage.user(other, "old").withIdempotencyKey("key")));
        conversations().leave(app.id(), c, gone);
        conversations().delete(app.id(), c);

        tick(1000);
        ConversationView created = conversations().upsert(app.id(), c, ConversationPatch.none().withParticipants(me));
        assertEquals(Set.of(me), created.participants().keySet());
        ConversationView found = conversations().find(app.id(), c).orElseThrow();
        assertEquals(created, found);
        assertNull(found.conversation().subject());
        assertEquals(Map.of(), found.conversation().custom());
        assertEquals(clock.millis(), found.conversation().createdAt());
        assertNull(found.lastMessage());
        assertEquals(Set.of(me), stored(c).value().entries().keySet(), "no entry of the old conversation, left or not");
        assertEquals(List.of(), conversations().messages(app.id(), c, null, 10));
        assertTrue(conversations().message(app.id(), c, old.get(0)).isEmpty());

        UserConversation mine = conversations().list(app.id(), ConversationQuery.builder(me).build()).get(0);
        assertEquals(0, mine.unreadMessageCount(), "the old messages are not unread");
        assertEquals(List.of(), ids(ConversationQuery.builder(other).build()));
        assertEquals(List.of(), ids(ConversationQuery.builder(gone).apiVersion(ApiVersion.V2021_02_09).build()),
                "the old conversation's left entry is gone too");

        conversations().putParticipant(app.id(), c, other, null, null);
        List<String> again = conversations().send(app.id(), c, List.of(
                NewMessage.user(other, "new").withIdempotencyKey("key")));
        assertNotEquals(old, again, "an idempotency key of the old conversation is free again");
        List<Message> messages = conversations().messages(app.id(), c, null, 10);
        assertEquals(List.of("new"), messages.stream().map(Message::text).toList());
    }

    @Test
    void listingsNeverShowATombstone() {
        String me = newUser();
        List<String> all = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            all.add(newConversation(me));
            tick(1);
        }
        List<String> live = new ArrayList<>(all);
        live.sort(Ids.ORDER);
        for (String c : List.of(live.get(0), live.get(2), live.get(5))) {
            conversations().delete(app.id(), c);
            live.remove(c);
        }
        List<String> walked = new ArrayList<>();
        String after = null;
        while (walked.size() < live.size()) {
            List<ConversationView> page = conversations().listAll(app.id(), after, 2);
            assertEquals(Math.min(2, live.size() - walked.size()), page.size(), "no short page before the end");
            page.forEach(v -> walked.add(v.conversation().id()));
            after = walked.get(walked.size() - 1);
        }
        assertEquals(List.of(), conversations().listAll(app.id(), after, 2));
        assertEquals(live, walked);
        assertEquals(live, store().listIds(app.id(), null, 10));
        assertEquals(Set.copyOf(live), Set.copyOf(ids(ConversationQuery.builder(me).build())));
    }

    @Test
    void theCountsAreWhatTheListingsWalk() {
        String me = newUser();
        assertEquals(0, store().count(app.id()));
        assertEquals(0, store().countMessages(app.id()));
        String kept = newConversation(me);
        String deleted = newConversation(me);
        String silent = newConversation(me);
        conversations().send(app.id(), kept, List.of(NewMessage.user(me, "one"), NewMessage.user(me, "two")));
        conversations().send(app.id(), deleted, List.of(NewMessage.user(me, "gone")));
        conversations().delete(app.id(), deleted);
        assertEquals(store().listIds(app.id(), null, 10).size(), store().count(app.id()), "a tombstone is not counted");
        assertEquals(2, store().count(app.id()));
        long listed = 0;
        for (String c : List.of(kept, silent)) {
            listed += store().messages(app.id(), c, null, 10).size();
        }
        assertEquals(listed, store().countMessages(app.id()), "the messages of a deleted conversation are not counted");
        App other = roster.saveApp(new App(newId("app"), "sk_test_" + newId("key"), AppSettings.defaults()));
        assertEquals(0, store().count(other.id()), "apps are kept apart");
        assertEquals(0, store().countMessages(other.id()));
    }

    @Test
    void concurrentCreatesOfADeletedIdMakeOneConversation() throws Exception {
        String c = newConversation(newUser());
        conversations().delete(app.id(), c);
        List<String> users = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            users.add(newUser());
        }
        long head = storage().changes().assigned();
        ExecutorService pool = Executors.newFixedThreadPool(users.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<ConversationView>> writes = new ArrayList<>();
            for (String user : users) {
                writes.add(CompletableFuture.supplyAsync(() -> {
                    awaitQuietly(start);
                    return conversations().upsert(app.id(), c, ConversationPatch.none().withParticipants(user));
                }, pool));
            }
            start.countDown();
            for (CompletableFuture<ConversationView> write : writes) {
                await(write);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(Set.copyOf(users), conversations().find(app.id(), c).orElseThrow().participants().keySet());
        assertEquals(LongStream.rangeClosed(3, 2 + users.size()).boxed().toList(), loggedVersions(head, c),
                "one create after the tombstone, then one write per other user");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            if (!latch.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("not started within " + WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
