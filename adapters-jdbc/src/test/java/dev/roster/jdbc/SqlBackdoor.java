package dev.roster.jdbc;

import dev.roster.testkit.StoreBackdoor;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/** The contract suite's look at the tables, over a connection of the test database's own. */
final class SqlBackdoor implements StoreBackdoor {

    private final TestDatabase database;

    SqlBackdoor(TestDatabase database) {
        this.database = database;
    }

    @Override
    public Map<String, Long> userVersions(String appId) {
        return versions("SELECT user_id, version FROM roster_user WHERE app_id = ?", appId);
    }

    @Override
    public Map<String, Long> conversationVersions(String appId) {
        return versions("SELECT conversation_id, version FROM roster_conversation WHERE app_id = ?", appId);
    }

    private Map<String, Long> versions(String sql, String appId) {
        try (Connection connection = database.backdoor(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, appId);
            Map<String, Long> versions = new HashMap<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    versions.put(rows.getString(1), rows.getLong(2));
                }
            }
            return versions;
        } catch (SQLException e) {
            throw new IllegalStateException("the backdoor could not run " + sql, e);
        }
    }
}
