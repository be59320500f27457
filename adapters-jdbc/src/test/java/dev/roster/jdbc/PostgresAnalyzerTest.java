package dev.roster.jdbc;

import dev.roster.core.domain.User;
import dev.roster.core.domain.UserPatch;
import dev.roster.core.spi.UserWrite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A PostgreSQL store analyzes its tables that grew past a thousand rows without ever being
 * analyzed (a server with autovacuum off, as the one CI runs against may be), and leaves the
 * small ones alone: until the first {@code ANALYZE}, a prepared lookup by key could keep a plan
 * that walks every user of the app.
 */
@EnabledIfEnvironmentVariable(named = TestDatabase.POSTGRES_ENV, matches = ".+")
class PostgresAnalyzerTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void aGrownTableNeverAnalyzedIsAnalyzedAndASmallOneIsNot() throws Exception {
        String appId = "app-" + UUID.randomUUID();
        try (TestDatabase database = TestDatabase.postgres();
             JdbcStorage storage = JdbcStorage.open(database.url());
             Connection backdoor = database.backdoor()) {
            for (int batch = 0; batch < 12; batch++) {
                List<UserWrite> writes = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    String id = "user-" + batch + "-" + i;
                    writes.add(new UserWrite(User.create(id, UserPatch.builder().name("U").custom("team", "t").build(), 0L), 0));
                }
                assertTrue(storage.users().write(appId, writes));
            }

            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!(analyzed(backdoor, "roster_user") && analyzed(backdoor, "roster_user_custom"))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("roster_user and roster_user_custom were not analyzed within " + WAIT);
                }
                Thread.sleep(200);
            }
            assertFalse(analyzed(backdoor, "roster_message"), "an empty table is left to autovacuum");
        }
    }

    private static boolean analyzed(Connection backdoor, String table) throws SQLException {
        try (PreparedStatement select = backdoor.prepareStatement("SELECT last_analyze IS NOT NULL "
                + "FROM pg_stat_user_tables WHERE schemaname = current_schema() AND relname = ?")) {
            select.setString(1, table);
            try (ResultSet row = select.executeQuery()) {
                return row.next() && row.getBoolean(1);
            }
        }
    }
}
