package dev.roster.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.roster.core.api.Roster;
import dev.roster.core.domain.UserPatch;
import dev.roster.jdbc.JdbcStorage;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Row 2: a batch of 100 user upserts (all updates of existing users, every name changed) through
 * {@code Roster.upsertUsers} against one raw JDBC batch upsert of the same rows in one
 * transaction ({@code INSERT … ON CONFLICT DO UPDATE} on PostgreSQL, {@code MERGE … KEY} on H2).
 * The raw side binds ready-made JSON text; Roster's own work (read, patch, compare-and-set,
 * change log) is what the ratio shows. Run in an app of 200 users and in one of 100,200, so that
 * a lookup whose cost grows with the app shows. On an H2 file it runs twice more: with Roster's
 * durable default ({@code WRITE_DELAY} 0, each commit in the file before it returns) and with H2's
 * own {@code WRITE_DELAY=500}, so the price of durability is a ratio measured in the same run.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class BatchUpsertBenchmark {

    static final int BATCH = 100;

    private static final String COLUMNS = "app_id, user_id, version, name, email, phone, photo_url, "
            + "welcome_message, role, locale, custom, push_tokens, availability_text, created_at";
    private static final String VALUES = " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    static final String POSTGRES_UPSERT = "INSERT INTO roster_user (" + COLUMNS + ")" + VALUES
            + " ON CONFLICT (app_id, user_id) DO UPDATE SET version = EXCLUDED.version, name = EXCLUDED.name, "
            + "email = EXCLUDED.email, phone = EXCLUDED.phone, photo_url = EXCLUDED.photo_url, "
            + "welcome_message = EXCLUDED.welcome_message, role = EXCLUDED.role, locale = EXCLUDED.locale, "
            + "custom = EXCLUDED.custom, push_tokens = EXCLUDED.push_tokens, "
            + "availability_text = EXCLUDED.availability_text";
    private static final String H2_UPSERT = "MERGE INTO roster_user (" + COLUMNS + ") KEY (app_id, user_id)" + VALUES;

    /** One database, a Roster and a raw pool of the same size; one calling thread. */
    @State(Scope.Benchmark)
    public static class Fixture {

        /** The engine. */
        @Param({"h2", "postgresql", "h2file", "h2file-delay500"})
        public String engine;

        /** Users in the app besides the 200 written: the table the batch's lookups run in. */
        @Param({"0", "100000"})
        public int otherUsers;

        BenchDatabase database;
        JdbcStorage storage;
        HikariDataSource raw;
        Roster roster;
        String upsert;
        long round;

        /** Creates the database, the users of both sides, and both pools. */
        @Setup(Level.Trial)
        public void open() throws SQLException {
            database = BenchDatabase.create(engine);
            storage = JdbcStorage.builder(database.url()).maxPoolSize(4).build();
            roster = Roster.builder().storage(storage).build();
            BenchUsers.seed(roster, BATCH);
            fill(database, engine, otherUsers);
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(database.url());
            config.setMaximumPoolSize(4);
            config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
            raw = new HikariDataSource(config);
            upsert = engine.startsWith("h2") ? H2_UPSERT : POSTGRES_UPSERT;
            new BatchUpsertBenchmark().rawBatch(this);
        }

        /** Closes everything and drops the database. */
        @TearDown(Level.Trial)
        public void close() {
            roster.close();
            storage.close();
            raw.close();
            database.close();
        }
    }

    /** Adds {@code count} filler users to the app with one INSERT … SELECT, then updates statistics. */
    static void fill(BenchDatabase database, String engine, int count) throws SQLException {
        if (count == 0) {
            return;
        }
        String numbers = engine.startsWith("h2") ? "SYSTEM_RANGE(1, ?) AS r(x)" : "generate_series(1, ?) AS r(x)";
        try (Connection connection = database.connect()) {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO roster_user (" + COLUMNS
                    + ") SELECT ?, 'filler-' || x, 1, 'Filler', '[]', '[]', NULL, NULL, 'default', NULL, '{}', '[]', "
                    + "NULL, 0 FROM " + numbers)) {
                insert.setString(1, BenchUsers.APP);
                insert.setInt(2, count);
                insert.executeUpdate();
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("ANALYZE" + (engine.startsWith("h2") ? "" : " roster_user"));
            }
        }
    }

    /** Baseline: one prepared batch of 100 upserts, one transaction. */
    @Benchmark
    public long rawBatch(Fixture f) throws SQLException {
        long round = ++f.round;
        try (Connection connection = f.raw.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement statement = connection.prepareStatement(f.upsert)) {
                for (int i = 0; i < BATCH; i++) {
                    bindUser(statement, "raw-" + i, i, round, "User " + i + " round " + round);
                    statement.addBatch();
                }
                statement.executeBatch();
            }
            connection.commit();
        }
        return round;
    }

    /**
     * Binds one user row of the raw upsert ({@link #POSTGRES_UPSERT} or the H2 {@code MERGE}): the
     * fields of {@link BenchUsers#patch(int, String)} as ready-made JSON text.
     */
    static void bindUser(PreparedStatement statement, String id, int i, long version, String name)
            throws SQLException {
        statement.setString(1, BenchUsers.APP);
        statement.setString(2, id);
        statement.setLong(3, version);
        statement.setString(4, name);
        statement.setString(5, "[\"user" + i + "@example.com\"]");
        statement.setString(6, "[]");
        statement.setString(7, "https://example.com/u/" + i + ".png");
        statement.setString(8, null);
        statement.setString(9, "default");
        statement.setString(10, null);
        statement.setString(11, "{\"team\":\"t" + (i % 10) + "\"}");
        statement.setString(12, "[]");
        statement.setString(13, null);
        statement.setLong(14, 1_700_000_000_000L);
    }

    /** {@code Roster.upsertUsers} with the same 100 users' changes. */
    @Benchmark
    public long rosterUpsertUsers(Fixture f) {
        long round = ++f.round;
        Map<String, UserPatch> batch = new LinkedHashMap<>();
        for (int i = 0; i < BATCH; i++) {
            batch.put(BenchUsers.id(i), BenchUsers.patch(i, "User " + i + " round " + round));
        }
        f.roster.upsertUsers(BenchUsers.APP, batch);
        return round;
    }
}
