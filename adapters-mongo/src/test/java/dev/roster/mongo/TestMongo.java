package dev.roster.mongo;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

import java.util.UUID;

/**
 * Where the tests' MongoDB runs: the server at {@code ROSTER_TEST_MONGO_URI} when set, otherwise
 * mongo-java-server started once per JVM in this process on a random loopback port, reached by
 * the real driver over TCP. Every caller gets its own random database.
 */
final class TestMongo {

    private static final String ENV = "ROSTER_TEST_MONGO_URI";
    private static String base;

    private TestMongo() {
    }

    /** A URL of a fresh database. */
    static synchronized String newDatabaseUrl() {
        if (base == null) {
            String configured = System.getenv(ENV);
            base = configured != null && !configured.isBlank() ? configured : startServer();
        }
        return withDatabase(base, "roster_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
    }

    /** Whether the tests run against the in-process server, which has no transactions. */
    static boolean inProcess() {
        String configured = System.getenv(ENV);
        return configured == null || configured.isBlank();
    }

    private static String startServer() {
        MongoServer server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", 0);
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow, "mongo-java-server-stop"));
        return "mongodb://127.0.0.1:" + server.getLocalAddress().getPort() + "/";
    }

    /** {@code url} with its database path replaced by {@code database}, options kept. */
    static String withDatabase(String url, String database) {
        int schemeEnd = url.indexOf("://") + 3;
        int query = url.indexOf('?', schemeEnd);
        String options = query < 0 ? "" : url.substring(query);
        String hostsAndPath = query < 0 ? url.substring(schemeEnd) : url.substring(schemeEnd, query);
        int slash = hostsAndPath.indexOf('/');
        String hosts = slash < 0 ? hostsAndPath : hostsAndPath.substring(0, slash);
        return url.substring(0, schemeEnd) + hosts + "/" + database + options;
    }
}
