package dev.roster.testkit;

import dev.roster.core.api.Roster;
import dev.roster.core.api.UserOnlineSubscription;
import dev.roster.core.domain.PresenceSession;
import dev.roster.core.domain.User;
import dev.roster.core.domain.UserOnlineSnapshot;
import dev.roster.core.domain.UserPatch;
import dev.roster.core.domain.UserQuery;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Presence (SPEC §7): a user is online while a session of theirs is renewed within the presence
 * window; the store keeps it so that every process agrees. Time comes from the test's clock.
 */
public abstract class PresenceContract extends ContractSupport {

    private static final Duration WINDOW = Duration.ofSeconds(15);

    @Override
    protected Roster.Builder configure(Roster.Builder builder) {
        return builder.presenceWindow(WINDOW).pollInterval(Duration.ofMillis(20));
    }

    private String user(String name) {
        String id = newId(name);
        roster.upsertUser(app.id(), id, UserPatch.builder().name(name).build());
        return id;
    }

    @Test
    void aUserIsOnlineUntilTheWindowPasses() {
        String ann = user("ann");
        String session = newId("s");
        roster.presence().touch(app.id(), ann, session);
        assertEquals(Set.of(ann), roster.presence().online(app.id(), List.of(ann)));

        clock.advance(WINDOW.minusMillis(1));
        assertEquals(Set.of(ann), roster.presence().online(app.id(), List.of(ann)));
        clock.advance(Duration.ofMillis(1));
        assertEquals(Set.of(), roster.presence().online(app.id(), List.of(ann)));
    }

    @Test
    void aRenewedSessionStaysOnlineAndKeepsItsStart() {
        String ann = user("ann");
        String session = newId("s");
        long start = clock.millis();
        roster.presence().touch(app.id(), ann, session);
        clock.advance(Duration.ofSeconds(10));
        roster.presence().touch(app.id(), ann, session);
        clock.advance(Duration.ofSeconds(10));

        List<PresenceSession> sessions = roster.presence().sessions(app.id(), ann);

        assertEquals(List.of(new PresenceSession(session, ann, start, start + 20_000 + 5_000)), sessions);
    }

    @Test
    void endingASessionTakesTheUserOffline() {
        String ann = user("ann");
        String first = newId("s");
        String second = newId("s");
        roster.presence().touch(app.id(), ann, first);
        roster.presence().touch(app.id(), ann, second);
        roster.presence().end(app.id(), first);
        assertEquals(1, roster.presence().sessions(app.id(), ann).size());
        roster.presence().end(app.id(), second);
        assertEquals(List.of(), roster.presence().sessions(app.id(), ann));
    }

    @Test
    void listingFiltersByOnlineState() {
        String a = user("a");
        String b = user("b");
        String c = user("c");
        roster.presence().touch(app.id(), b, newId("s"));
        roster.presence().touch(app.id(), b, newId("s"));

        assertEquals(List.of(b), roster.presence().users(app.id(), null, 10, true).stream().map(User::id).toList());
        List<String> offline = roster.presence().users(app.id(), null, 10, false).stream().map(User::id).toList();
        assertEquals(List.of(a, c).stream().sorted(dev.roster.core.domain.Ids.ORDER).toList(), offline);
        assertEquals(1, roster.presence().users(app.id(), null, 1, false).size());
        assertEquals(List.of(b), roster.listUsers(app.id(), new UserQuery(null, 10, true)).stream().map(User::id).toList(),
                "a user query with isOnline lists through presence");
    }

    @Test
    void presenceIsScopedByApp() {
        String ann = user("ann");
        roster.presence().touch(newId("other-app"), ann, newId("s"));
        assertTrue(roster.presence().online(app.id(), List.of(ann)).isEmpty());
    }

    @Test
    void expiredSessionsArePurged() {
        String ann = user("ann");
        roster.presence().touch(app.id(), ann, newId("s"));
        clock.advance(WINDOW);
        assertTrue(storage().presence().purgeExpired(clock.millis()) >= 1);
        assertEquals(List.of(), storage().presence().sessions(app.id(), List.of(ann), 0));
    }

    @Test
    void subscribeOnlineFollowsTheUserAndTheirPresence() {
        String ann = user("ann");
        BlockingQueue<Optional<UserOnlineSnapshot>> snapshots = new LinkedBlockingQueue<>();
        UserOnlineSubscription subscription = roster.session(app.id(), ann).user(ann)
                .subscribeOnline(s -> snapshots.add(Optional.ofNullable(s)));

        UserOnlineSnapshot offline = next(snapshots);
        assertEquals("ann", offline.user().name());
        assertFalse(offline.isConnected());

        roster.presence().touch(app.id(), ann, newId("s"));
        UserOnlineSnapshot online = next(snapshots);
        assertTrue(online.isConnected());
        assertSame(offline.user(), online.user(), "the user part did not change");

        roster.upsertUser(app.id(), ann, UserPatch.builder().name("Ann").build());
        assertEquals(new UserOnlineSnapshot(await(roster.session(app.id(), ann).user(ann).get()), true), next(snapshots));

        clock.advance(WINDOW);
        assertFalse(next(snapshots).isConnected(), "the session expired");
        subscription.unsubscribe();
    }

    @Test
    void subscribeOnlineToAMissingUserIsNullUntilCreated() {
        String id = newId("nobody");
        BlockingQueue<Optional<UserOnlineSnapshot>> snapshots = new LinkedBlockingQueue<>();
        UserOnlineSubscription subscription = roster.session(app.id(), id).user(id)
                .subscribeOnline(s -> snapshots.add(Optional.ofNullable(s)));
        assertNull(next(snapshots));
        roster.upsertUser(app.id(), id, UserPatch.builder().name("Late").build());
        assertEquals("Late", next(snapshots).user().name());
        subscription.unsubscribe();
    }

    private static UserOnlineSnapshot next(BlockingQueue<Optional<UserOnlineSnapshot>> snapshots) {
        try {
            Optional<UserOnlineSnapshot> next = snapshots.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (next == null) {
                throw new AssertionError("no snapshot within " + WAIT);
            }
            return next.orElse(null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
