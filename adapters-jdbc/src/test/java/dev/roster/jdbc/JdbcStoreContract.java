package dev.roster.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.roster.core.api.Roster;
import dev.roster.core.domain.App;
import dev.roster.core.domain.AppSettings;
import dev.roster.core.domain.ConversationPatch;
import dev.roster.core.domain.ConversationRecord;
import dev.roster.core.domain.Delivery;
import dev.roster.core.domain.DeliveryStatus;
import dev.roster.core.domain.ErrorCode;
import dev.roster.core.domain.FeedCursor;
import dev.roster.core.domain.FeedEventType;
import dev.roster.core.domain.Ids;
import dev.roster.core.domain.NewMessage;
import dev.roster.core.domain.RateLimit;
import dev.roster.core.domain.RateLimits;
import dev.roster.core.domain.RosterException;
import dev.roster.core.domain.User;
import dev.roster.core.domain.UserPatch;
import dev.roster.core.domain.Webhook;
import dev.roster.core.internal.memory.MemoryStorage;
import dev.roster.core.spi.Storage;
import dev.roster.core.spi.StorageProvider;
import dev.roster.core.spi.UserWrite;
import dev.roster.core.spi.Versioned;
import dev.roster.testkit.StoreBackdoor;
import dev.roster.testkit.StoreContract;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The whole contract suite plus what only a SQL store must show: faults leave no trace,
 * migrations are safe to run twice and concurrently, ids compare by code point. Each engine's
 * test class supplies a fresh database and the store opened on it.
 */
abstract class JdbcStoreContract extends StoreContract {

    /** The fresh database of the test class, which {@link #storage()} is opened on. */
    protected abstract TestDatabase database();

    @Override
    protected Optional<StoreBackdoor> backdoor() {
        return Optional.of(new SqlBackdoor(database()));
    }

    @Override
    protected Storage openAnotherProcess() {
        return JdbcStorage.open(database().url());
    }

    @ParameterizedTest(name = "fault at statement {0}")
    @ValueSource(ints = {1, 2, 3, 4})
    void aConnectionLostInTheMiddleOfABatchLeavesNoTrace(int failingStatement) throws SQLException {
        String appId = "app-" + suffix();
        List<UserWrite> existing = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            existing.add(new UserWrite(user("old-" + i), 0));
        }
        assertTrue(storage().users().write(appId, existing));
        long newestBefore = storage().changes().assigned();

