package dev.roster.jdbc;

import dev.roster.core.domain.ConversationFilter;
import dev.roster.core.domain.ConversationOrder;
import dev.roster.core.domain.ConversationQuery;
import dev.roster.core.domain.Delivery;
import dev.roster.core.domain.DeliveryStatus;
import dev.roster.core.domain.FeedCursor;
import dev.roster.core.domain.FeedEventType;
import dev.roster.core.domain.InboxCursor;
import dev.roster.core.domain.SortDirection;
import dev.roster.core.domain.UserFilter;
import dev.roster.core.domain.UserOrder;
import dev.roster.core.domain.UserQuery;
import dev.roster.core.domain.Webhook;
import dev.roster.core.spi.Storage;
import dev.roster.jdbc.internal.InboxSql;
import dev.roster.jdbc.internal.JdbcConversationStore;
import dev.roster.jdbc.internal.JdbcUserStore;
import dev.roster.jdbc.internal.JdbcWebhookStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The contract suite and the SQL-specific tests on a fresh PostgreSQL schema of its own. */
@EnabledIfEnvironmentVariable(named = TestDatabase.POSTGRES_ENV, matches = ".+")
class PostgresStoreContractTest extends JdbcStoreContract {

    @RegisterExtension
    static final JdbcStoreExtension STORE = JdbcStoreExtension.of(TestDatabase::postgres);

    @Test
    void aListingPageIsAnIndexRangeScanForAUserWithManyConversations() throws SQLException {
        String appId = "app-explain";
        try (Connection backdoor = STORE.database().backdoor(); Statement statement = backdoor.createStatement()) {
            // 20k entries of which 5k belong to one user; planner statistics from ANALYZE.
            statement.execute("INSERT INTO roster_entry (app_id, conversation_id, user_id, access, notification, "
                    + "joined_at, read_until, is_left, created_at, subject, custom, last_message_at, last_activity_at, "
                    + "unread_count) SELECT '" + appId + "', 'c' || g, CASE WHEN g % 4 = 0 THEN 'heavy' ELSE 'u' || g END, "
                    + "'READ_WRITE', 'ALL', g, 0, false, g, NULL, '{}', g, g, g % 3 FROM generate_series(1, 20000) g");
            statement.execute("INSERT INTO roster_conversation (app_id, conversation_id, version, custom, created_at) "
                    + "SELECT '" + appId + "', 'c' || g, 1, '{}', g FROM generate_series(1, 20000) g");
            statement.execute("ANALYZE roster_entry");
        }
        ConversationQuery query = ConversationQuery.builder("heavy").order(ConversationOrder.LAST_ACTIVITY)
                .direction(SortDirection.DESC).startingAfter("c15000")
                .filter(new ConversationFilter.FlagIs(ConversationFilter.Flag.IS_UNREAD, true)).limit(30).build();
        InboxSql sql = ((JdbcConversationStore) STORE.storage().conversations())
                .inboxSql(appId, query, new InboxCursor(15000, "c15000"));
        StringBuilder plan = new StringBuilder();
        try (Connection backdoor = STORE.database().backdoor();
             PreparedStatement explain = backdoor.prepareStatement("EXPLAIN " + sql.sql())) {
            for (int i = 0; i < sql.parameters().size(); i++) {
                explain.setObject(i + 1, sql.parameters().get(i));
            }
            try (ResultSet rows = explain.executeQuery()) {
                while (rows.next()) {
                    plan.append(rows.getString(1)).append('\n');
                }
            }
        }
        assertTrue(plan.toString().contains("Index Scan Backward using roster_entry_by_activity"), plan::toString);
        assertFalse(plan.toString().contains("Seq Scan"), plan::toString);
        assertFalse(plan.toString().contains("Sort"), plan::toString);
        assertEquals(30, STORE.storage().conversations().listInbox(appId, query).conversations().size());
    }

