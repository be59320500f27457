package dev.roster.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import dev.roster.core.domain.ErrorCode;
import dev.roster.core.domain.Ids;
import dev.roster.core.domain.RosterException;
import dev.roster.core.domain.User;
import dev.roster.core.spi.Capability;
import dev.roster.core.spi.UserWrite;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Opening, indexes, capabilities, ordering and error translation of the MongoDB store. */
class MongoStorageTest {

    private final MongoFixture fixture = new MongoFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void theProviderAcceptsMongoUrlsOnly() {
        MongoStorageProvider provider = new MongoStorageProvider();
        assertTrue(provider.accepts("mongodb://localhost/roster"));
        assertTrue(provider.accepts("mongodb+srv://cluster.example.net/roster"));
        assertFalse(provider.accepts("jdbc:h2:mem:x"));
        assertFalse(provider.accepts("memory:"));
    }

    @Test
    void aMongoUrlOpensThisStoreThroughTheServiceLoaderOnThePathOfTheDeployment() {
        try (MongoStorage store = fixture.openByUrl()) {
            assertEquals(MongoStorage.hasTransactions(fixture.database()), store.usesTransactions());
            assertTrue(store.users().write("app", List.of(new UserWrite(MongoFixture.user("u", "U"), 0))));
            assertEquals(1, store.changes().head());
        }
    }

    @Test
    void indexesAreNamedAndCreatingThemAgainIsHarmless() {
        try (MongoStorage first = MongoStorage.open(fixture.url); MongoStorage second = MongoStorage.open(fixture.url)) {
            MongoDatabase db = second.database();
            assertTrue(indexNames(db, "users").containsAll(Set.of("users_app_id", "users_app_order")));
            assertTrue(indexNames(db, "inbox").containsAll(Set.of("inbox_app_user_conversation",
                    "inbox_app_user_lastActivity", "inbox_app_user_createdAt")));
            assertTrue(indexNames(db, "changes").contains("changes_token"));
            assertEquals(first.capabilities(), second.capabilities());
        }
    }

    @Test
    void conversationsAreListedByAnIndexOfLiveOnesAndTheEarlierIndexIsDropped() {
        try (MongoClient client = MongoClients.create(fixture.url)) {
            client.getDatabase(new ConnectionString(fixture.url).getDatabase()).getCollection("conversations")
                    .createIndex(Indexes.ascending("app", "cok"), new IndexOptions().name("conversations_app_order"));
        }
        try (MongoStorage first = MongoStorage.open(fixture.url); MongoStorage second = MongoStorage.open(fixture.url)) {
            Set<String> names = indexNames(second.database(), "conversations");
            assertTrue(names.contains("conversations_app_live_order"), names::toString);
            assertFalse(names.contains("conversations_app_order"), names::toString);
        }
    }

    @Test
    void capabilitiesFollowTheDeployment() {
        try (MongoStorage store = MongoStorage.open(fixture.url)) {
            assertTrue(store.capabilities().contains(Capability.SHARED_BETWEEN_PROCESSES));
            assertEquals(store.usesTransactions(), store.capabilities().contains(Capability.ISOLATED_MULTI_WRITES));
            if (TestMongo.inProcess()) {
                assertFalse(store.usesTransactions(), "mongo-java-server has no transactions");
            }
        }
    }

    @Test
    void usersAreListedInCodePointOrder() {
        MongoStorage store = fixture.journaled(Duration.ofMinutes(5));
        String app = "app-" + UUID.randomUUID();
        List<String> ids = List.of("a", "B", "\uFFFD", "\uD83D\uDE00", "\uE000", "z\u00E9", "ze", "\uD800\uDC00");
        List<UserWrite> writes = ids.stream().map(id -> new UserWrite(MongoFixture.user(id, "N"), 0)).toList();
        assertTrue(store.users().write(app, writes));
        List<String> expected = ids.stream().sorted(Ids.ORDER).toList();

        List<String> paged = new ArrayList<>();
        String after = null;
        List<User> page;
        do {
            page = store.users().list(app, after, 3);
            page.forEach(u -> paged.add(u.id()));
            after = page.isEmpty() ? after : page.get(page.size() - 1).id();
        } while (page.size() == 3);
        assertEquals(expected, paged);
    }

    @Test
    void anUnreachableServerIsUnavailableWithAClearMessage() {
        RosterException e = assertThrows(RosterException.class,
                () -> MongoStorage.open("mongodb://127.0.0.1:1/x?serverSelectionTimeoutMS=300&connectTimeoutMS=300"));
        assertEquals(ErrorCode.UNAVAILABLE, e.code());
        assertTrue(e.getMessage().startsWith("MongoDB store: connecting failed"), e.getMessage());
    }

    @Test
    void aMalformedUrlIsInvalid() {
        RosterException e = assertThrows(RosterException.class, () -> MongoStorage.open("mongodb://"));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
    }

    private static Set<String> indexNames(MongoDatabase db, String collection) {
        return db.getCollection(collection).listIndexes().into(new ArrayList<Document>()).stream()
                .map(d -> d.getString("name")).collect(Collectors.toCollection(TreeSet::new));
    }
}
