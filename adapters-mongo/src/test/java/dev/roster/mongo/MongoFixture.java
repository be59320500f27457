package dev.roster.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import dev.roster.core.domain.User;
import dev.roster.core.spi.StorageProvider;
import dev.roster.testkit.StoreBackdoor;
import org.bson.Document;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Opens stores over one fresh database, as separate "processes" sharing it, and drops it on close.
 * It is the contract suite's backdoor: it reads the collections around the store.
 */
final class MongoFixture implements StoreBackdoor, AutoCloseable {

    final String url = TestMongo.newDatabaseUrl();
    private final MongoClient client = MongoClients.create(url);
    private final String database = new ConnectionString(url).getDatabase();

    /** A store on the journaled path (no transactions) with the given lease. */
    MongoStorage journaled(Duration lease) {
        return journaled(lease, Clock.systemUTC());
    }

    /** A store on the journaled path with the given lease and clock. */
    MongoStorage journaled(Duration lease, Clock clock) {
        return new MongoStorage(client, false, database, false, clock, lease);
    }

    /** A store on the transaction path; only on a deployment that has them ({@link TestMongo#assumeTransactions}). */
    MongoStorage transactional() {
        return new MongoStorage(client, false, database, true, Clock.systemUTC(), Duration.ofSeconds(30));
    }

    /** The store that the provider found through {@link ServiceLoader} opens at this database's URL. */
    MongoStorage openByUrl() {
        for (StorageProvider provider : ServiceLoader.load(StorageProvider.class)) {
            if (provider.accepts(url)) {
                return (MongoStorage) provider.open(url);
            }
        }
        throw new AssertionError("no provider accepts " + url);
    }

    /** The fixture's database, read around the store. */
    MongoDatabase database() {
        return client.getDatabase(database);
    }

    @Override
    public Map<String, Long> userVersions(String appId) {
        return versions("users", new Document(UserDocuments.APP, appId).append(UserDocuments.VERSION,
                new Document("$gt", 0L)), UserDocuments.ID);
    }

    @Override
    public Map<String, Long> conversationVersions(String appId) {
        return versions("conversations", new Document(ConversationDocuments.APP, appId)
                .append(ConversationDocuments.DELETED, false), ConversationDocuments.CONVERSATION);
    }

    private Map<String, Long> versions(String collection, Document filter, String idField) {
        Map<String, Long> versions = new HashMap<>();
        database().getCollection(collection).find(filter)
                .forEach(d -> versions.put(d.getString(idField), d.getLong(Target.VERSION)));
        return versions;
    }

    /**
     * Asserts that no write is in progress or left half done: no journal entry, no claimed
     * document, no placeholder of a claim and no change waiting in an outbox.
     */
    @Override
    public void assertSettled() {
        MongoDatabase db = database();
        assertEquals(0, db.getCollection("journal").countDocuments(), "journal entries left");
        for (String collection : List.of("users", "conversations")) {
            assertEquals(0, db.getCollection(collection).countDocuments(new Document(Target.LOCK,
                    new Document("$exists", true))), "claimed documents left in " + collection);
            assertEquals(0, db.getCollection(collection).countDocuments(new Document(Target.VERSION, 0L)),
                    "placeholders left in " + collection);
            assertEquals(0, db.getCollection(collection).countDocuments(new Document(Target.OUTBOX + "." + MongoChangeLog.TOKEN,
                    new Document("$exists", true))), "changes not relayed from " + collection);
        }
    }

    @Override
    public void close() {
        try {
            database().drop();
        } finally {
            client.close();
        }
    }

    static User user(String id, String name) {
        return new User(id, name, List.of(), List.of(), null, null, User.DEFAULT_ROLE, null, new TreeMap<>(),
                new TreeSet<>(), null, 1_700_000_000_000L);
    }
}
