package dev.roster.testkit;

import dev.roster.core.api.Roster;
import dev.roster.core.api.SubscriptionState;
import dev.roster.core.api.UserRef;
import dev.roster.core.api.UserSubscription;
import dev.roster.core.domain.UserPatch;
import dev.roster.core.domain.UserSnapshot;

import java.time.Duration;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Subscriptions (seed 001): active with the current snapshot (null when no user), a new snapshot
 * when the user is created or a public field changes and only then, and a clean end. Every test
 * runs with the cache on and off and batching on and off ({@link RosterSpec}).
 */
public abstract class UserSubscriptionContract extends ContractSupport {

    private UserRef ref() {
        String id = newId("u");
        return roster.session(app.id(), id).user(id);
    }

    @RosterSpec
    void aSubscriptionToAMissingUserIsActiveWithNullThenSeesTheCreation() {
        UserRef ref = ref();
        SnapshotQueue snapshots = new SnapshotQueue();
        UserSubscription subscription = ref.subscribe(snapshots);
        await(subscription.connected());
        assertNull(snapshots.next());
        assertEquals(new SubscriptionState.Active<>(null), subscription.state());

        roster.upsertUser(app.id(), ref.id(), UserPatch.builder().name("Born").build());

        UserSnapshot created = snapshots.next();
        assertEquals("Born", created.name());
        assertSame(created, ((SubscriptionState.Active<UserSnapshot>) subscription.state()).latestSnapshot());
        subscription.unsubscribe();
    }

    @RosterSpec
    void onlyPublicChangesAreDelivered() {
        UserRef ref = ref();
        roster.upsertUser(app.id(), ref.id(), UserPatch.builder().name("A").build());
        SnapshotQueue snapshots = new SnapshotQueue();
        UserSubscription subscription = ref.subscribe(snapshots);
        assertEquals("A", snapshots.next().name());

        roster.upsertUser(app.id(), ref.id(), UserPatch.builder().email("a@example.com").pushToken("fcm:1", true).build());
        roster.upsertUser(app.id(), ref.id(), UserPatch.builder().name("A").build());
        roster.upsertUser(app.id(), ref.id(), UserPatch.builder().custom("k", "v").build());

        UserSnapshot next = snapshots.next();
        assertEquals(java.util.Map.of("k", "v"), next.custom(), "the private and the idle update were not delivered");
        assertEquals(0, snapshots.pending());
        subscription.unsubscribe();
    }

    @RosterSpec
    void unsubscribeEndsItAndIsIdempotent() {
        UserRef ref = ref();
        SnapshotQueue snapshots = new SnapshotQueue();
        UserSubscription subscription = ref.subscribe(snapshots);
        assertNull(snapshots.next(), "the initial snapshot: no such user yet");
        subscription.unsubscribe();
        subscription.unsubscribe();
        assertEquals(new SubscriptionState.Unsubscribed<>(), subscription.state());
        await(subscription.terminated());

        roster.upsertUser(app.id(), ref.id(), UserPatch.builder().name("After").build());
        UserSnapshot later = await(ref.get());
        assertEquals("After", later.name());
        assertEquals(0, snapshots.pending(), "nothing was delivered after unsubscribe");
    }

    /** Only with batching is a first load left to the executor; without, it runs at once on the subscriber's thread. */
    @RosterSpec(batching = RosterSpec.Batching.ON)
    void unsubscribingWhilePendingFailsConnectedAndTerminates() {
        java.util.Queue<Runnable> held = new java.util.concurrent.ConcurrentLinkedQueue<>();
        try (Roster paused = builder().executor(held::add).build()) {
            String id = newId("u");
            UserSubscription subscription = paused.session(app.id(), id).user(id).subscribe(s -> { });
            assertEquals(new SubscriptionState.Pending<>(), subscription.state());

            subscription.unsubscribe();

            assertEquals(new SubscriptionState.Unsubscribed<>(), subscription.state());
            assertThrows(CompletionException.class, () -> subscription.connected().join());
            assertTrue(subscription.terminated().isDone());
            held.forEach(Runnable::run);
            assertEquals(new SubscriptionState.Unsubscribed<>(), subscription.state(), "a late load changes nothing");
        }
    }

    @RosterSpec
    void aThrowingCallbackPutsTheSubscriptionInError() {
        UserRef ref = ref();
        UserSubscription subscription = ref.subscribe(s -> {
            throw new IllegalStateException("boom");
        });
        await(subscription.terminated());
        assertInstanceOf(SubscriptionState.Errored.class, subscription.state());
        subscription.unsubscribe();
        assertInstanceOf(SubscriptionState.Errored.class, subscription.state(), "unsubscribe in error is a no-op");
    }

    @RosterSpec
    void aWriteThroughAnotherRosterReachesASubscriberHere() {
        UserRef ref = ref();
        SnapshotQueue snapshots = new SnapshotQueue();
        try (Roster other = builder().build();
             Roster here = builder().pollInterval(Duration.ofMillis(20)).build()) {
            UserSubscription subscription = here.session(app.id(), ref.id()).user(ref.id()).subscribe(snapshots);
            assertNull(snapshots.next());
            other.upsertUser(app.id(), ref.id(), UserPatch.builder().name("Remote").build());
            assertEquals("Remote", snapshots.next().name());
            other.upsertUser(app.id(), ref.id(), UserPatch.builder().name("Remote 2").build());
            assertEquals("Remote 2", snapshots.next().name());
            assertEquals("Remote 2", await(here.session(app.id(), ref.id()).user(ref.id()).get()).name(),
                    "the other process's write refreshed this cache");
            subscription.unsubscribe();
        }
    }
}
