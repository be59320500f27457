package dev.roster.testkit;

import dev.roster.core.api.Roster;
import dev.roster.core.domain.QueryParameters;
import dev.roster.core.domain.User;
import dev.roster.core.domain.UserLifecycle;
import dev.roster.core.domain.UserPatch;
import dev.roster.core.domain.UserQuery;
import dev.roster.core.spi.Versioned;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code lastActiveAt} (SPEC §10): browser activity is stored at most once a minute per user, by
 * every Roster over the store together, without a user version or a change-log entry; trusted
 * reads show it, and user queries filter and sort by it. Time comes from the test's clock.
 */
public abstract class UserActivityContract extends ContractSupport {

    private static final Duration MINUTE = Duration.ofMinutes(1);

    private String user(String name) {
        String id = newId(name);
        roster.upsertUser(app.id(), id, UserPatch.builder().name(name).build());
        return id;
    }

    private Long lastActiveAt(Roster through, String userId) {
        return through.lifecycles(app.id(), List.of(userId)).get(userId).lastActiveAt();
    }

    @Test
    void aUserNeverActiveHasNoTime() {
        String ann = user("ann");
        assertEquals(Map.of(ann, UserLifecycle.NONE), roster.lifecycles(app.id(), List.of(ann, newId("nobody"))));
    }

    @Test
    void activityIsStoredWithoutAVersionOrAChange() {
        String ann = user("ann");
        Versioned<User> before = storage().users().load(app.id(), List.of(ann)).get(ann);
        long head = storage().changes().assigned();

        roster.recordActivity(app.id(), ann);

        assertEquals(clock.millis(), lastActiveAt(roster, ann));
        assertEquals(before, storage().users().load(app.id(), List.of(ann)).get(ann), "the user is not rewritten");
        assertEquals(head, storage().changes().assigned(), "activity is not a change");
    }

    @Test
    void aUserWriteKeepsTheTime() {
        String ann = user("ann");
        roster.recordActivity(app.id(), ann);
        long at = clock.millis();
        clock.advance(Duration.ofSeconds(5));

        roster.upsertUser(app.id(), ann, UserPatch.builder().name("Ann").custom("k", "v").build());
        assertEquals(at, lastActiveAt(roster, ann), "after a write of one user");

        roster.upsertUsers(app.id(), Map.of(ann, UserPatch.builder().name("Ann B").build(),
                newId("bob"), UserPatch.builder().name("Bob").build()));
        assertEquals(at, lastActiveAt(roster, ann), "after a batch");
    }

    @Test
    void aPresenceHeartbeatIsActivity() {
        String ann = user("ann");
        roster.presence().touch(app.id(), ann, newId("s"));
        assertEquals(clock.millis(), lastActiveAt(roster, ann));
    }

    @Test
    void anUnknownUserIsIgnored() {
        String ghost = newId("ghost");
        roster.recordActivity(app.id(), ghost);
        assertEquals(Map.of(), roster.lifecycles(app.id(), List.of(ghost)));
        assertTrue(roster.findUser(app.id(), ghost).isEmpty(), "activity creates no user");
    }

    @Test
    void activityIsWrittenAtMostOnceAMinute() {
        String ann = user("ann");
        CountingStorage counting = new CountingStorage(storage());
        try (Roster counted = builder().storage(counting).build()) {
            long first = clock.millis();
            for (int i = 0; i < 50; i++) {
                counted.recordActivity(app.id(), ann);
                counted.presence().touch(app.id(), ann, "s-" + i);
            }
            clock.advance(MINUTE.minusMillis(1));
            counted.recordActivity(app.id(), ann);
            assertEquals(1, counting.activityWrites(), "one store write within the minute");
            assertEquals(first, lastActiveAt(counted, ann));

            clock.advance(Duration.ofMillis(1));
            counted.recordActivity(app.id(), ann);
            assertEquals(2, counting.activityWrites());
            assertEquals(clock.millis(), lastActiveAt(counted, ann));
        }
    }

    @Test
    void theThrottleHoldsAcrossRostersOverTheStore() {
        String ann = user("ann");
        long first = clock.millis();
        roster.recordActivity(app.id(), ann);
        try (Roster other = builder().build()) {
            assertEquals(first, lastActiveAt(other, ann), "a second Roster reads the stored time");

            clock.advance(Duration.ofSeconds(30));
            other.recordActivity(app.id(), ann);
            assertEquals(first, lastActiveAt(other, ann), "the store keeps a time younger than a minute");

            clock.advance(MINUTE);
            other.recordActivity(app.id(), ann);
            assertEquals(clock.millis(), lastActiveAt(roster, ann), "a minute after its last try it writes");
        }
    }

    @Test
    void theStoreWritesOnlyAStaleTime() {
        String ann = user("ann");
        long now = clock.millis();
        assertTrue(storage().users().recordActivity(app.id(), ann, now, now - 60_000));
        assertFalse(storage().users().recordActivity(app.id(), ann, now + 1_000, now - 59_000), "not stale yet");
        assertTrue(storage().users().recordActivity(app.id(), ann, now + 2_000, now + 1));
        assertEquals(now + 2_000, lastActiveAt(roster, ann));
        assertFalse(storage().users().recordActivity(app.id(), newId("ghost"), now, now));
    }

    @Test
    void queriesFilterAndSortByLastActiveAt() {
        String early = user("early");
        String late = user("late");
        String never = user("never");
        long t1 = clock.millis();
        roster.recordActivity(app.id(), early);
        clock.advance(Duration.ofSeconds(5));
        roster.recordActivity(app.id(), late);

        assertEquals(List.of(late, early, never), ids(query(Map.of("orderBy", "lastActiveAt"), null)));
        assertEquals(List.of(early, late, never), ids(query(Map.of("orderBy", "lastActiveAt",
                "orderDirection", "ASC"), null)));
        assertEquals(List.of(late), ids(query(Map.of(), Map.of("lastActiveAt", List.of(">", t1)))));
        assertEquals(List.of(late, early), ids(query(Map.of("orderBy", "lastActiveAt"),
                Map.of("lastActiveAt", List.of(">=", t1)))));
        assertEquals(List.of(never), ids(query(Map.of("limit", "10"), Map.of("name", List.of("==", "never")))));
        assertNull(lastActiveAt(roster, never));
    }

    /** The query of these URL parameters, with a {@code filter} parameter when {@code filter} is given. */
    private static UserQuery query(Map<String, String> parameters, Object filter) {
        Map<String, String> all = new HashMap<>(parameters);
        if (filter != null) {
            all.put("filter", String.valueOf(filter));
        }
        return UserQuery.fromParameters(QueryParameters.of(all), filter);
    }

    private List<String> ids(UserQuery query) {
        return roster.listUsers(app.id(), query).stream().map(User::id).toList();
    }
}
