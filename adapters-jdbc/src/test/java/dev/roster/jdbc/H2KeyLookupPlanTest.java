package dev.roster.jdbc;

import dev.roster.core.domain.User;
import dev.roster.core.spi.Versioned;
import dev.roster.jdbc.internal.JdbcUserStore;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * H2 must load many users of a big app by index lookups on both key columns: with
 * {@code app_id = ? AND user_id IN (…)} it walked every user of the app and filtered the list,
 * and with {@code (app_id, user_id) IN ((?, ?), …)} it tested every found row against the whole list.
 */
class H2KeyLookupPlanTest {

    private static final int USERS = 20_000;
    private static final int LOADED = 100;
    private static final Pattern SCAN_COUNT = Pattern.compile("scanCount: (\\d+)");

    @Test
    void aMultiIdLoadLooksUpBothKeyColumns() throws SQLException {
        String appId = "app-" + UUID.randomUUID();
        try (TestDatabase database = TestDatabase.h2(); JdbcStorage storage = JdbcStorage.open(database.url());
             Connection backdoor = database.backdoor()) {
            try (PreparedStatement fill = backdoor.prepareStatement("INSERT INTO roster_user (app_id, user_id, version, "
                    + "name, email, phone, role, custom, push_tokens, created_at) "
                    + "SELECT ?, 'user-' || X, 1, 'Name', '[]', '[]', 'default', '{}', '[]', 0 FROM SYSTEM_RANGE(1, ?)")) {
                fill.setString(1, appId);
                fill.setInt(2, USERS);
                fill.executeUpdate();
            }
            try (Statement analyze = backdoor.createStatement()) {
                analyze.execute("ANALYZE");
            }
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < LOADED; i++) {
                ids.add("user-" + (1 + i * (USERS / LOADED)));
            }

            String plan = ((JdbcUserStore) storage.users()).loadPlan(appId, ids);
            int join = plan.indexOf("\"ROSTER_USER\"");
            assertTrue(join >= 0, plan);
            String index = plan.substring(plan.indexOf("/*", join), plan.indexOf("*/", join));
            assertTrue((index.contains("PRIMARY_KEY") || index.contains("ROSTER_USER_PK"))
                    && index.contains("APP_ID = ") && index.contains("USER_ID = V.ID"),
                    "not a primary-key lookup per id: " + plan);
            Matcher scanned = SCAN_COUNT.matcher(plan);
            int counts = 0;
            while (scanned.find()) {
                counts++;
                assertTrue(Long.parseLong(scanned.group(1)) <= 2L * LOADED, "rows scanned for " + LOADED + " ids: " + plan);
            }
            assertTrue(counts > 0, plan);

            Map<String, Versioned<User>> loaded = storage.users().load(appId, ids);
            assertEquals(LOADED, loaded.size());
            assertEquals("Name", loaded.get(ids.get(7)).value().name());
        }
    }
}
