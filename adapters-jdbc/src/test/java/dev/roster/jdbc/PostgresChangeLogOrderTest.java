package dev.roster.jdbc;

import dev.roster.core.api.Roster;
import dev.roster.core.domain.App;
import dev.roster.core.domain.AppSettings;
import dev.roster.core.domain.FeedCursor;
import dev.roster.core.domain.FeedEvent;
import dev.roster.core.domain.FeedPage;
import dev.roster.core.domain.RosterException;
import dev.roster.core.domain.UserPatch;
import dev.roster.core.spi.Change;
import dev.roster.core.spi.ChangeLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The adversarial interleaving of the sequence-numbered change log on PostgreSQL, with real Roster
 * writes: a write draws its log position and is then held inside its transaction (the test holds
 * a lock on a custom-field row the write updates after its users and its log entry), while a later
 * write of another user draws the next position and commits. A reader must not return the later
 * entry while the earlier one may still commit, since a reader that did would move its cursor past
 * the earlier one and never see it; once the earlier write commits, both are read, in position
 * order. A write that drew a position and was rolled back leaves a hole that readers pass at once.
 */
@EnabledIfEnvironmentVariable(named = TestDatabase.POSTGRES_ENV, matches = ".+")
class PostgresChangeLogOrderTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private static TestDatabase database;
    private JdbcStorage storage;
    private Roster roster;
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
    void open() {
        storage = JdbcStorage.open(database.url());
        roster = Roster.builder().storage(storage).build();
        app = roster.saveApp(new App(newId("app"), "sk_test_" + newId("k"), AppSettings.defaults()));
    }

    @AfterEach
    void close() {
        roster.close();
        storage.close();
    }

    @Test
    void aReaderNeverPassesAnEntryThatCommitsAfterOneWithAHigherPosition() throws Exception {
        ChangeLog log = storage.changes();
        String slow = newId("slow");
        roster.upsertUser(app.id(), slow, UserPatch.builder().name("Held").custom("k", "0").build());
        long start = log.head();
        FeedCursor feedStart = roster.changes().read(app.id(), FeedCursor.START, 100).next();

        CompletableFuture<Void> held;
        try (Connection holder = database.backdoor()) {
            holder.setAutoCommit(false);
            lockCustomRow(holder, slow);
            held = CompletableFuture.runAsync(() ->
                    roster.upsertUser(app.id(), slow, UserPatch.builder().custom("k", "1").build()));
            awaitBlockedWriter();
            assertTrue(log.assigned() > start, "the held write drew its position");

            String fast = newId("fast");
            roster.upsertUser(app.id(), fast, UserPatch.builder().name("Fast").build());
            assertEquals(List.of(), log.readAfter(start, 100), "nothing is settled past the held write");
            assertEquals(List.of(), roster.changes().read(app.id(), feedStart, 100).events());
            assertTrue(log.head() <= start, "the head stays below the held write");

            holder.commit();
            held.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            List<Change> both = awaitEntries(log, start, 2);
            assertEquals(List.of(slow, fast), both.stream().map(Change::entityId).toList());
            assertTrue(both.get(0).position() < both.get(1).position());
            assertEquals(List.of(slow, fast), roster.changes().read(app.id(), feedStart, 100).events().stream()
                    .map(FeedEvent::userId).toList());
        }
    }

    @Test
    void aRolledBackWritesPositionIsPassedAtOnce() throws Exception {
        ChangeLog log = storage.changes();
        String doomed = newId("doomed");
        roster.upsertUser(app.id(), doomed, UserPatch.builder().name("Held").custom("k", "0").build());
        long start = log.head();
        FeedCursor feedStart = roster.changes().read(app.id(), FeedCursor.START, 100).next();

        CompletableFuture<Void> held;
        try (Connection holder = database.backdoor()) {
            holder.setAutoCommit(false);
            lockCustomRow(holder, doomed);
            held = CompletableFuture.runAsync(() ->
                    roster.upsertUser(app.id(), doomed, UserPatch.builder().custom("k", "1").build()));
            int pid = awaitBlockedWriter();
            try (Statement kill = holder.createStatement()) {
                kill.execute("SELECT pg_terminate_backend(" + pid + ")");
            }
            ExecutionException failed = assertThrows(ExecutionException.class,
                    () -> held.get(WAIT.toSeconds(), TimeUnit.SECONDS));
            assertInstanceOf(RosterException.class, failed.getCause());
            holder.rollback();
        }
        String after = newId("after");
        roster.upsertUser(app.id(), after, UserPatch.builder().name("After").build());
        List<Change> read = log.readAfter(start, 100);
        assertEquals(List.of(after), read.stream().map(Change::entityId).toList());
        assertTrue(read.get(0).position() > start + 1, "the rolled-back write left its position unused");
        long began = System.nanoTime();
        FeedPage page = roster.changes().read(app.id(), feedStart, 100);
        assertEquals(List.of(after), page.events().stream().map(FeedEvent::userId).toList(),
                "the feed passes the hole without waiting for it");
        assertTrue(System.nanoTime() - began < Duration.ofSeconds(2).toNanos());
    }

    private void lockCustomRow(Connection holder, String userId) throws SQLException {
        try (PreparedStatement lock = holder.prepareStatement(
                "SELECT custom_value FROM roster_user_custom WHERE app_id = ? AND user_id = ? FOR UPDATE")) {
            lock.setString(1, app.id());
            lock.setString(2, userId);
            try (ResultSet row = lock.executeQuery()) {
                assertTrue(row.next(), "the custom row to hold");
            }
        }
    }

    /** Waits until a Roster write waits for the held row lock, after its log entry; returns its backend. */
    private static int awaitBlockedWriter() throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        try (Connection watcher = database.backdoor(); Statement statement = watcher.createStatement()) {
            while (System.nanoTime() < deadline) {
                try (ResultSet rows = statement.executeQuery("SELECT pid FROM pg_stat_activity WHERE "
                        + "datname = current_database() AND wait_event_type = 'Lock' "
                        + "AND query LIKE '%roster_user_custom%'")) {
                    if (rows.next()) {
                        return rows.getInt(1);
                    }
                }
                Thread.sleep(20);
            }
        }
        return fail("no Roster write waited for the held row");
    }

    private static List<Change> awaitEntries(ChangeLog log, long after, int count) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<Change> read = log.readAfter(after, 100);
        while (read.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
            read = log.readAfter(after, 100);
        }
        return read;
    }

    private static String newId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
