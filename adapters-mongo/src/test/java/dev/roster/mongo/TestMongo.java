package dev.roster.mongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

import java.util.UUID;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Where the tests' MongoDB runs: the server at {@code ROSTER_TEST_MONGO_URI} when set, otherwise
 * mongo-java-server started once per JVM in this process on a random loopback port, reached by
 * the real driver over TCP. Every caller gets its own random database.
 */
final class TestMongo {

    static final String ENV = "ROSTER_TEST_MONGO_URI";
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

    /**
     * Why the transaction path cannot be tested here, or null if it can: it needs a deployment
     * with multi-document transactions.
     */
    static String withoutTransactions() {
        if (inProcess()) {
            return "The transaction path needs " + ENV + " pointing at a MongoDB replica set or sharded cluster"
                    + " (for example mongodb://127.0.0.1:27017/?replicaSet=rs0); mongo-java-server has no transactions";
        }
        try (MongoClient client = MongoClients.create(newDatabaseUrl())) {
            return MongoStorage.hasTransactions(client.getDatabase("admin")) ? null : "The transaction path needs " + ENV
                    + " pointing at a replica set or sharded cluster; the server there is a standalone mongod";
        }
    }

    /** Skips the calling test unless the transaction path can be tested ({@link #withoutTransactions}). */
    static void assumeTransactions() {
        String reason = withoutTransactions();
        assumeTrue(reason == null, reason);
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