        List<UserWrite> batch = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            batch.add(new UserWrite(user("old-" + i, "Renamed"), 1));
            batch.add(new UserWrite(user("new-" + i), 0));
        }
        FaultyDataSource faulty = new FaultyDataSource(database().url());
        try (JdbcStorage failing = JdbcStorage.builder(database().url()).dataSource(faulty).build()) {
            // Statements of one batch write: on PostgreSQL one (every statement in one text); on H2
            // and MariaDB 1 insert the new users, 2 update the others, then on H2 3 bump and read the
            // log head, 4 insert the log entries; on MariaDB 3 bump the head, 4 read it.
            assumeTrue(failingStatement == 1 || failing.dialect() != Dialect.POSTGRESQL,
                    "a PostgreSQL batch write is one statement execution");
            faulty.failAtExecution(failingStatement);
            RosterException failure = assertThrows(RosterException.class, () -> failing.users().write(appId, batch));
            assertTrue(faulty.fired());
            assertEquals(ErrorCode.UNAVAILABLE, failure.code(), failure::getMessage);
        }

        try (Connection backdoor = database().backdoor()) {
            assertEquals(50, count(backdoor, "SELECT COUNT(*) FROM roster_user WHERE app_id = ?", appId));
            assertEquals(0, count(backdoor,
                    "SELECT COUNT(*) FROM roster_user WHERE app_id = ? AND (version <> 1 OR name <> 'Old')", appId));
            assertEquals(0, count(backdoor, "SELECT COUNT(*) FROM roster_change WHERE app_id = ? AND position > "
                    + newestBefore, appId));
        }
        assertEquals(List.of(), storage().changes().readAfter(newestBefore, 10));
        assertTrue(storage().users().write(appId, batch), "the store works on after the fault");
        assertEquals(100, storage().users().list(appId, null, 1000).size());
    }

    /** A data source alone opens the store: the dialect comes from the database it connects to. */
    @Test
    void aStoreOverADataSourceDetectsItsDialectAndLeavesTheDataSourceOpen() throws SQLException {
        String appId = "app-" + suffix();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(database().url());
        config.setMaximumPoolSize(2);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            try (JdbcStorage store = JdbcStorage.builder(pool).build()) {
                assertEquals(Dialect.of(database().url()), store.dialect());
                assertTrue(store.users().write(appId, List.of(new UserWrite(user("over-a-data-source"), 0))));
            }
            assertFalse(pool.isClosed(), "closing the store leaves the caller's data source open");
            try (Connection connection = pool.getConnection()) {
                assertTrue(connection.isValid(5));
            }
        }
        assertEquals("over-a-data-source", storage().users().list(appId, null, 10).get(0).id());
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void listingsMatchTheReferenceStore(long seed) {
        String appId = "app-" + suffix();
        ConversationOracle oracle = new ConversationOracle(seed, storage(), new MemoryStorage(), appId);
        oracle.populate(60);
        oracle.compareListings(150);
        oracle.compareConversations();
    }

    @Test
    void idsAreDistinctAndOrderedByCodePoints() {
        String appId = "app-" + suffix();
        List<String> ids = List.of("a", "a ", "A", "b", "\u00e9", "\ue000", "\uffff", "\ud83d\ude00", "a\ud83d\ude00",
                "a\uffff", "ab");
        List<UserWrite> writes = ids.stream().map(id -> new UserWrite(user(id), 0)).toList();
        assertTrue(storage().users().write(appId, writes), "no two of these ids may collide");

        List<String> expected = ids.stream().sorted(Ids.ORDER).toList();
        assertEquals(expected, storage().users().list(appId, null, 100).stream().map(User::id).toList());
        List<String> paged = new ArrayList<>();
        String after = null;
        for (List<User> page; !(page = storage().users().list(appId, after, 3)).isEmpty(); ) {
            page.forEach(u -> paged.add(u.id()));
            after = page.get(page.size() - 1).id();
        }
        assertEquals(expected, paged);
        assertEquals("a ", storage().users().load(appId, List.of("a ")).get("a ").value().id());
        assertFalse(storage().users().load(appId, List.of("B")).containsKey("B"));
    }

    /**
     * A conversation is read with several statements; a send that commits between them must not
     * yield a record mixing the new version with the old entries (a writer would then pass the
     * version check with stale unread counts and lose an increment).
     */
    @ParameterizedTest(name = "send commits before statement {0}")
    @ValueSource(ints = {1, 2, 3, 4})
    void aConversationReadIsOneConsistentStateWhenASendCommitsInTheMiddle(int interleavedStatement) {
        try (Roster roster = Roster.builder().storage(storage()).build()) {
            App app = roster.saveApp(new App("app-" + suffix(), "sk_test_" + UUID.randomUUID(), AppSettings.defaults()));
            String me = "me-" + suffix();
            String other = "other-" + suffix();
            for (String id : List.of(me, other)) {
                roster.upsertUser(app.id(), id, UserPatch.builder().name("User " + id).build());
            }
            String c = "c-" + suffix();
            roster.conversations().upsert(app.id(), c, ConversationPatch.none().withParticipants(me, other));
            roster.conversations().send(app.id(), c, List.of(NewMessage.user(other, "first")));
            Versioned<ConversationRecord> before = storage().conversations().load(app.id(), List.of(c)).get(c);
            List<Versioned<ConversationRecord>> after = new ArrayList<>();

            FaultyDataSource interleaving = new FaultyDataSource(database().url());
            try (JdbcStorage reader = JdbcStorage.builder(database().url()).dataSource(interleaving).build()) {
                interleaving.interleaveAtExecution(interleavedStatement, () -> {
                    roster.conversations().send(app.id(), c, List.of(NewMessage.user(other, "second")));
                    after.add(storage().conversations().load(app.id(), List.of(c)).get(c));
                });
                Versioned<ConversationRecord> read = reader.conversations().load(app.id(), List.of(c)).get(c);
                assertEquals(1, after.size(), "the send ran in the middle of the read");
                assertEquals(before.version() + 1, after.get(0).version());
                assertEquals(2, after.get(0).value().entries().get(me).unreadCount());
                assertTrue(read.equals(before) || read.equals(after.get(0)),
                        () -> "read " + read + " is neither " + before + " nor " + after.get(0));
            }
        }
    }

    /** A NUL in a name is stored as is, or refused as bad input with nothing written; never INTERNAL. */
    @Test
    void aNulCharacterIsStoredOrRefusedAsInvalidArgument() {
        try (Roster roster = Roster.builder().storage(storage()).build()) {
            App app = roster.saveApp(new App("app-" + suffix(), "sk_test_" + UUID.randomUUID(), AppSettings.defaults()));
            String id = "nul-" + suffix();
            String name = "before\u0000after";
            try {
                roster.upsertUser(app.id(), id, UserPatch.builder().name(name).build());
                assertEquals(name, roster.findUser(app.id(), id).orElseThrow().name());
            } catch (RosterException e) {
                assertEquals(ErrorCode.INVALID_ARGUMENT, e.code(), e::getMessage);
                assertTrue(e.getMessage().contains("NUL"), e::getMessage);
                assertTrue(roster.findUser(app.id(), id).isEmpty(), "nothing was written");
            }
        }
    }

    /** An app saved before schema version 6 has no budget columns filled in: it has the default budgets. */
    @Test
    void anAppSavedBeforeRateLimitsHasTheDefaultBudgets() throws SQLException {
        App app = new App("app-" + suffix(), "sk_test_" + UUID.randomUUID(), AppSettings.defaults()
                .withRateLimits(new RateLimits(new RateLimit(1, 1), new RateLimit(2, 2))));
        storage().apps().save(app);
        try (Connection backdoor = database().backdoor(); PreparedStatement statement = backdoor.prepareStatement(
                "UPDATE roster_app SET trusted_per_second = NULL, trusted_burst = NULL, browser_per_second = NULL, "
                        + "browser_burst = NULL WHERE app_id = ?")) {
            statement.setString(1, app.id());
            assertEquals(1, statement.executeUpdate());
        }

        assertEquals(RateLimits.DEFAULTS, storage().apps().find(app.id()).orElseThrow().settings().rateLimits());
    }

    /**
     * Schema version 4 brings tombstones; a conversation deleted before it left none, so the
     * migration takes the highest version the change log holds for it.
     */
    @Test
    void theMigrationToTombstonesFindsConversationsDeletedBeforeIt() throws SQLException {
        try (Roster roster = Roster.builder().storage(storage()).build()) {
            App app = roster.saveApp(new App("app-" + suffix(), "sk_test_" + UUID.randomUUID(), AppSettings.defaults()));
            String me = "me-" + suffix();
            roster.upsertUser(app.id(), me, UserPatch.builder().name("Me").build());
            String deleted = "deleted-" + suffix();
            String live = "live-" + suffix();
            for (String c : List.of(deleted, live)) {
                roster.conversations().upsert(app.id(), c, ConversationPatch.none().withParticipants(me));
                roster.conversations().send(app.id(), c, List.of(NewMessage.user(me, "hi")));
            }
            roster.conversations().delete(app.id(), deleted);
            try (Connection backdoor = database().backdoor(); Statement statement = backdoor.createStatement()) {
                statement.execute("DELETE FROM roster_conversation_tombstone");
                statement.execute("DELETE FROM roster_schema_version WHERE version = 4");
            }
            assertEquals(0, storage().conversations().tombstoneVersion(app.id(), deleted), "as schema version 3 left it");

            JdbcStorage.builder(database().url()).build().close();

            assertEquals(3, storage().conversations().tombstoneVersion(app.id(), deleted));
            assertEquals(0, storage().conversations().tombstoneVersion(app.id(), live));
            roster.conversations().upsert(app.id(), deleted, ConversationPatch.none().withParticipants(me));
            assertEquals(4, storage().conversations().load(app.id(), List.of(deleted)).get(deleted).version());
        }
    }

    /** A Roster before schema version 4 creates a deleted id again without removing its tombstone. */
    @Test
    void aDeleteReplacesATombstoneThatAnOlderRosterLeftBesideTheConversation() throws SQLException {
        try (Roster roster = Roster.builder().storage(storage()).build()) {
            App app = roster.saveApp(new App("app-" + suffix(), "sk_test_" + UUID.randomUUID(), AppSettings.defaults()));
            String c = "c-" + suffix();
            roster.conversations().upsert(app.id(), c, ConversationPatch.none());
            try (Connection backdoor = database().backdoor(); PreparedStatement stale = backdoor.prepareStatement(
                    "INSERT INTO roster_conversation_tombstone (app_id, conversation_id, version) VALUES (?, ?, 7)")) {
                stale.setString(1, app.id());
                stale.setString(2, c);
                stale.executeUpdate();
            }
            roster.conversations().delete(app.id(), c);
            assertEquals(2, storage().conversations().tombstoneVersion(app.id(), c));
        }
    }

    @Test
    void openingTheStoreAgainAndConcurrentlyMigratesOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<CompletableFuture<Void>> opens = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                opens.add(CompletableFuture.runAsync(() -> JdbcStorage.builder(database().url()).maxPoolSize(2)
                        .build().close(), pool));
            }
            CompletableFuture.allOf(opens.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        try (Connection backdoor = database().backdoor()) {
            assertEquals(1, count(backdoor, "SELECT COUNT(*) FROM roster_schema_version WHERE version = ?", 1));
        }
        try (JdbcStorage checked = JdbcStorage.builder(database().url()).autoMigrate(false).build()) {
            assertEquals(0, checked.users().load("app-" + suffix(), List.of("nobody")).size());
        }
    }

    @Test
    void theDdlNamesEveryTable() {
        String ddl = JdbcStorage.ddl(((JdbcStorage) storage()).dialect());
        for (String table : List.of("roster_schema_version", "roster_app", "roster_user", "roster_change",
                "roster_log_head", "roster_presence", "roster_conversation", "roster_entry", "roster_message",
                "roster_conversation_tombstone", "roster_webhook", "roster_webhook_delivery")) {
            assertTrue(ddl.contains("CREATE TABLE IF NOT EXISTS " + table), table);
        }
    }

    /** A delivery's body is an event as posted, which may be megabytes long: stored and read back whole. */
    @Test
    void aDeliveryBodyOfSeveralMegabytesIsStoredWhole() {
        Webhook webhook = new Webhook("app-" + suffix(), "hook", "https://example.com/hook", List.of("*"),
                "whsec_" + suffix(), true);
        storage().webhooks().save(webhook, FeedCursor.START);
        String body = "{\"text\":\"" + "\u00e9\ud83d\ude80x".repeat(450_000) + "\"}";
        Delivery delivery = new Delivery(webhook.appId(), webhook.id(), new FeedCursor(3, 1),
                FeedEventType.MESSAGE_CREATED, "sender", "c", body, 1_700_000_000_000L, DeliveryStatus.PENDING, 0, 0,
                null, 0, 0, 0);

        storage().webhooks().enqueue(webhook.appId(), webhook.id(), List.of(delivery), new FeedCursor(4, 0));

        assertEquals(body, storage().webhooks().delivery(webhook.appId(), webhook.id(), delivery.eventId())
                .orElseThrow().body());
    }

    @Test
    void aProviderIsFoundByUrl() {
        StorageProvider provider = ServiceLoader.load(StorageProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.accepts(database().url())).findFirst().orElseThrow();
        try (Storage opened = provider.open(database().url())) {
            assertTrue(opened instanceof JdbcStorage);
        }
    }

    @Test
    void anUnreachableDatabaseIsUnavailable() {
        String url = switch (((JdbcStorage) storage()).dialect()) {
            case H2 -> "jdbc:h2:tcp://127.0.0.1:1/nothing";
            case POSTGRESQL -> "jdbc:postgresql://127.0.0.1:1/nothing?connectTimeout=2";
            case MARIADB -> "jdbc:mariadb://127.0.0.1:1/nothing?connectTimeout=2000";
        };
        RosterException failure = assertThrows(RosterException.class, () -> JdbcStorage.open(url));
        assertEquals(ErrorCode.UNAVAILABLE, failure.code(), failure::getMessage);
    }

    private static long count(Connection connection, String sql, String appId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, appId);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static long count(Connection connection, String sql, int value) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setInt(1, value);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static User user(String id) {
        return user(id, "Old");
    }

    private static User user(String id, String name) {
        return new User(id, name, List.of(id + "@example.com"), List.of(), null, null, User.DEFAULT_ROLE, null,
                new TreeMap<>(), new TreeSet<>(), null, 1_700_000_000_000L);
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 13);
    }
}
