package dev.roster.jdbc;

import dev.roster.core.domain.ConversationFilter;
import dev.roster.core.domain.ConversationOrder;
import dev.roster.core.domain.ConversationQuery;
import dev.roster.core.domain.InboxCursor;
import dev.roster.core.domain.SortDirection;
import dev.roster.core.spi.Storage;
import dev.roster.jdbc.internal.InboxSql;
import dev.roster.jdbc.internal.JdbcConversationStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

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

    @Override
    protected Storage storage() {
        return STORE.storage();
    }

    @Override
    protected TestDatabase database() {
        return STORE.database();
    }
}
