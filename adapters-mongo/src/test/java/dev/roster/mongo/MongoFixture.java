package dev.roster.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.roster.core.domain.User;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/** Opens stores over one fresh database, as separate "processes" sharing it. */
final class MongoFixture implements AutoCloseable {

    final String url = TestMongo.newDatabaseUrl();
    private final MongoClient client = MongoClients.create(url);
    private final String database = new ConnectionString(url).getDatabase();

    /** A store on the journaled path (no transactions) with the given lease. */
    MongoStorage journaled(Duration lease) {
        return new MongoStorage(client, false, database, false, Clock.systemUTC(), lease);
    }

    @Override
    public void close() {
        client.close();
    }

    static User user(String id, String name) {
        return new User(id, name, List.of(), List.of(), null, null, User.DEFAULT_ROLE, null, new TreeMap<>(),
                new TreeSet<>(), null, 1_700_000_000_000L);
    }
}
