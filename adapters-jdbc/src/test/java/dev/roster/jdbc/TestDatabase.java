package dev.roster.jdbc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A fresh, empty database for one test class: an H2 database in memory or in a temporary
 * directory (deleted on {@link #close()}), or a schema (PostgreSQL)
 * or database (MariaDB) with a random name on the server named by an environment variable,
 * dropped on {@link #close()}. Runs therefore never collide and can repeat.
 */
final class TestDatabase implements AutoCloseable {

    static final String POSTGRES_ENV = "ROSTER_TEST_POSTGRES_URL";
    static final String MARIADB_ENV = "ROSTER_TEST_MARIADB_URL";

    private static final Pattern MARIADB_URL = Pattern.compile("^(jdbc:mariadb://[^/?]+)(/[^?]*)?(\\?.*)?$");

    private final String url;
    private final String serverUrl;
    private final String dropSql;
    private final Path directory;

    private TestDatabase(String url, String serverUrl, String dropSql) {
        this(url, serverUrl, dropSql, null);
    }

    private TestDatabase(String url, String serverUrl, String dropSql, Path directory) {
        this.url = url;
        this.serverUrl = serverUrl;
        this.dropSql = dropSql;
        this.directory = directory;
    }

    static TestDatabase h2() {
        String url = "jdbc:h2:mem:roster_" + suffix() + ";DB_CLOSE_DELAY=-1";
        return new TestDatabase(url, url, "SHUTDOWN");
    }

    /** An H2 database on a file, opened like Roster's default (durable) file store. */
    static TestDatabase h2File() {
        try {
            Path directory = Files.createTempDirectory("roster-h2-");
            String url = "jdbc:h2:file:" + directory.resolve("roster");
            return new TestDatabase(url, url, "SHUTDOWN", directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static TestDatabase postgres() {
        String server = System.getenv(POSTGRES_ENV);
        String schema = "roster_test_" + suffix();
        execute(server, "CREATE SCHEMA " + schema);
        String url = server + (server.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        return new TestDatabase(url, server, "DROP SCHEMA " + schema + " CASCADE");
    }

    static TestDatabase mariadb() {
        String server = System.getenv(MARIADB_ENV);
        Matcher parts = MARIADB_URL.matcher(server);
        if (!parts.matches()) {
            throw new IllegalArgumentException(MARIADB_ENV + " must look like jdbc:mariadb://host:port/db?user=…: " + server);
        }
        String database = "roster_test_" + suffix();
        execute(server, "CREATE DATABASE " + database + " CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin");
        String url = parts.group(1) + "/" + database + (parts.group(3) == null ? "" : parts.group(3));
        return new TestDatabase(url, server, "DROP DATABASE " + database);
    }

    /** The JDBC URL of the fresh database. */
    String url() {
        return url;
    }

    /** A direct connection that bypasses the store, for checking what it wrote. */
    Connection backdoor() throws SQLException {
        return DriverManager.getConnection(url);
    }

    @Override
    public void close() {
        execute(serverUrl, dropSql);
        if (directory != null) {
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static void execute(String url, String sql) {
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot run " + sql + " on " + url, e);
        }
    }

    private static String suffix() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }
}