    @Test
    void aUserQueryPageIsAnIndexRangeScanInEveryOrder() throws SQLException {
        String appId = "app-explain-users";
        try (Connection backdoor = STORE.database().backdoor(); Statement statement = backdoor.createStatement()) {
            // 20k users, a quarter agents, each with a tier (a third gold); planner statistics from ANALYZE.
            statement.execute("INSERT INTO roster_user (app_id, user_id, version, name, email, phone, role, custom, "
                    + "push_tokens, created_at, name_key) SELECT '" + appId + "', 'u' || g, 1, 'User ' || g, '[]', '[]', "
                    + "CASE WHEN g % 4 = 0 THEN 'agent' ELSE 'default' END, '{}', '[]', g / 3, 'user ' || g "
                    + "FROM generate_series(1, 20000) g");
            statement.execute("INSERT INTO roster_user_custom (app_id, user_id, custom_key, custom_value) SELECT '"
                    + appId + "', 'u' || g, 'tier', CASE WHEN g % 3 = 0 THEN 'gold' ELSE 'free' END "
                    + "FROM generate_series(1, 20000) g");
            statement.execute("ANALYZE roster_user");
            statement.execute("ANALYZE roster_user_custom");
        }
        UserFilter filter = new UserFilter.And(List.of(
                new UserFilter.TextIn(UserFilter.TextField.ROLE, Set.of("agent"), false),
                new UserFilter.CustomIn("tier", Set.of("gold"), false)));
        JdbcUserStore users = (JdbcUserStore) STORE.storage().users();
        for (UserOrder order : UserOrder.values()) {
            for (SortDirection direction : SortDirection.values()) {
                UserQuery query = new UserQuery(filter, order, direction, null, 30);
                String plan = users.queryPlan(appId, query);
                String index = switch (order) {
                    case ID -> "roster_user_pk";
                    case CREATED_AT -> "roster_user_by_created";
                    case NAME -> "roster_user_by_name";
                    case LAST_ACTIVE_AT -> "roster_user_by_active";
                };
                assertTrue(plan.contains("Index Scan") && plan.contains(index), () -> order + " " + direction + ":\n" + plan);
                assertFalse(plan.contains("Seq Scan"), () -> order + " " + direction + ":\n" + plan);
                assertFalse(plan.contains("Sort"), () -> order + " " + direction + ":\n" + plan);
                assertEquals(30, STORE.storage().users().query(appId, query).users().size());
            }
        }
    }

