package dev.roster.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import dev.roster.core.domain.ErrorCode;
import dev.roster.core.domain.RosterException;
import dev.roster.core.domain.Violations;
import dev.roster.core.spi.AppStore;
import dev.roster.core.spi.Capability;
import dev.roster.core.spi.ChangeLog;
import dev.roster.core.spi.ConversationStore;
import dev.roster.core.spi.PresenceStore;
import dev.roster.core.spi.Storage;
import dev.roster.core.spi.UserStore;
import org.bson.Document;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A store in one MongoDB database, through the official sync driver. On start it creates its
 * named indexes (idempotently), finds out whether the deployment has multi-document transactions
 * (replica set or sharded cluster) and ends batches a crashed process left behind.
 *
 * <p>With transactions, a batch of users is one transaction: {@link Capability#ISOLATED_MULTI_WRITES}.
 * Without (standalone server), a batch is journaled and all or nothing once recovery has run, but
 * readers may see part of it while it is applied, so that capability is not declared. Both share
 * the change log and data between processes ({@link Capability#SHARED_BETWEEN_PROCESSES}).
 * See this module's README for exactly what is guaranteed where.
 */
public final class MongoStorage implements Storage {

    /** The database used when the URL names none. */
    public static final String DEFAULT_DATABASE = "roster";

    private static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);
    private static final long RECOVERY_INTERVAL_MS = 5_000;
    /** The server's error code for dropping an index that does not exist. */
    private static final int INDEX_NOT_FOUND = 27;

    private final MongoClient client;
    private final boolean ownsClient;
    private final MongoDatabase database;
    private final boolean transactions;
    private final MongoApps apps;
    private final MongoUsers users;
    private final MongoChangeLog changes;
    private final MongoPresence presence;
    private final JournaledWrites journaled;
    private final Journal journal;
    private final MongoConversations conversations;
    private final Clock clock;
    private final AtomicLong lastRecovery = new AtomicLong(Long.MIN_VALUE);
    private volatile FaultPoint faults = FaultPoint.NONE;
    private volatile boolean closed;

    /**
     * Opens the store at a {@code mongodb://} or {@code mongodb+srv://} URL; the database is the
     * URL's path, or {@value #DEFAULT_DATABASE}. Talks to the server before returning.
     *
     * @throws RosterException {@link ErrorCode#INVALID_ARGUMENT} if the URL is malformed,
     *                         {@link ErrorCode#UNAVAILABLE} if the server cannot be reached
     */
    public static MongoStorage open(String url) {
        ConnectionString connection;
        try {
            connection = new ConnectionString(url);
        } catch (IllegalArgumentException e) {
            throw RosterException.invalid("Not a MongoDB connection string: " + e.getMessage(),
                    Violations.of("url", "Not a MongoDB connection string: " + e.getMessage()));
        }
        String name = connection.getDatabase() == null ? DEFAULT_DATABASE : connection.getDatabase();
        MongoClient client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(connection).applicationName("roster").build());
        try {
            return new MongoStorage(client, true, name, null, Clock.systemUTC(), DEFAULT_LEASE);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /**
     * @param forceTransactions null to detect; true or false to choose the write path (tests)
     * @param lease             how long a pending batch is left to its writer before others abort it
     */
    MongoStorage(MongoClient client, boolean ownsClient, String databaseName, Boolean forceTransactions,
                 Clock clock, Duration lease) {
        this.client = client;
        this.ownsClient = ownsClient;
        this.clock = clock;
        this.database = client.getDatabase(databaseName);
        this.transactions = forceTransactions != null ? forceTransactions : detectTransactions(database);
        MongoCollection<Document> userDocs = database.getCollection("users");
        MongoCollection<Document> conversationDocs = database.getCollection("conversations");
        MongoCollection<Document> inbox = database.getCollection("inbox");
        MongoCollection<Document> messages = database.getCollection("messages");
        createIndexes(userDocs, database.getCollection("changes"), database.getCollection("presence"),
                conversationDocs, inbox, messages);
        this.changes = new MongoChangeLog(database.getCollection("changes"), this::recoverNowAndThen);
        this.journal = new Journal(database.getCollection("journal"), clock, lease);
        this.journaled = new JournaledWrites(userDocs, journal, () -> faults);
        MongoUsers.WriteStrategy strategy = transactions ? new TransactionalWrites(client, userDocs) : journaled;
        this.users = new MongoUsers(userDocs, changes, strategy);
        this.conversations = new MongoConversations(client, transactions, conversationDocs, inbox, messages, changes,
                journal, () -> faults);
        this.apps = new MongoApps(database.getCollection("apps"));
        this.presence = new MongoPresence(database.getCollection("presence"));
        recover();
    }

    private static boolean detectTransactions(MongoDatabase database) {
        Document hello = MongoErrors.call("connecting", () -> {
            try {
                return database.runCommand(new Document("hello", 1));
            } catch (MongoException e) {
                return database.runCommand(new Document("isMaster", 1));
            }
        });
        boolean replicated = hello.get("setName") != null || "isdbgrid".equals(hello.get("msg"));
        return replicated && hello.get("logicalSessionTimeoutMinutes") != null;
    }

    private static void createIndexes(MongoCollection<Document> users, MongoCollection<Document> changes,
                                      MongoCollection<Document> presence, MongoCollection<Document> conversations,
                                      MongoCollection<Document> inbox, MongoCollection<Document> messages) {
        MongoErrors.run("creating indexes", () -> {
            users.createIndex(Indexes.ascending(UserDocuments.APP, UserDocuments.ID),
                    new IndexOptions().name("users_app_id").unique(true));
            users.createIndex(Indexes.ascending(UserDocuments.APP, UserDocuments.ORDER),
                    new IndexOptions().name("users_app_order"));
            users.createIndex(Indexes.ascending(UserDocuments.OUTBOX + "." + MongoChangeLog.TOKEN),
                    new IndexOptions().name("users_outbox").sparse(true));
            users.createIndex(Indexes.ascending(UserDocuments.LOCK),
                    new IndexOptions().name("users_lock").sparse(true));
            changes.createIndex(Indexes.ascending(MongoChangeLog.TOKEN),
                    new IndexOptions().name("changes_token").unique(true));
            presence.createIndex(Indexes.ascending(MongoPresence.APP, MongoPresence.SESSION),
                    new IndexOptions().name("presence_app_session").unique(true));
            presence.createIndex(Indexes.ascending(MongoPresence.APP, MongoPresence.USER_ORDER, MongoPresence.EXPIRES),
                    new IndexOptions().name("presence_app_user"));
            presence.createIndex(Indexes.ascending(MongoPresence.EXPIRES), new IndexOptions().name("presence_expires"));
            String app = ConversationDocuments.APP;
            String cid = ConversationDocuments.CONVERSATION;
            String cok = ConversationDocuments.CONVERSATION_ORDER;
            String uid = ConversationDocuments.USER;
            conversations.createIndex(Indexes.ascending(app, cid),
                    new IndexOptions().name("conversations_app_id").unique(true));
            conversations.createIndex(Indexes.ascending(app, ConversationDocuments.DELETED, cok),
                    new IndexOptions().name("conversations_app_live_order"));
            dropIndex(conversations, "conversations_app_order");
            conversations.createIndex(Indexes.ascending(UserDocuments.OUTBOX + "." + MongoChangeLog.TOKEN),
                    new IndexOptions().name("conversations_outbox").sparse(true));
            conversations.createIndex(Indexes.ascending(UserDocuments.LOCK),
                    new IndexOptions().name("conversations_lock").sparse(true));
            inbox.createIndex(Indexes.ascending(app, uid, cid),
                    new IndexOptions().name("inbox_app_user_conversation").unique(true));
            inbox.createIndex(Indexes.ascending(app, uid, ConversationDocuments.LAST_ACTIVITY_AT, cok),
                    new IndexOptions().name("inbox_app_user_lastActivity"));
            inbox.createIndex(Indexes.ascending(app, uid, ConversationDocuments.CREATED_AT, cok),
                    new IndexOptions().name("inbox_app_user_createdAt"));
            inbox.createIndex(Indexes.ascending(app, cid), new IndexOptions().name("inbox_app_conversation"));
            messages.createIndex(Indexes.ascending(app, cid, ConversationDocuments.MESSAGE),
                    new IndexOptions().name("messages_app_conversation_id").unique(true));
            messages.createIndex(Indexes.ascending(app, cid, ConversationDocuments.CREATED_AT,
                    ConversationDocuments.MESSAGE_ORDER), new IndexOptions().name("messages_app_conversation_time"));
            messages.createIndex(Indexes.ascending(app, cid, ConversationDocuments.IDEMPOTENCY_KEY),
                    new IndexOptions().name("messages_app_conversation_idempotency"));
        });
    }

    /**
     * Drops an index of an earlier version if it is there (another process starting at the same
     * time may drop it first).
     */
    private static void dropIndex(MongoCollection<Document> collection, String name) {
        for (Document index : collection.listIndexes()) {
            if (name.equals(index.getString("name"))) {
                try {
                    collection.dropIndex(name);
                } catch (MongoCommandException e) {
                    if (e.getErrorCode() != INDEX_NOT_FOUND) {
                        throw e;
                    }
                }
                return;
            }
        }
    }

    /**
     * Ends batches that crashed writers left (rolled forward if committed, aborted once their lease
     * expired) and moves leftover outbox entries into the change log. Runs on start and, at most
     * every few seconds, when the change log is read; safe in many processes at once.
     *
     * @return the number of batches ended
     * @throws RosterException {@link ErrorCode#UNAVAILABLE} if the server cannot be reached
     */
    int recover() {
        lastRecovery.set(clock.millis());
        int ended = MongoErrors.call("recovering interrupted writes", () -> {
            int count = 0;
            for (Document entry : journal.all()) {
                boolean finished = MongoConversations.KIND.equals(entry.getString(Journal.KIND))
                        ? conversations.recover(entry) : journaled.recover(entry);
                count += finished ? 1 : 0;
            }
            return count + journaled.releaseOrphans() + conversations.releaseOrphans();
        });
        users.relayAll();
        conversations.relayAll();
        return ended;
    }

    private void recoverNowAndThen() {
        long last = lastRecovery.get();
        long now = clock.millis();
        if (now - last >= RECOVERY_INTERVAL_MS && lastRecovery.compareAndSet(last, now)) {
            recover();
        }
    }

    /** Makes tests crash writes at chosen points. */
    void injectFaults(FaultPoint faultPoint) {
        this.faults = faultPoint;
    }

    /** The database this store keeps its collections in. */
    MongoDatabase database() {
        return database;
    }

    /** Whether batches use multi-document transactions (detected on start). */
    public boolean usesTransactions() {
        return transactions;
    }

    @Override
    public AppStore apps() {
        return apps;
    }

    @Override
    public UserStore users() {
        return users;
    }

    @Override
    public PresenceStore presence() {
        return presence;
    }

    @Override
    public ConversationStore conversations() {
        return conversations;
    }

    @Override
    public ChangeLog changes() {
        return changes;
    }

    @Override
    public Set<Capability> capabilities() {
        return transactions ? EnumSet.of(Capability.ISOLATED_MULTI_WRITES, Capability.SHARED_BETWEEN_PROCESSES)
                : EnumSet.of(Capability.SHARED_BETWEEN_PROCESSES);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            if (ownsClient) {
                client.close();
            }
        }
    }
}
