package dev.roster.jdbc;

import dev.roster.core.api.Roster;
import dev.roster.core.api.UserSubscription;
import dev.roster.core.domain.App;
import dev.roster.core.domain.AppSettings;
import dev.roster.core.domain.UserPatch;
import dev.roster.core.domain.UserSnapshot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Two Rosters ("processes") over two stores on one PostgreSQL schema, both polling only once an
 * hour: a subscriber on B sees a write made through A because A's transaction NOTIFYs and B's
 * store LISTENs, also after B's listening connection was killed. Prints the write-to-subscriber
 * delay over 1,000 updates (after 200 untimed ones).
 */
@EnabledIfEnvironmentVariable(named = TestDatabase.POSTGRES_ENV, matches = ".+")
class PostgresChangeNotificationTest {

    /** So long that a subscriber that sees a write within {@link #WAIT} was woken by a notification. */
    private static final Duration POLL = Duration.ofHours(1);
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int UPDATES = 1_000;
    /** Untimed updates first, so that the numbers show the steady state rather than the JIT. */
    private static final int WARM_UP = 200;
    private static final String LISTENERS =
            "FROM pg_stat_activity WHERE application_name = 'roster-change-listener' AND datname = current_database()";

    private static TestDatabase database;
    private JdbcStorage storageA;
    private JdbcStorage storageB;
    private Roster a;
    private Roster b;
    private App app;

    @BeforeAll
    static void createSchema() {
        database = TestDatabase.postgres();
    }

    @AfterAll
    static void dropSchema() {
        if (database != null) {
            database.close();
        }
    }

    @BeforeEach
    void startTwoProcesses() {
        storageA = JdbcStorage.open(database.url());
        storageB = JdbcStorage.open(database.url());
        a = Roster.builder().storage(storageA).pollInterval(POLL).build();
        b = Roster.builder().storage(storageB).pollInterval(POLL).build();
        app = a.saveApp(new App(newId("app"), "sk_test_" + newId("k"), AppSettings.defaults()));
    }

    @AfterEach
    void stopThem() {
        b.close();
        a.close();
        storageB.close();
        storageA.close();
    }

    @Test
    void aWriteThroughAReachesASubscriberOnBWithoutWaitingForThePoll() throws InterruptedException {
        String userId = newId("u");
        BlockingQueue<Optional<UserSnapshot>> onB = subscribeOnB(userId);
        assertEquals(Optional.empty(), next(onB), "no such user yet");

        a.upsertUser(app.id(), userId, UserPatch.builder().name("Written on A").build());
        assertEquals("Written on A", next(onB).orElseThrow().name());

        a.upsertUser(app.id(), userId, UserPatch.builder().name("Again").build());
        assertEquals("Again", next(onB).orElseThrow().name());
    }

    @Test
    void aKilledListeningConnectionIsReopenedAndCatchesUp() throws InterruptedException, SQLException {
        String userId = newId("u");
        BlockingQueue<Optional<UserSnapshot>> onB = subscribeOnB(userId);
        assertEquals(Optional.empty(), next(onB));
        Set<Integer> killed = awaitListeners(Set.of());
        try (Connection backdoor = database.backdoor(); Statement statement = backdoor.createStatement()) {
            statement.execute("SELECT pg_terminate_backend(pid) " + LISTENERS);
        }
        awaitListeners(killed);

        a.upsertUser(app.id(), userId, UserPatch.builder().name("After the reconnect").build());
        assertEquals("After the reconnect", next(onB).orElseThrow().name());
    }

    @Test
    void writeToSubscriberLatencyOverOneThousandUpdates() throws InterruptedException {
        String userId = newId("u");
        BlockingQueue<Optional<UserSnapshot>> onB = subscribeOnB(userId);
        assertEquals(Optional.empty(), next(onB));
        for (int i = 0; i < WARM_UP; i++) {
            a.upsertUser(app.id(), userId, UserPatch.builder().name("warm-up " + i).build());
            assertEquals("warm-up " + i, next(onB).orElseThrow().name());
        }
        long[] delays = new long[UPDATES];
        for (int i = 0; i < UPDATES; i++) {
            a.upsertUser(app.id(), userId, UserPatch.builder().name("n" + i).build());
            long committed = System.nanoTime();
            UserSnapshot seen = next(onB).orElseThrow();
            delays[i] = System.nanoTime() - committed;
            assertEquals("n" + i, seen.name(), "B sees every update, in order");
        }
        Arrays.sort(delays);
        System.out.printf("[PostgreSQL NOTIFY] write committed on A -> subscriber on B over %d updates "
                        + "(pollInterval %s): median %.2f ms, p99 %.2f ms, worst %.2f ms%n", UPDATES, POLL,
                delays[UPDATES / 2] / 1e6, delays[UPDATES * 99 / 100] / 1e6, delays[UPDATES - 1] / 1e6);
    }

    private BlockingQueue<Optional<UserSnapshot>> subscribeOnB(String userId) {
        BlockingQueue<Optional<UserSnapshot>> snapshots = new LinkedBlockingQueue<>();
        UserSubscription subscription = b.session(app.id(), userId).user(userId)
                .subscribe(snapshot -> snapshots.add(Optional.ofNullable(snapshot)));
        assertNotNull(subscription);
        return snapshots;
    }

    private static Optional<UserSnapshot> next(BlockingQueue<Optional<UserSnapshot>> snapshots)
            throws InterruptedException {
        Optional<UserSnapshot> snapshot = snapshots.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (snapshot == null) {
            fail("no snapshot within " + WAIT + " although the poll interval is " + POLL);
        }
        return snapshot;
    }

    /**
     * Waits until both stores listen on connections none of which is in {@code gone}, asking the
     * server again and again (a reconnection takes about a tenth of a second); their pids.
     */
    private static Set<Integer> awaitListeners(Set<Integer> gone) throws SQLException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        try (Connection backdoor = database.backdoor(); Statement statement = backdoor.createStatement()) {
            while (System.nanoTime() < deadline) {
                Set<Integer> pids = new HashSet<>();
                try (ResultSet rows = statement.executeQuery("SELECT pid " + LISTENERS + " AND query LIKE 'LISTEN%'")) {
                    while (rows.next()) {
                        pids.add(rows.getInt(1));
                    }
                }
                pids.removeAll(gone);
                if (pids.size() >= 2) {
                    return pids;
                }
            }
        }
        return fail("the listening connections did not come (back) within " + WAIT);
    }

    private static String newId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }
}
