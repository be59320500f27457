package dev.roster.micrometer;

import dev.roster.core.api.Roster;
import dev.roster.core.domain.App;
import dev.roster.core.domain.AppSettings;
import dev.roster.core.domain.UserPatch;
import dev.roster.core.spi.Storage;
import dev.roster.core.spi.StorageProvider;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The meters on a plain registry, over a real H2 store: no framework. */
class MetersTest {

    private static final String APP = "app_meters";

    private final String url = "jdbc:h2:mem:meters_" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1";
    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final Storage storage = StorageProvider.openUrl(url);
    private final Roster roster = Roster.builder().storage(new TimedStorage(storage, registry)).build();

    @AfterEach
    void close() {
        roster.close();
        storage.close();
    }

    @Test
    void storeCallsAreTimedByOperationAndOutcomeWithTheirBatchSizes() throws Exception {
        roster.saveApp(new App(APP, "sk_test_0123456789abcdef", AppSettings.defaults()));
        roster.upsertUsers(APP, Map.of("a", named("A"), "b", named("B"), "c", named("C")));
        roster.upsertUsers(APP, Map.of("a", named("A2"), "b", named("B2"), "c", named("C2")));

        assertEquals(2, registry.get(TimedStorage.OPERATIONS).tag("operation", "users.createOrLoad")
                .tag("outcome", "success").timer().count(), "each upsert first tries to create the users");
        assertEquals(3, registry.get(TimedStorage.BATCH_SIZE).tag("operation", "users.createOrLoad").summary().max());
        assertEquals(1, registry.get(TimedStorage.OPERATIONS).tag("operation", "users.write")
                .tag("outcome", "success").timer().count(), "the second, of existing users, writes them");
        assertEquals(3, registry.get(TimedStorage.BATCH_SIZE).tag("operation", "users.write").summary().max());
        assertTrue(registry.find(TimedStorage.OPERATIONS).tag("outcome", "error").timers().isEmpty());

        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.execute("DROP ALL OBJECTS");
        }
        assertThrows(RuntimeException.class, roster::allApps);
        assertEquals(1, registry.get(TimedStorage.OPERATIONS).tag("operation", "apps.all")
                .tag("outcome", "error").timer().count());
    }

    @Test
    void theRostersCountsAndTheOpenStreamsAreGauges() {
        AtomicInteger streams = new AtomicInteger(2);
        new RosterMeters(roster, streams::get).bindTo(registry);
        roster.saveApp(new App(APP, "sk_test_0123456789abcdef", AppSettings.defaults()));
        roster.upsertUser(APP, "alice", named("Alice"));
        roster.session(APP, "bob").user("alice").get().join();

        assertEquals(1, registry.get("roster.cache.gets").tag("result", "hit").functionCounter().count());
        assertEquals(1, registry.get("roster.cache.size").gauge().value());
        assertEquals(2, registry.get("roster.streams.open").gauge().value());
        streams.set(0);
        assertEquals(0, registry.get("roster.streams.open").gauge().value());
        assertTrue(registry.get("roster.changes.lag").timeGauge().value() >= 0);
    }

    @Test
    void theStreamGaugeKeepsItsSupplierThroughGarbageCollection() throws InterruptedException {
        AtomicInteger streams = new AtomicInteger(3);
        new RosterMeters(roster, () -> streams.get()).bindTo(registry);
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertEquals(3, registry.get("roster.streams.open").gauge().value(), "a collected supplier reads NaN");
    }

    @Test
    void withoutAStreamCountThereIsNoStreamGauge() {
        new RosterMeters(roster).bindTo(registry);
        assertTrue(registry.find("roster.streams.open").gauges().isEmpty());
        assertEquals(2, registry.find("roster.cache.gets").functionCounters().size());
    }

    private static UserPatch named(String name) {
        return UserPatch.builder().name(name).build();
    }
}