    /**
     * Statistics taken while an app had no rows, then the app grows: with constant ids PostgreSQL
     * took the app for one row and walked it through any index led by {@code app_id} (73 ms for
     * 100 ids in row 10's copy, 1.65 ms after {@code ANALYZE}). Every lookup by id must stay a
     * primary-key lookup.
     */
    @Test
    void idLookupsUseThePrimaryKeyInAnAppGrownSinceTheLastAnalyze() throws SQLException {
        String appId = "app-grown";
        try (Connection backdoor = STORE.database().backdoor(); Statement statement = backdoor.createStatement()) {
            for (String table : List.of("roster_user", "roster_conversation", "roster_entry")) {
                statement.execute("ALTER TABLE " + table + " SET (autovacuum_enabled = false)");
            }
            statement.execute("INSERT INTO roster_user (app_id, user_id, version, name, email, phone, role, custom, "
                    + "push_tokens, created_at, name_key) SELECT 'app-small', 'u' || g, 1, 'User', '[]', '[]', 'default', "
                    + "'{}', '[]', g, 'user' FROM generate_series(1, 2000) g");
            statement.execute("ANALYZE roster_user");
            statement.execute("ANALYZE roster_conversation");
            statement.execute("ANALYZE roster_entry");
            statement.execute("INSERT INTO roster_user (app_id, user_id, version, name, email, phone, role, custom, "
                    + "push_tokens, created_at, name_key) SELECT '" + appId + "', 'u' || g, 1, 'User', '[]', '[]', "
                    + "'default', '{}', '[]', g, 'user' FROM generate_series(1, 50000) g");
            statement.execute("INSERT INTO roster_conversation (app_id, conversation_id, version, custom, created_at) "
                    + "SELECT '" + appId + "', 'c' || g, 1, '{}', g FROM generate_series(1, 20000) g");
            statement.execute("INSERT INTO roster_entry (app_id, conversation_id, user_id, access, notification, "
                    + "joined_at, read_until, is_left, created_at, subject, custom, last_message_at, last_activity_at, "
                    + "unread_count) SELECT '" + appId + "', 'c' || g, 'u' || (g % 50), 'READ_WRITE', 'ALL', g, 0, false, "
                    + "g, NULL, '{}', g, g, 0 FROM generate_series(1, 20000) g");
        }
        List<String> userIds = new ArrayList<>();
        List<String> conversationIds = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            userIds.add("u" + i * 400);
            conversationIds.add("c" + i * 150);
        }
        JdbcUserStore users = (JdbcUserStore) STORE.storage().users();
        for (List<String> ids : List.of(userIds, List.of("u777"))) {
            String plan = users.loadPlan(appId, ids);
            assertTrue(plan.contains("roster_user_pk") && !plan.contains("roster_user_by_"), plan);
        }
        assertEquals(100, users.load(appId, userIds).size());
        JdbcConversationStore conversations = (JdbcConversationStore) STORE.storage().conversations();
        for (List<String> ids : List.of(conversationIds, List.of("c777"))) {
            String plan = conversations.loadPlan(appId, ids);
            assertTrue(plan.contains("roster_conversation_pk") && plan.contains("roster_entry_pk")
                    && !plan.contains("roster_entry_by_") && !plan.contains("Seq Scan"), plan);
        }
    }

    /**
     * The dispatcher's statements on deliveries as a prepared statement runs them from its sixth use
     * (the generic plan), on a table never analyzed: each finds its rows by the key or by the
     * pending index, never through another index's leading columns and a filter of the rest.
     */
    @Test
    void deliveryStatementsFindTheirRowsByTheirIndexesWithoutStatistics() throws SQLException {
        try (Connection backdoor = STORE.database().backdoor(); Statement statement = backdoor.createStatement()) {
            statement.execute("ALTER TABLE roster_webhook_delivery SET (autovacuum_enabled = false)");
        }
        Webhook webhook = new Webhook("app-delivery-plans", "hook", "https://example.com/hook", List.of("*"),
                "whsec_plans", true);
        storage().webhooks().save(webhook, FeedCursor.START);
        List<Delivery> deliveries = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            deliveries.add(new Delivery(webhook.appId(), webhook.id(), new FeedCursor(i, 0),
                    FeedEventType.USER_CREATED, "u" + i, null, "{}", i, DeliveryStatus.PENDING, 0, 0, null, 0, 0, 0));
        }
        storage().webhooks().enqueue(webhook.appId(), webhook.id(), deliveries, new FeedCursor(101, 0));

        Map<String, String> plans = ((JdbcWebhookStore) STORE.storage().webhooks())
                .genericPlans(webhook.appId(), webhook.id());

        assertTrue(plans.get("pending").contains("using roster_webhook_delivery_pending"), plans.get("pending"));
        assertTrue(plans.get("claim").contains("using roster_webhook_delivery_pk")
                || plans.get("claim").contains("using roster_webhook_delivery_pending"), plans.get("claim"));
        assertTrue(plans.get("record").contains("using roster_webhook_delivery_pk"), plans.get("record"));
        plans.values().forEach(plan -> assertFalse(plan.contains("Seq Scan"), plan));
    }

    @Override
    protected Storage storage() {
        return STORE.storage();
    }

    @Override
    protected TestDatabase database() {
        return STORE.database();
    }
}
