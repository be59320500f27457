package dev.roster.jdbc.internal;

import dev.roster.core.domain.ErrorCode;
import dev.roster.core.domain.RosterException;
import dev.roster.jdbc.Dialect;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The versioned schema: SQL scripts per dialect in this jar ({@code dev/roster/jdbc/migration/<dialect>/V<n>__<name>.sql}),
 * applied in order, each step in one transaction and recorded in {@code roster_schema_version}.
 * Concurrent starts are serialised by a lock (a PostgreSQL advisory lock, a MariaDB named lock, a
 * locked row on H2), and a step found recorded under the lock is skipped, so starting twice or
 * from two processes at once is safe. PostgreSQL runs DDL transactionally; H2 and MariaDB commit
 * DDL implicitly, so every statement is written to be idempotent and a step interrupted there is
 * completed by the next start.
 */
public final class SchemaMigration {

    /** The steps, oldest first; a step's version is its position plus one. */
    static final List<String> STEPS = List.of("V1__users", "V2__presence", "V3__conversations",
            "V4__conversation_tombstones", "V5__user_queries", "V6__rate_limits", "V7__user_lifecycle",
            "V8__messages_by_sender", "V9__change_feed", "V10__webhooks", "V11__log_sequence",
            "V12__webhook_delivery_indexes");

    private static final String VERSION_TABLE = "roster_schema_version";
    private static final long POSTGRES_LOCK_KEY = 0x526f73746572L;
    private static final int LOCK_TIMEOUT_SECONDS = 120;

    private SchemaMigration() {
    }

    /** The newest schema version this code needs. */
    public static int latestVersion() {
        return STEPS.size();
    }

    /** Every step's DDL for {@code dialect}, for users who run their own migration tool. */
    public static String script(Dialect dialect) {
        StringBuilder out = new StringBuilder();
        out.append("-- Roster schema for ").append(dialect).append(", version ").append(latestVersion()).append('\n');
        out.append(versionTableDdl(dialect)).append(";\n");
        for (int i = 0; i < STEPS.size(); i++) {
            out.append("\n-- ").append(STEPS.get(i)).append('\n');
            for (String statement : statements(dialect, STEPS.get(i))) {
                out.append(statement).append(";\n");
            }
            out.append("INSERT INTO ").append(VERSION_TABLE).append(" (version, description, applied_at) VALUES (")
                    .append(i + 1).append(", '").append(STEPS.get(i)).append("', 0);\n");
        }
        return out.toString();
    }

