package dev.roster.testkit;

import dev.roster.core.api.ChangeFeed;
import dev.roster.core.api.Registration;
import dev.roster.core.api.Roster;
import dev.roster.core.domain.Access;
import dev.roster.core.domain.App;
import dev.roster.core.domain.AppSettings;
import dev.roster.core.domain.ConversationPatch;
import dev.roster.core.domain.ErrorCode;
import dev.roster.core.domain.FeedCursor;
import dev.roster.core.domain.FeedData;
import dev.roster.core.domain.FeedEvent;
import dev.roster.core.domain.FeedEventType;
import dev.roster.core.domain.FeedPage;
import dev.roster.core.domain.FieldPatch;
import dev.roster.core.domain.KeyPatch;
import dev.roster.core.domain.MessagePatch;
import dev.roster.core.domain.NewMessage;
import dev.roster.core.domain.ParticipationPatch;
import dev.roster.core.domain.RosterException;
import dev.roster.core.domain.User;
import dev.roster.core.domain.UserPatch;
import dev.roster.core.spi.Storage;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The public change feed (SPEC §11) over the store's change log: every event type with the
 * resource after its change, commit order without gap or duplicate under concurrent writers,
 * resumption from a persisted cursor (also in a new process on the same data), one app's events
 * only, and retention with expired cursors.
 */
public abstract class ChangeFeedContract extends ConversationSupport {

    /**
     * A second store on the same data, as a restarted process opens it, or null where the store
     * keeps nothing beyond itself (then the test of resuming after a restart is skipped).
     *
     * @return the store, which the caller closes, or null
     */
    protected Storage reopen() {
        return null;
    }

    private ChangeFeed feed() {
        return roster.changes();
    }

    private List<FeedEvent> all(Roster from) {
        List<FeedEvent> events = new ArrayList<>();
        FeedCursor cursor = FeedCursor.START;
        while (true) {
            FeedPage page = from.changes().read(app.id(), cursor, ChangeFeed.MAX_LIMIT);
            events.addAll(page.events());
            if (page.next().equals(cursor)) {
                return events;
            }
            cursor = page.next();
        }
    }

    private static List<String> types(List<FeedEvent> events) {
        return events.stream().map(e -> e.type().wire()).toList();
    }

    @Test
    void everyWriteIsItsEventsWithTheResourceAfterIt() {
        String u1 = newId("u");
        String u2 = newId("u");
        roster.upsertUser(app.id(), u1, UserPatch.builder().name("Ann").build());
        roster.upsertUser(app.id(), u2, UserPatch.builder().name("Bob").build());
        roster.upsertUser(app.id(), u1, UserPatch.builder().name("Anna").build());
        String c = newId("c");
        conversations().upsert(app.id(), c, ConversationPatch.none().withParticipants(u1, u2));
        conversations().upsert(app.id(), c, ConversationPatch.none().withSubject("Plans"));
        conversations().patchParticipant(app.id(), c, u2, ParticipationPatch.of(Access.READ, null));
        tick(5);
        String m = conversations().send(app.id(), c, List.of(NewMessage.user(u1, "typo"))).get(0);
        tick(5);
        conversations().editMessage(app.id(), c, m, new MessagePatch(FieldPatch.of("fixed"),
                FieldPatch.of(new KeyPatch<>(Map.of(), Set.of()))));
        conversations().deleteMessage(app.id(), c, m);
        conversations().leave(app.id(), c, u2);
        conversations().delete(app.id(), c);
        roster.eraseUser(app.id(), u2, "Gone");

        List<FeedEvent> events = all(roster);
        assertEquals(List.of("user.created", "user.created", "user.updated",
                "conversation.created", "participant.joined", "participant.joined",
                "conversation.updated", "participant.updated",
                "message.created", "message.updated", "message.deleted",
                "participant.left", "conversation.deleted", "user.erased"), types(events));

        assertEquals("Ann", user(events.get(0)).name());
        assertEquals(u1, events.get(0).userId());
        assertNull(events.get(0).conversationId());
        assertEquals("Anna", user(events.get(2)).name(), "the user as it was right after that change");
        FeedData.ConversationState created = assertInstanceOf(FeedData.ConversationState.class, events.get(3).data());
        assertEquals(Set.of(u1, u2), created.conversation().participants().keySet());
        assertNull(created.conversation().conversation().subject());
        assertEquals(Set.of(u1, u2), Set.of(events.get(4).userId(), events.get(5).userId()));
        FeedData.ConversationState updated = assertInstanceOf(FeedData.ConversationState.class, events.get(6).data());
        assertEquals("Plans", updated.conversation().conversation().subject());
        FeedData.ParticipantState access = assertInstanceOf(FeedData.ParticipantState.class, events.get(7).data());
        assertEquals(Access.READ, access.participant().access());
        assertEquals(u2, events.get(7).userId());
        FeedData.MessageState sent = assertInstanceOf(FeedData.MessageState.class, events.get(8).data());
        assertEquals("typo", sent.message().text(), "the message as sent, not as edited later");
        assertEquals(u1, events.get(8).userId());
        FeedData.MessageState edited = assertInstanceOf(FeedData.MessageState.class, events.get(9).data());
        assertEquals("fixed", edited.message().text());
        assertEquals(clock.millis(), events.get(9).at());
        assertEquals(new FeedData.Removed(m), events.get(10).data());
        FeedData.ParticipantState left = assertInstanceOf(FeedData.ParticipantState.class, events.get(11).data());
        assertTrue(left.participant().left());
        assertEquals(new FeedData.Removed(c), events.get(12).data());
        events.subList(3, 13).forEach(e -> assertEquals(c, e.conversationId()));
        assertEquals("Gone", user(events.get(13)).name());
        assertEquals(u2, events.get(13).userId());
        events.forEach(e -> assertEquals(app.id(), e.appId()));
    }

