package dev.roster.testkit;

import dev.roster.core.api.Roster;
import dev.roster.core.api.UserSubscription;
import dev.roster.core.domain.ConversationPatch;
import dev.roster.core.domain.Message;
import dev.roster.core.domain.NewMessage;
import dev.roster.core.domain.User;
import dev.roster.core.domain.UserPatch;
import dev.roster.core.spi.Capability;
import dev.roster.core.spi.Change;
import dev.roster.core.spi.Storage;
import dev.roster.core.spi.UserWrite;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Capability#SHARED_BETWEEN_PROCESSES}: two stores opened on the same data, as two
 * processes would open them, share apps, users, conversations, presence and one change log, and
 * their writes never overwrite each other. A store that declares the capability must let the
 * suite open the second one ({@link #openAnotherProcess()}).
 */
public abstract class SharedBetweenProcessesContract extends TwoProcessContract {

    private static final int WRITES = 20;

    @Test
    void writesOfOneProcessAreReadByTheOther() {
        String me = newId("me");
        String c = newId("c");
        try (Roster there = builder().storage(other).build()) {
            there.upsertUser(app.id(), me, UserPatch.builder().name("There").build());
            there.conversations().upsert(app.id(), c, ConversationPatch.none().withParticipants(me));
            there.conversations().send(app.id(), c, List.of(NewMessage.user(me, "from there")));
        }
        assertEquals("There", roster.findUser(app.id(), me).orElseThrow().name());
        assertEquals(List.of("from there"), roster.conversations().messages(app.id(), c, null, 10).stream()
                .map(Message::text).toList());
    }

    @Test
    void activityIsSharedAndThrottledBetweenProcesses() {
        String me = newId("me");
        roster.upsertUser(app.id(), me, UserPatch.builder().name("Me").build());
        long first = clock.millis();
        roster.recordActivity(app.id(), me);
        try (Roster there = builder().storage(other).build()) {
            assertEquals(first, there.lifecycles(app.id(), List.of(me)).get(me).lastActiveAt());
            clock.advance(Duration.ofSeconds(30));
            there.recordActivity(app.id(), me);
            assertEquals(first, roster.lifecycles(app.id(), List.of(me)).get(me).lastActiveAt(),
                    "the other process does not write within the minute");
        }
    }

    @Test
    void bothProcessesAppendToOneGapFreeLog() {
        long head = storage().changes().assigned();
        CompletableFuture<Void> here = CompletableFuture.runAsync(() -> createUsers(storage(), "here"));
        CompletableFuture<Void> there = CompletableFuture.runAsync(() -> createUsers(other, "there"));
        await(CompletableFuture.allOf(here, there));
        List<Change> seenHere = storage().changes().readAfter(head, 1000);
        assertEquals(seenHere, other.changes().readAfter(head, 1000), "both processes read the same log");
        assertEquals(2 * WRITES, seenHere.size());
        assertEquals(head + 2 * WRITES, other.changes().assigned());
    }

    @Test
    void noUpdateIsLostBetweenProcesses() {
        String id = newId("u");
        roster.upsertUser(app.id(), id, UserPatch.builder().name("start").build());
        try (Roster there = builder().storage(other).build()) {
            List<CompletableFuture<Void>> writers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                Roster through = w % 2 == 0 ? roster : there;
                String key = "w" + w;
                writers.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < WRITES; i++) {
                        through.upsertUser(app.id(), id, UserPatch.builder().custom(key, "" + i).build());
                    }
                }));
            }
            await(CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)));
        }
        Map<String, String> expected = new TreeMap<>();
        for (int w = 0; w < 4; w++) {
            expected.put("w" + w, "" + (WRITES - 1));
        }
        assertEquals(expected, roster.findUser(app.id(), id).orElseThrow().custom());
    }

    @Test
    void aSubscriberSeesTheWritesOfTheOtherProcess() {
        String id = newId("u");
        SnapshotQueue snapshots = new SnapshotQueue();
        try (Roster here = builder().pollInterval(Duration.ofMillis(20)).build();
             Roster there = builder().storage(other).build()) {
            UserSubscription subscription = here.session(app.id(), id).user(id).subscribe(snapshots);
            assertNull(snapshots.next());
            there.upsertUser(app.id(), id, UserPatch.builder().name("Remote").build());
            assertEquals("Remote", snapshots.next().name());
            there.upsertUser(app.id(), id, UserPatch.builder().name("Remote 2").build());
            assertEquals("Remote 2", snapshots.next().name());
            assertEquals("Remote 2", await(here.session(app.id(), id).user(id).get()).name(),
                    "the other process's write refreshed this process's cache");
            subscription.unsubscribe();
        }
    }

    @Test
    void presenceIsSharedBetweenProcesses() {
        String id = newId("u");
        roster.upsertUser(app.id(), id, UserPatch.builder().name("Online").build());
        try (Roster there = builder().storage(other).build()) {
            there.presence().touch(app.id(), id, newId("session"));
        }
        assertEquals(Set.of(id), roster.presence().online(app.id(), List.of(id)));
    }

    @Test
    void sendsFromBothProcessesAllCount() {
        String me = newId("me");
        String sender = newId("sender");
        roster.upsertUsers(app.id(), Map.of(me, UserPatch.builder().name("Me").build(),
                sender, UserPatch.builder().name("Sender").build()));
        String c = newId("c");
        roster.conversations().upsert(app.id(), c, ConversationPatch.none().withParticipants(me, sender));
        try (Roster there = builder().storage(other).build()) {
            Function<Roster, CompletableFuture<Void>> sends = through -> CompletableFuture.runAsync(() -> {
                for (int i = 0; i < WRITES / 2; i++) {
                    through.conversations().send(app.id(), c, List.of(NewMessage.user(sender, "m" + i)));
                }
            });
            await(CompletableFuture.allOf(sends.apply(roster), sends.apply(there)));
        }
        assertEquals(WRITES, roster.conversations().messages(app.id(), c, null, 100).size());
        assertEquals(WRITES, storage().conversations().load(app.id(), List.of(c)).get(c).value().entries().get(me)
                .unreadCount());
    }

    private void createUsers(Storage store, String prefix) {
        for (int i = 0; i < WRITES; i++) {
            User user = User.create(newId(prefix), UserPatch.builder().name(prefix).build(), clock.millis());
            assertTrue(store.users().write(app.id(), List.of(new UserWrite(user, 0))));
        }
    }
}
