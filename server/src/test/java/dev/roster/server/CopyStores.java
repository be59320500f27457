package dev.roster.server;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The persistent stores a copy test can reach here: an H2 file always, an in-process Mongo wire
 * server always, PostgreSQL and MariaDB when their variables are set; each a fresh, empty store.
 */
final class CopyStores {

    /** One store to copy from or into; closing it drops it. */
    record Store(String name, String url, AutoCloseable drop) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            drop.close();
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private CopyStores() {
    }

    static List<String> kinds() {
        List<String> kinds = new ArrayList<>(List.of("h2", "mongo"));
        if (System.getenv("ROSTER_TEST_POSTGRES_URL") != null) {
            kinds.add("postgresql");
        }
        if (System.getenv("ROSTER_TEST_MARIADB_URL") != null) {
            kinds.add("mariadb");
        }
        return kinds;
    }

    static Store open(String kind, Path dir) throws SQLException {
        return switch (kind) {
            case "h2" -> {
                CrashStore h2 = CrashStore.Jdbc.h2File(dir.resolve("h2-" + System.nanoTime()));
                yield new Store(kind, h2.url(), h2);
            }
            case "postgresql" -> {
                CrashStore postgres = CrashStore.Jdbc.postgres(System.getenv("ROSTER_TEST_POSTGRES_URL"));
                yield new Store(kind, postgres.url(), postgres);
            }
            case "mariadb" -> {
                CrashStore mariadb = CrashStore.Jdbc.mariadb(System.getenv("ROSTER_TEST_MARIADB_URL"));
                yield new Store(kind, mariadb.url(), mariadb);
            }
            case "mongo" -> {
                MongoServer server = new MongoServer(new MemoryBackend());
                server.bind("127.0.0.1", 0);
                int port = server.getLocalAddress().getPort();
                yield new Store(kind, "mongodb://127.0.0.1:" + port + "/roster", server::shutdownNow);
            }
            default -> throw new IllegalArgumentException(kind);
        };
    }
}