    @Test
    void deactivationAndReactivationAreTheirOwnEventsAndRevocationAnUpdate() {
        String u = newId("u");
        roster.upsertUser(app.id(), u, UserPatch.builder().name("Dee").build());
        roster.deactivateUser(app.id(), u);
        roster.deactivateUser(app.id(), u);
        roster.revokeUserTokens(app.id(), u, null);
        roster.reactivateUser(app.id(), u);

        List<FeedEvent> events = all(roster);
        assertEquals(List.of("user.created", "user.deactivated", "user.updated", "user.reactivated"), types(events),
                "a second deactivation writes nothing");
        assertTrue(user(events.get(1)).deactivated());
        assertEquals(Long.valueOf(clock.millis()), user(events.get(1)).deactivatedAt());
        assertFalse(user(events.get(3)).deactivated());
        events.forEach(e -> assertEquals(u, e.userId()));
    }

    @Test
    void oneWriteOfManyEventsGivesEachItsOwnCursor() {
        String u1 = newUser();
        String u2 = newUser();
        String u3 = newUser();
        FeedCursor before = last(all(roster));
        String c = newConversation(u1, u2, u3);
        List<FeedEvent> created = feed().read(app.id(), before, ChangeFeed.MAX_LIMIT).events();
        assertEquals(List.of("conversation.created", "participant.joined", "participant.joined", "participant.joined"),
                types(created));
        for (int i = 0; i < created.size(); i++) {
            List<FeedEvent> after = feed().read(app.id(), created.get(i).id(), ChangeFeed.MAX_LIMIT).events();
            assertEquals(created.subList(i + 1, created.size()), after, "resuming after event " + i);
        }
        assertEquals(created.subList(0, 2), feed().read(app.id(), before, 2).events());
        assertEquals(c, created.get(0).conversationId());
    }

    @Test
    void pagesOfAnySizeMakeTheSameFeed() {
        for (int i = 0; i < 4; i++) {
            newConversation(newUser(), newUser());
        }
        List<FeedEvent> whole = all(roster);
        for (int size : new int[] {1, 2, 3, 7}) {
            List<FeedEvent> paged = new ArrayList<>();
            FeedCursor cursor = FeedCursor.START;
            FeedPage page;
            do {
                page = feed().read(app.id(), cursor, size);
                assertTrue(page.events().size() <= size);
                paged.addAll(page.events());
                cursor = page.next();
            } while (!page.events().isEmpty());
            assertEquals(whole, paged, "pages of " + size);
            assertEquals(cursor, FeedCursor.parse(cursor.toString(), "after"), "a cursor survives its text");
        }
    }

