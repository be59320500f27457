package dev.roster.core.api;

import dev.roster.core.domain.App;
import dev.roster.core.domain.AppSettings;
import dev.roster.core.domain.UserPatch;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RosterStatsTest {

    @Test
    void countsCacheHitsAndMissesOfUserReads() {
        try (Roster roster = Roster.builder().storageUrl("memory:").build()) {
            App app = roster.saveApp(new App("app_stats", "sk_test_0123456789abcdef", AppSettings.defaults()));
            roster.upsertUser(app.id(), "alice", UserPatch.builder().name("Alice").build());
            RosterStats before = roster.stats();

            UserRef alice = roster.session(app.id(), "bob").user("alice");
            alice.get().join();
            alice.get().join();
            roster.session(app.id(), "bob").user("nobody").get().join();

            RosterStats after = roster.stats();
            assertEquals(before.cacheHits() + 2, after.cacheHits(), "the write cached alice, so both reads are hits");
            assertEquals(before.cacheMisses() + 1, after.cacheMisses(), "the unknown user was read from the store");
            assertEquals(2, after.cachedUsers(), "alice and the unknown user's absence are cached");
        }
    }

    @Test
    void theChangePositionFollowsWritesAndTheLagStaysNearThePollInterval() throws InterruptedException {
        try (Roster roster = Roster.builder().storageUrl("memory:").pollInterval(Duration.ofMillis(20)).build()) {
            App app = roster.saveApp(new App("app_lag", "sk_test_0123456789abcdef", AppSettings.defaults()));
            long start = roster.stats().changePosition();
            roster.upsertUser(app.id(), "alice", UserPatch.builder().name("Alice").build());
            roster.upsertUser(app.id(), "bob", UserPatch.builder().name("Bob").build());

            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (roster.stats().changePosition() < start + 2 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            RosterStats stats = roster.stats();
            assertEquals(start + 2, stats.changePosition());
            assertTrue(stats.changeLag().compareTo(Duration.ofSeconds(5)) < 0, "lag " + stats.changeLag());
        }
    }
}