    /**
     * Brings the schema up to {@link #latestVersion()}.
     *
     * @throws RosterException if the database fails or the schema is newer than this code
     */
    public static void migrate(DataSource dataSource, Dialect dialect) {
        Failures.run("migrating the schema", () -> {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(true);
                try (Statement statement = connection.createStatement()) {
                    createVersionTable(statement, dialect);
                }
                try (AutoCloseable lock = lock(connection, dataSource, dialect)) {
                    applyMissingSteps(connection, dialect);
                }
            } catch (RosterException e) {
                throw e;
            } catch (Exception e) {
                throw Failures.translate("migrating the schema", e);
            }
        });
    }

    /**
     * Checks that the schema is at {@link #latestVersion()}, for stores opened without
     * auto-migration.
     *
     * @throws RosterException {@link ErrorCode#UNAVAILABLE} if it is not
     */
    public static void verify(DataSource dataSource) {
        Failures.run("checking the schema version", () -> {
            int version;
            try (Connection connection = dataSource.getConnection();
                 Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT MAX(version) FROM " + VERSION_TABLE)) {
                rows.next();
                version = rows.getInt(1);
            } catch (SQLException e) {
                throw Failures.translate("checking the schema version (was the schema created?)", e);
            }
            if (version != latestVersion()) {
                throw RosterException.of(ErrorCode.UNAVAILABLE, "The Roster schema is at version " + version
                        + " but this Roster needs version " + latestVersion()
                        + "; apply JdbcStorage.ddl(..) or open the store with auto-migration on.");
            }
        });
    }

    private static void createVersionTable(Statement statement, Dialect dialect) throws SQLException {
        try {
            statement.execute(versionTableDdl(dialect));
        } catch (SQLException e) {
            // Two processes creating the table at the same moment: PostgreSQL reports a duplicate
            // even with IF NOT EXISTS. The other one made it, which is all we need.
            if (!Failures.isUniqueViolation(e) && !"42P07".equals(e.getSQLState())) {
                throw e;
            }
        }
    }

    private static String versionTableDdl(Dialect dialect) {
        String table = "CREATE TABLE IF NOT EXISTS " + VERSION_TABLE
                + " (version INT NOT NULL PRIMARY KEY, description VARCHAR(200) NOT NULL, applied_at BIGINT NOT NULL)";
        return dialect == Dialect.MARIADB ? table + " ENGINE = InnoDB" : table;
    }

    private static AutoCloseable lock(Connection connection, DataSource dataSource, Dialect dialect)
            throws SQLException {
        switch (dialect) {
            case POSTGRESQL: {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SELECT pg_advisory_lock(" + POSTGRES_LOCK_KEY + ")");
                }
                return () -> {
                    try (Statement statement = connection.createStatement()) {
                        statement.execute("SELECT pg_advisory_unlock(" + POSTGRES_LOCK_KEY + ")");
                    }
                };
            }
            case MARIADB: {
                try (Statement statement = connection.createStatement();
                     ResultSet got = statement.executeQuery(
                             "SELECT GET_LOCK(CONCAT(DATABASE(), '.roster_schema'), " + LOCK_TIMEOUT_SECONDS + ")")) {
                    if (!got.next() || got.getInt(1) != 1) {
                        throw RosterException.of(ErrorCode.UNAVAILABLE,
                                "Another process held the schema migration lock for " + LOCK_TIMEOUT_SECONDS + " s");
                    }
                }
                return () -> {
                    try (Statement statement = connection.createStatement()) {
                        statement.execute("SELECT RELEASE_LOCK(CONCAT(DATABASE(), '.roster_schema'))");
                    }
                };
            }
            default: {
                // H2 commits DDL implicitly, which would release a lock held by the migrating
                // connection; a second connection holds a row lock instead.
                Connection locker = dataSource.getConnection();
                try (Statement statement = locker.createStatement()) {
                    statement.execute("MERGE INTO " + VERSION_TABLE
                            + " KEY (version) VALUES (0, 'migration lock', 0)");
                    locker.setAutoCommit(false);
                    statement.execute("SELECT version FROM " + VERSION_TABLE + " WHERE version = 0 FOR UPDATE");
                } catch (SQLException e) {
                    locker.close();
                    throw e;
                }
                return () -> {
                    try (locker) {
                        locker.rollback();
                        locker.setAutoCommit(true);
                    }
                };
            }
        }
    }

    private static void applyMissingSteps(Connection connection, Dialect dialect) throws SQLException {
        Set<Integer> applied = new HashSet<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT version FROM " + VERSION_TABLE)) {
            while (rows.next()) {
                applied.add(rows.getInt(1));
            }
        }
        int newest = applied.stream().mapToInt(Integer::intValue).max().orElse(0);
        if (newest > latestVersion()) {
            throw RosterException.of(ErrorCode.UNAVAILABLE, "The Roster schema is at version " + newest
                    + ", newer than this Roster (version " + latestVersion() + "); upgrade Roster.");
        }
        for (int i = 0; i < STEPS.size(); i++) {
            int version = i + 1;
            if (applied.contains(version)) {
                continue;
            }
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                for (String sql : statements(dialect, STEPS.get(i))) {
                    statement.execute(sql);
                }
                try (PreparedStatement record = connection.prepareStatement(
                        "INSERT INTO " + VERSION_TABLE + " (version, description, applied_at) VALUES (?, ?, ?)")) {
                    record.setInt(1, version);
                    record.setString(2, STEPS.get(i));
                    record.setLong(3, System.currentTimeMillis());
                    record.executeUpdate();
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    static List<String> statements(Dialect dialect, String step) {
        String path = "/dev/roster/jdbc/migration/" + dialect.folder() + "/" + step + ".sql";
        String text;
        try (InputStream in = SchemaMigration.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("Missing migration script " + path);
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StringBuilder withoutComments = new StringBuilder();
        for (String line : text.split("\n")) {
            if (!line.strip().startsWith("--")) {
                withoutComments.append(line).append('\n');
            }
        }
        List<String> statements = new ArrayList<>();
        for (String statement : withoutComments.toString().split(";")) {
            if (!statement.isBlank()) {
                statements.add(statement.strip());
            }
        }
        return statements;
    }
}
