package dev.roster.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.roster.core.api.Roster;
import dev.roster.core.api.Session;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.Blackhole;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Row 1: one user by id through Roster (cache off, cache on, and the trusted {@code findUser})
 * against a raw JDBC primary-key select of the same row, with the same connection pool size and
 * the same number of calling threads.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(GetByIdBenchmark.THREADS)
public class GetByIdBenchmark {

    /** Calling threads, and the size of both connection pools. */
    public static final int THREADS = 4;

    static final int USERS = 1000;

    private static final String SELECT = "SELECT user_id, version, name, email, phone, photo_url, welcome_message, "
            + "role, locale, custom, push_tokens, availability_text, created_at FROM roster_user "
            + "WHERE app_id = ? AND user_id = ?";

    /** One database with the users, a raw pool, and two Rosters over one store. */
    @State(Scope.Benchmark)
    public static class Fixture {

        /** The engine. */
        @Param({"h2", "postgresql"})
        public String engine;

        BenchDatabase database;
        JdbcStorage storage;
        HikariDataSource raw;
        Roster cacheOff;
        Roster cacheOn;
        Session sessionOff;
        Session sessionOn;

        /** Creates and fills the database and opens both pools. */
        @Setup(Level.Trial)
        public void open() {
            database = BenchDatabase.create(engine);
            storage = JdbcStorage.builder(database.url()).maxPoolSize(THREADS).build();
            cacheOff = Roster.builder().storage(storage).cacheSize(0).build();
            cacheOn = Roster.builder().storage(storage).build();
            BenchUsers.seed(cacheOff, USERS);
            sessionOff = cacheOff.session(BenchUsers.APP, "viewer");
            sessionOn = cacheOn.session(BenchUsers.APP, "viewer");
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(database.url());
            config.setMaximumPoolSize(THREADS);
            config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
            raw = new HikariDataSource(config);
        }

        /** Closes everything and drops the database. */
        @TearDown(Level.Trial)
        public void close() {
            cacheOff.close();
            cacheOn.close();
            storage.close();
            raw.close();
            database.close();
        }
    }

    private static String randomId() {
        return BenchUsers.id(ThreadLocalRandom.current().nextInt(USERS));
    }

    /** Baseline: a prepared primary-key select, every column read. */
    @Benchmark
    public void rawJdbc(Fixture f, Blackhole bh) throws SQLException {
        try (Connection connection = f.raw.getConnection();
             PreparedStatement select = connection.prepareStatement(SELECT)) {
            select.setString(1, BenchUsers.APP);
            select.setString(2, randomId());
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    for (int column = 1; column <= 13; column++) {
                        bh.consume(rows.getString(column));
                    }
                }
            }
        }
    }

    /** {@code UserRef.get()} with the cache off (automatic batching on, the default). */
    @Benchmark
    public Object rosterGetCacheOff(Fixture f) {
        return f.sessionOff.user(randomId()).get().join();
    }

    /** {@code UserRef.get()} with the default cache. */
    @Benchmark
    public Object rosterGetCacheOn(Fixture f) {
        return f.sessionOn.user(randomId()).get().join();
    }

    /** The trusted {@code Roster.findUser} (never cached, no batching). */
    @Benchmark
    public Object rosterFindUser(Fixture f) {
        return f.cacheOff.findUser(BenchUsers.APP, randomId());
    }
}
