package dev.roster.server;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.bson.Document;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A persistent store for the tests that crash, stop or break the server: the URL the server opens,
 * a backdoor that reads the store's own tables or collections while no server runs, to check its
 * change log, and {@link #close()}, which drops the store (or stops its server) under a running one.
 */
abstract class CrashStore implements AutoCloseable {

    private final String url;

    CrashStore(String url) {
        this.url = url;
    }

    /** The URL for {@code --store}. */
    String url() {
        return url;
    }

    /** Every user of {@code appId} by id, with its version. */
    abstract Map<String, Long> userVersions(String appId) throws Exception;

    /**
     * The versions the change log holds per user of {@code appId}, entries still waiting in a
     * store's outbox included (they are moved into the log by the next start).
     */
    abstract Map<String, Set<Long>> loggedUserVersions(String appId) throws Exception;

    /** Every position in the change log, in order. */
    abstract List<Long> positions() throws Exception;

    @Override
    public void close() throws Exception {
    }

    /** An H2 file, a PostgreSQL schema or a MariaDB database, read over JDBC. */
    static final class Jdbc extends CrashStore {

        private static final Pattern MARIADB_URL = Pattern.compile("^(jdbc:mariadb://[^/?]+)(/[^?]*)?(\\?.*)?$");

        private final String serverUrl;
        private final String dropSql;

        private Jdbc(String url, String serverUrl, String dropSql) {
            super(url);
            this.serverUrl = serverUrl;
            this.dropSql = dropSql;
        }

        static Jdbc h2File(Path directory) {
            return new Jdbc("jdbc:h2:file:" + directory.resolve("roster"), null, null);
        }

        static Jdbc postgres(String server) throws SQLException {
            String schema = "roster_crash_" + suffix();
            execute(server, "CREATE SCHEMA " + schema);
            return new Jdbc(server + (server.contains("?") ? "&" : "?") + "currentSchema=" + schema, server,
                    "DROP SCHEMA " + schema + " CASCADE");
        }

        static Jdbc mariadb(String server) throws SQLException {
            Matcher parts = MARIADB_URL.matcher(server);
            if (!parts.matches()) {
                throw new IllegalArgumentException("not a jdbc:mariadb://host:port/db?… URL: " + server);
            }
            String database = "roster_crash_" + suffix();
            execute(server, "CREATE DATABASE " + database + " CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin");
            return new Jdbc(parts.group(1) + "/" + database + (parts.group(3) == null ? "" : parts.group(3)), server,
                    "DROP DATABASE " + database);
        }

        @Override
        Map<String, Long> userVersions(String appId) throws SQLException {
            Map<String, Long> versions = new HashMap<>();
            query("SELECT user_id, version FROM roster_user WHERE app_id = '" + appId + "'",
                    row -> versions.put(row.getString(1), row.getLong(2)));
            return versions;
        }

        @Override
        Map<String, Set<Long>> loggedUserVersions(String appId) throws SQLException {
            Map<String, Set<Long>> logged = new HashMap<>();
            query("SELECT entity_id, version FROM roster_change WHERE kind = 'USER' AND app_id = '" + appId + "'",
                    row -> logged.computeIfAbsent(row.getString(1), id -> new TreeSet<>()).add(row.getLong(2)));
            return logged;
        }

        @Override
        List<Long> positions() throws SQLException {
            List<Long> positions = new ArrayList<>();
            query("SELECT position FROM roster_change ORDER BY position", row -> positions.add(row.getLong(1)));
            return positions;
        }

        @Override
        public void close() throws SQLException {
            if (dropSql != null) {
                execute(serverUrl, dropSql);
            }
        }

        private interface RowReader {
            void read(ResultSet row) throws SQLException;
        }

        private void query(String sql, RowReader reader) throws SQLException {
            try (Connection connection = DriverManager.getConnection(url());
                 Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery(sql)) {
                while (rows.next()) {
                    reader.read(rows);
                }
            }
        }

        private static void execute(String url, String sql) throws SQLException {
            try (Connection connection = DriverManager.getConnection(url);
                 Statement statement = connection.createStatement()) {
                statement.execute(sql);
            }
        }
    }

    /**
     * mongo-java-server in a process of its own, standing in for a MongoDB server that outlives
     * the Roster process; the store takes its journaled path, since this server has no transactions.
     */
    static final class MongoJournal extends CrashStore {

        private final Process server;
        private final MongoClient client;
        private final MongoDatabase database;

        private MongoJournal(Process server, String url) {
            super(url);
            this.server = server;
            this.client = MongoClients.create(url);
            this.database = client.getDatabase("roster_crash");
        }

        static MongoJournal start() throws IOException {
            Process server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), Main.class.getName())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            BufferedReader output = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            String port = output.readLine();
            if (port == null || !port.matches("\\d+")) {
                server.destroyForcibly();
                throw new IllegalStateException("mongo-java-server did not start: " + port);
            }
            return new MongoJournal(server, "mongodb://127.0.0.1:" + port + "/roster_crash");
        }

        /** Users by version; a document of version 0 is the claim of a journaled write in progress, not a user. */
        @Override
        Map<String, Long> userVersions(String appId) {
            Map<String, Long> versions = new HashMap<>();
            for (Document user : database.getCollection("users").find(
                    new Document("app", appId).append("v", new Document("$gt", 0L)))) {
                versions.put(user.getString("uid"), user.getLong("v"));
            }
            return versions;
        }

        @Override
        Map<String, Set<Long>> loggedUserVersions(String appId) {
            Map<String, Set<Long>> logged = new HashMap<>();
            for (Document change : database.getCollection("changes")
                    .find(new Document("app", appId).append("kind", "USER"))) {
                logged.computeIfAbsent(change.getString("eid"), id -> new TreeSet<>()).add(change.getLong("v"));
            }
            for (Document user : database.getCollection("users").find(new Document("app", appId))) {
                for (Document pending : user.getList("outbox", Document.class, List.of())) {
                    logged.computeIfAbsent(user.getString("uid"), id -> new TreeSet<>()).add(pending.getLong("v"));
                }
            }
            return logged;
        }

        @Override
        List<Long> positions() {
            List<Long> positions = new ArrayList<>();
            for (Document change : database.getCollection("changes").find().sort(new Document("_id", 1))) {
                positions.add(change.getLong("_id"));
            }
            return positions;
        }

        @Override
        public void close() throws InterruptedException {
            client.close();
            server.destroyForcibly();
            server.waitFor(10, TimeUnit.SECONDS);
        }

        /** Serves an in-memory mongo-java-server on a free loopback port, printed first, until killed. */
        public static final class Main {

            public static void main(String[] args) throws InterruptedException {
                MongoServer server = new MongoServer(new MemoryBackend());
                server.bind("127.0.0.1", 0);
                System.out.println(server.getLocalAddress().getPort());
                System.out.flush();
                Thread.currentThread().join();
            }
        }
    }

    private static String suffix() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }
}
