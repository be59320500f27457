package dev.roster.jdbc;

import dev.roster.core.domain.User;
import dev.roster.core.domain.UserPatch;
import dev.roster.core.spi.UserStore;
import dev.roster.core.spi.UserWrite;
import dev.roster.core.spi.Versioned;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A write of new users on PostgreSQL reads no whole table, however old the planner's picture of
 * the tables is. It used to delete the users' custom rows first (of which a new user has none),
 * by a join of the write's arrays to {@code roster_user_custom}; over a table never analyzed (a
 * server with autovacuum off, or a table filled since its last {@code ANALYZE}) the generic plan
 * that a prepared statement keeps after its fifth run, made while the table was small, was a hash
 * join after a scan of the whole table, so every write read every custom row of the store. The
 * table statistics count the rows read by sequential scans; they are read after the store's one
 * connection has closed, since a backend reports them when it ends.
 */
@EnabledIfEnvironmentVariable(named = TestDatabase.POSTGRES_ENV, matches = ".+")
class PostgresUserWritePlanTest {

    private static final int STORED = 20_000;
    private static final int WRITES = 40;
    private static final Duration REPORTED = Duration.ofSeconds(15);

    @Test
    void writesOfNewUsersReadNoWholeTable() throws Exception {
        String appId = "app-" + UUID.randomUUID();
        try (TestDatabase database = TestDatabase.postgres(); Connection backdoor = database.backdoor()) {
            JdbcStorage storage = JdbcStorage.builder(database.url()).maxPoolSize(1).build();
            UserStore users = storage.users();
            createEach(users, appId, "early-");
            fill(backdoor, appId);
            Map<String, Long> before = tableCounts(backdoor);
            createEach(users, appId, "new-");
            Versioned<User> created = users.load(appId, List.of("new-7")).get("new-7");
            assertEquals(1, created.version());
            assertEquals(Map.of("team", "n"), created.value().custom());
            storage.close();

            Map<String, Long> after = awaitReported(backdoor);
            long userRowsScanned = after.get("roster_user.seq") - before.get("roster_user.seq");
            long customRowsScanned = after.get("roster_user_custom.seq") - before.get("roster_user_custom.seq");
            assertTrue(userRowsScanned < STORED, "users read by sequential scans: " + userRowsScanned);
            assertTrue(customRowsScanned < STORED, "custom rows read by sequential scans: " + customRowsScanned);
        }
    }

    /**
     * Creates {@value #WRITES} users {@code <prefix><i>} with a custom field, each in a write of its
     * own. On a table still small, the statements' plans are made here: the store's connections
     * keep them.
     */
    private static void createEach(UserStore users, String appId, String prefix) {
        for (int i = 0; i < WRITES; i++) {
            User fresh = User.create(prefix + i, UserPatch.builder().name("New").custom("team", "n").build(), 0L);
            assertTrue(users.write(appId, List.of(new UserWrite(fresh, 0))), "insert of " + fresh.id());
        }
    }

    /** {@value #STORED} users of version 1, each with two custom fields, written past the store. */
    private static void fill(Connection backdoor, String appId) throws SQLException {
        try (PreparedStatement users = backdoor.prepareStatement("INSERT INTO roster_user (app_id, user_id, version, "
                + "name, email, phone, role, custom, push_tokens, created_at) SELECT ?, 'user-' || i, 1, 'Name', '[]', "
                + "'[]', 'default', '{\"team\":\"t\",\"floor\":\"1\"}', '[]', 0 FROM generate_series(0, ?) AS i");
             PreparedStatement custom = backdoor.prepareStatement("INSERT INTO roster_user_custom (app_id, user_id, "
                     + "custom_key, custom_value) SELECT ?, 'user-' || i, k, 'v' FROM generate_series(0, ?) AS i, "
                     + "unnest(ARRAY['team', 'floor']) AS k")) {
            for (PreparedStatement fill : List.of(users, custom)) {
                fill.setString(1, appId);
                fill.setInt(2, STORED - 1);
                fill.executeUpdate();
            }
        }
    }

    /**
     * The counts once the store's one connection has reported what it did: its change-log entries
     * (only the store writes them) count every write.
     */
    private static Map<String, Long> awaitReported(Connection backdoor) throws Exception {
        long deadline = System.nanoTime() + REPORTED.toNanos();
        while (true) {
            Map<String, Long> counts = tableCounts(backdoor);
            if (counts.get("roster_change.ins") >= 2 * WRITES) {
                return counts;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the writes were not reported within " + REPORTED + ": " + counts);
            }
            Thread.sleep(100);
        }
    }

    private static Map<String, Long> tableCounts(Connection backdoor) throws SQLException {
        try (PreparedStatement select = backdoor.prepareStatement("SELECT relname, seq_tup_read, n_tup_ins "
                + "FROM pg_stat_user_tables WHERE schemaname = current_schema() "
                + "AND relname IN ('roster_user', 'roster_user_custom', 'roster_change')");
             ResultSet rows = select.executeQuery()) {
            Map<String, Long> counts = new HashMap<>();
            while (rows.next()) {
                counts.put(rows.getString(1) + ".seq", rows.getLong(2));
                counts.put(rows.getString(1) + ".ins", rows.getLong(3));
            }
            return counts;
        }
    }
}
