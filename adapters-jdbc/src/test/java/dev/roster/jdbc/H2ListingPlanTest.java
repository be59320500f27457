package dev.roster.jdbc;

import dev.roster.core.domain.Message;
import dev.roster.core.domain.User;
import dev.roster.core.spi.MessageCursor;
import dev.roster.jdbc.internal.JdbcConversationStore;
import dev.roster.jdbc.internal.JdbcUserStore;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A page of a keyset listing on H2 (users and conversations by id, messages newest first) must be
 * read in index order and stop at its limit: ordered by the sort columns alone, without the fixed
 * leading columns of the index, H2 read and sorted every later row of the app (or every older
 * message of the conversation) for each page, 94 ms for a page of 100 users among 20k in row 10's
 * copy, where the page itself is well under a millisecond.
 */
class H2ListingPlanTest {

    private static final int ROWS = 20_000;
    private static final int PAGE = 100;
    private static final Pattern SCAN_COUNT = Pattern.compile("scanCount: (\\d+)");

    @Test
    void everyListingPageIsReadInIndexOrderUpToItsLimit() throws SQLException {
        String appId = "app-" + UUID.randomUUID();
        try (TestDatabase database = TestDatabase.h2(); JdbcStorage storage = JdbcStorage.open(database.url());
             Connection backdoor = database.backdoor()) {
            fill(backdoor, "INSERT INTO roster_user (app_id, user_id, version, name, email, phone, role, custom, "
                    + "push_tokens, created_at) SELECT ?, 'user-' || LPAD(X, 6, '0'), 1, 'Name', '[]', '[]', "
                    + "'default', '{}', '[]', 0 FROM SYSTEM_RANGE(1, ?)", appId);
            fill(backdoor, "INSERT INTO roster_conversation (app_id, conversation_id, version, custom, created_at) "
                    + "SELECT ?, 'c-' || LPAD(X, 6, '0'), 1, '{}', 0 FROM SYSTEM_RANGE(1, ?)", appId);
            fill(backdoor, "INSERT INTO roster_message (app_id, conversation_id, message_id, message_type, sender_id, "
                    + "text, custom, created_at, origin) SELECT ?, 'c-000001', 'm-' || LPAD(X, 6, '0'), 'USER_MESSAGE', "
                    + "'user-000001', 'hi', '{}', X, 'rest' FROM SYSTEM_RANGE(1, ?)", appId);
            try (Statement analyze = backdoor.createStatement()) {
                analyze.execute("ANALYZE");
            }
            JdbcUserStore users = (JdbcUserStore) storage.users();
            JdbcConversationStore conversations = (JdbcConversationStore) storage.conversations();

            assertReadsOnePage(users.listPlan(appId, null, PAGE));
            assertReadsOnePage(users.listPlan(appId, "user-000100", PAGE));
            assertReadsOnePage(conversations.listIdsPlan(appId, null, PAGE));
            assertReadsOnePage(conversations.listIdsPlan(appId, "c-000100", PAGE));
            MessageCursor cursor = new MessageCursor(ROWS - 100, "m-" + String.format("%06d", ROWS - 100));
            assertReadsOnePage(conversations.messagesPlan(appId, "c-000001", null, PAGE));
            assertReadsOnePage(conversations.messagesPlan(appId, "c-000001", cursor, PAGE));

            List<User> page = users.list(appId, "user-000100", PAGE);
            assertEquals("user-000101", page.get(0).id());
            assertEquals(PAGE, page.size());
            assertEquals("c-000101", conversations.listIds(appId, "c-000100", PAGE).get(0));
            List<Message> messages = conversations.messages(appId, "c-000001", cursor, PAGE);
            assertEquals("m-" + String.format("%06d", ROWS - 101), messages.get(0).id());
            assertEquals(PAGE, messages.size());
        }
    }

    private static void fill(Connection backdoor, String insert, String appId) throws SQLException {
        try (PreparedStatement fill = backdoor.prepareStatement(insert)) {
            fill.setString(1, appId);
            fill.setInt(2, ROWS);
            fill.executeUpdate();
        }
    }

    private static void assertReadsOnePage(String plan) {
        assertTrue(plan.contains("index sorted"), () -> "not read in index order:\n" + plan);
        Matcher scanned = SCAN_COUNT.matcher(plan);
        assertTrue(scanned.find(), plan);
        assertTrue(Long.parseLong(scanned.group(1)) <= 2L * PAGE, () -> "rows scanned for a page of " + PAGE + ":\n" + plan);
    }
}