    @Test
    void concurrentWritersMakeOneFeedWithoutGapOrDuplicate() throws Exception {
        List<FeedEvent> followed = new CopyOnWriteArrayList<>();
        int writers = 4;
        int writes = 25;
        CountDownLatch all = new CountDownLatch(writers * writes);
        try (Registration ignored = feed().follow(app.id(), FeedCursor.START, event -> {
            followed.add(event);
            all.countDown();
        })) {
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            try {
                List<CompletableFuture<Void>> done = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    String user = newId("w" + w);
                    done.add(CompletableFuture.runAsync(() -> {
                        for (int i = 0; i < writes; i++) {
                            roster.upsertUser(app.id(), user, UserPatch.builder().name("n" + i).build());
                        }
                    }, pool));
                }
                CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } finally {
                pool.shutdown();
            }
            assertTrue(all.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), "the follower saw every event");
        }
        List<FeedEvent> read = all(roster);
        assertEquals(writers * writes, read.size());
        assertEquals(read, followed, "following and reading give the same feed");
        assertEquals(read.size(), new HashSet<>(read.stream().map(FeedEvent::id).toList()).size(), "no duplicate");
        Map<String, List<String>> namesByUser = new TreeMap<>();
        read.forEach(e -> namesByUser.computeIfAbsent(e.userId(), k -> new ArrayList<>()).add(user(e).name()));
        List<String> inOrder = IntStream.range(0, writes).mapToObj(i -> "n" + i).toList();
        assertEquals(writers, namesByUser.size());
        namesByUser.values().forEach(names -> assertEquals(inOrder, names, "each user's events in commit order"));
        read.stream().filter(e -> user(e).name().equals("n0"))
                .forEach(e -> assertEquals(FeedEventType.USER_CREATED, e.type()));
    }

    @Test
    void aFollowerResumesFromAPersistedCursor() throws Exception {
        String u = newUser();
        String c = newConversation(u);
        String saved = last(all(roster)).toString();
        conversations().send(app.id(), c, List.of(NewMessage.user(u, "one"), NewMessage.user(u, "two")));
        List<FeedEvent> resumed = new CopyOnWriteArrayList<>();
        CountDownLatch two = new CountDownLatch(2);
        try (Roster restarted = builder().build();
             Registration ignored = restarted.changes().follow(app.id(), FeedCursor.parse(saved, "after"), e -> {
                 resumed.add(e);
                 two.countDown();
             })) {
            assertTrue(two.await(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        }
        assertEquals(List.of("one", "two"), resumed.stream()
                .map(e -> assertInstanceOf(FeedData.MessageState.class, e.data()).message().text()).toList());
    }

    @Test
    void aNewProcessOnTheSameDataResumesFromACursor() {
        String u = newUser();
        FeedCursor saved = last(all(roster));
        roster.upsertUser(app.id(), u, UserPatch.builder().name("Later").build());
        List<FeedEvent> here = feed().read(app.id(), saved, ChangeFeed.MAX_LIMIT).events();
        Storage other = reopen();
        Assumptions.assumeTrue(other != null, "the store keeps nothing beyond itself");
        try (other; Roster restarted = Roster.builder().storage(other).clock(clock).build()) {
            FeedPage page = restarted.changes().read(app.id(), FeedCursor.parse(saved.toString(), "after"), 10);
            assertEquals(here, page.events());
            assertEquals("Later", user(page.events().get(0)).name());
        }
    }

    @Test
    void anAppSeesOnlyItsOwnEvents() {
        App other = roster.saveApp(new App(newId("app"), "sk_test_" + UUID.randomUUID(), AppSettings.defaults()));
        roster.upsertUser(other.id(), newId("u"), UserPatch.builder().name("Elsewhere").build());
        String mine = newUser();
        roster.upsertUser(other.id(), newId("u"), UserPatch.builder().name("Elsewhere").build());
        List<FeedEvent> events = all(roster);
        assertEquals(List.of(mine), events.stream().map(FeedEvent::userId).toList());
        List<FeedEvent> theirs = feed().read(other.id(), FeedCursor.START, 10).events();
        assertEquals(2, theirs.size());
        theirs.forEach(e -> assertEquals(other.id(), e.appId()));
    }

    @Test
    void retentionPrunesOldEventsAndExpiresTheirCursors() {
        // Pruning removes the log's oldest entries while they are older than the retention, and
        // other tests' entries come first: a clock past all of them keeps them from stopping it.
        clock.set(Instant.now().plus(Duration.ofDays(365)));
        try (Roster shortLived = builder().changeRetention(Duration.ofDays(1)).build()) {
            String u = newId("u");
            shortLived.upsertUser(app.id(), u, UserPatch.builder().name("v1").build());
            shortLived.upsertUser(app.id(), u, UserPatch.builder().name("v2").build());
            FeedCursor afterFirst = shortLived.changes().read(app.id(), FeedCursor.START, 1).next();
            clock.advance(Duration.ofDays(2));
            shortLived.upsertUser(app.id(), u, UserPatch.builder().name("v3").build());
            shortLived.changes().prune();

            RosterException expired = assertThrows(RosterException.class,
                    () -> shortLived.changes().read(app.id(), afterFirst, 10));
            assertEquals(ErrorCode.CURSOR_EXPIRED, expired.code());
            assertEquals(List.of("v3"), all(shortLived).stream().map(e -> user(e).name()).toList(),
                    "the retained feed starts after what was pruned");
            assertEquals(Duration.ofDays(1), shortLived.changes().retention());
        }
    }

    @Test
    void badInputNamesTheParameter() {
        for (int limit : new int[] {0, ChangeFeed.MAX_LIMIT + 1}) {
            RosterException e = assertThrows(RosterException.class, () -> feed().read(app.id(), FeedCursor.START, limit));
            assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
            assertEquals(Set.of("limit"), e.violations().byField().keySet());
        }
        for (String text : new String[] {"", "x", "1", "1.", ".1", "-1.0", "1.2.3", "99999999999999999999.0"}) {
            RosterException e = assertThrows(RosterException.class, () -> FeedCursor.parse(text, "after"));
            assertEquals(Set.of("after"), e.violations().byField().keySet(), text);
        }
        FeedCursor ahead = new FeedCursor(storage().changes().head() + 1_000_000, 0);
        RosterException e = assertThrows(RosterException.class, () -> feed().read(app.id(), ahead, 10));
        assertEquals(Set.of("after"), e.violations().byField().keySet());
        assertEquals(ErrorCode.NOT_FOUND, assertThrows(RosterException.class,
                () -> feed().read(newId("app"), FeedCursor.START, 10)).code());
    }

    private static User user(FeedEvent event) {
        return assertInstanceOf(FeedData.UserState.class, event.data()).user();
    }

    private static FeedCursor last(List<FeedEvent> events) {
        return events.isEmpty() ? FeedCursor.START : events.get(events.size() - 1).id();
    }
}
