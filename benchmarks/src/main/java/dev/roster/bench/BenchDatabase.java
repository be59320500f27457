package dev.roster.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A fresh, empty database for one benchmark: an in-memory H2 database, or a schema of its own on
 * the PostgreSQL server ({@code ROSTER_BENCH_POSTGRES_URL}, default the local test server), dropped
 * on {@link #close()}.
 *
 * @param engine    "h2", "h2file", "h2file-delay500" or "postgresql"
 * @param url       the JDBC URL that points at the fresh database or schema
 * @param schema    the PostgreSQL schema, or null for H2
 * @param directory the directory of an H2 file, deleted on close, or null
 */
public record BenchDatabase(String engine, String url, String schema, Path directory) implements AutoCloseable {

    /** The PostgreSQL server used unless {@code ROSTER_BENCH_POSTGRES_URL} names another. */
    public static final String DEFAULT_POSTGRES = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

    /**
     * Creates the database.
     *
     * @param engine "h2" (in memory), "h2file" (a file in a temporary directory, Roster's durable
     *               default), "h2file-delay500" (the same with H2's own default {@code WRITE_DELAY=500},
     *               what Roster used before writes were made durable) or "postgresql"
     * @throws IllegalArgumentException for another engine
     * @throws IllegalStateException    if PostgreSQL cannot be reached
     */
    public static BenchDatabase create(String engine) {
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        switch (engine) {
            case "h2":
                return new BenchDatabase(engine, "jdbc:h2:mem:bench_" + suffix + ";DB_CLOSE_DELAY=-1", null, null);
            case "h2file":
            case "h2file-delay500": {
                Path directory;
                try {
                    directory = Files.createTempDirectory("roster-bench-");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                String url = "jdbc:h2:file:" + directory.resolve("bench") + (engine.equals("h2file") ? "" : ";WRITE_DELAY=500");
                return new BenchDatabase(engine, url, null, directory);
            }
            case "postgresql": {
                String schema = "roster_bench_" + suffix;
                try (Connection connection = DriverManager.getConnection(postgresServer());
                     Statement statement = connection.createStatement()) {
                    statement.execute("CREATE SCHEMA " + schema);
                } catch (SQLException e) {
                    throw new IllegalStateException("Cannot create schema " + schema + " on " + postgresServer(), e);
                }
                String base = postgresServer();
                return new BenchDatabase(engine, base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema, schema,
                        null);
            }
            default:
                throw new IllegalArgumentException("Unknown engine " + engine);
        }
    }

    /** The PostgreSQL server URL, without a schema. */
    public static String postgresServer() {
        String url = System.getenv("ROSTER_BENCH_POSTGRES_URL");
        return url == null || url.isBlank() ? DEFAULT_POSTGRES : url;
    }

    /** A plain JDBC connection to the database (not pooled). */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url);
    }

    /** Drops the PostgreSQL schema, or shuts the H2 database down and deletes its file. */
    @Override
    public void close() {
        try (Connection connection = DriverManager.getConnection(schema == null ? url : postgresServer());
             Statement statement = connection.createStatement()) {
            statement.execute(schema == null ? "SHUTDOWN" : "DROP SCHEMA " + schema + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot drop " + (schema == null ? url : schema).toLowerCase(Locale.ROOT), e);
        }
        if (directory != null) {
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
