package dev.roster.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
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
import dev.roster.core.spi.WebhookStore;
import org.bson.Document;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
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

    private final MongoClient client;
    private final boolean ownsClient;
    private final MongoDatabase database;
    private final boolean transactions;
    private final MongoApps apps;
    private final MongoUsers users;
    private final MongoChangeLog changes;
    private final MongoPresence presence;
    private final JournaledWrites journaled;
    private final MongoConversations conversations;
    private final MongoWebhooks webhooks;
    private final Clock clock;
    private final AtomicLong lastRecovery = new AtomicLong(Long.MIN_VALUE);
    private volatile FaultPoint faults = FaultPoint.NONE;
    private volatile boolean closed;

    /**
     * Opens the store at a {@code mongodb://} or {@code mongodb+srv://} URL; the database is the
     * URL's path, or {@value #DEFAULT_DATABASE}. Talks to the server before returning.
     *
     * @param url the connection string
     * @return the open store; the caller closes it
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
        this.transactions = forceTransactions != null ? forceTransactions : hasTransactions(database);
        MongoCollection<Document> userDocs = database.getCollection("users");
        MongoCollection<Document> conversationDocs = database.getCollection("conversations");
        MongoCollection<Document> inbox = database.getCollection("inbox");
        MongoCollection<Document> messages = database.getCollection("messages");
        MongoIndexes.create(userDocs, database.getCollection("changes"), database.getCollection("presence"),
                conversationDocs, inbox, messages);
        this.changes = new MongoChangeLog(database.getCollection("changes"), this::recoverNowAndThen);
        UserBatches userBatches = new UserBatches(userDocs);
        ConversationWrites conversationWrites = new ConversationWrites(conversationDocs, inbox, messages);
        this.journaled = new JournaledWrites(new Journal(database.getCollection("journal"), clock, lease),
                Map.of(UserBatches.KIND, userBatches::decode, ConversationWrites.KIND, conversationWrites::decode),
                List.of(userDocs, conversationDocs), () -> faults);
        WritePath path = transactions ? new TransactionalWrites(client, () -> faults) : journaled;
        this.users = new MongoUsers(userDocs, changes, path, userBatches);
        this.conversations = new MongoConversations(conversationDocs, new InboxEntries(inbox),
                new ConversationMessages(messages), conversationWrites, path, changes);
        this.apps = new MongoApps(database.getCollection("apps"));
        this.presence = new MongoPresence(database.getCollection("presence"));
        this.webhooks = MongoWebhooks.open(database.getCollection("webhooks"),
                database.getCollection("webhook_deliveries"), () -> faults);
        recover();
    }

    /** Whether the deployment has multi-document transactions: a replica set or a sharded cluster with sessions. */
    static boolean hasTransactions(MongoDatabase database) {
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
        int ended = MongoErrors.call("recovering interrupted writes", journaled::recoverAll);
        users.relayAll();
        users.backfill();
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

    /** {@return whether batches use multi-document transactions (detected on start)} */
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
    public WebhookStore webhooks() {
        return webhooks;
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
