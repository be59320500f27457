package dev.roster.jdbc.internal;

import dev.roster.core.domain.User;
import dev.roster.core.domain.UserOrder;
import dev.roster.core.spi.ChangeKind;
import dev.roster.core.spi.UserWrite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A batch of user writes on PostgreSQL in one round trip, commit included: one prepared text of
 * three statements, which the driver sends together and the server runs in order as one implicit
 * transaction (auto-commit is on: the statements up to the protocol's Sync commit together or not
 * at all), each over arrays of the whole batch ({@code unnest}) rather than once per user.
 * <ol>
 *   <li>the users: a compare-and-set {@code UPDATE … FROM} the rows expecting a version, and an
 *       {@code INSERT … ON CONFLICT DO NOTHING} of the rows expecting none, both counted: fewer
 *       rows than writes is a mismatch (or a user that exists meanwhile), and the statement fails
 *       on purpose (a division by zero), which rolls the whole text back;
 *       the change-log entries ({@link ChangeAppender#POSTGRES_APPEND}) are part of the same
 *       statement and written only when the count matched, so a mismatch draws no log position;</li>
 *   <li>the custom rows: those of keys the users no longer have deleted, the others inserted or
 *       updated where the value changed, so that an unchanged field writes nothing (a delete and
 *       insert of every row took about a quarter of the statements' time).</li>
 * </ol>
 * The app id travels as an array beside the user ids, so every lookup is a join parameter and
 * not a constant: a constant app id that is rare or absent in the planner's statistics (an app
 * grown since the last {@code ANALYZE}) made PostgreSQL scan the whole app through another index
 * of {@code app_id}; as a join parameter only the primary key matches both columns.
 */
final class PostgresUserWrite {

    private static final String USERS = "WITH v AS (SELECT * FROM unnest(?::varchar[], ?::varchar[], ?::bigint[], "
            + "?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], "
            + "?::text[], ?::text[], ?::bigint[], ?::bigint[], ?::bigint[], ?::varchar[], ?::boolean[]) AS v(app_id, "
            + "user_id, expected, version, name, email, phone, photo_url, welcome_message, role, locale, custom, "
            + "push_tokens, availability_text, created_at, deactivated_at, tokens_revoked_before, name_key, "
            + "deactivated)), "
            + "updated AS (UPDATE roster_user u SET version = v.version, name = v.name, email = v.email, "
            + "phone = v.phone, photo_url = v.photo_url, welcome_message = v.welcome_message, role = v.role, "
            + "locale = v.locale, custom = v.custom, push_tokens = v.push_tokens, "
            + "availability_text = v.availability_text, name_key = v.name_key, deactivated_at = v.deactivated_at, "
            + "tokens_revoked_before = v.tokens_revoked_before, deactivated = v.deactivated FROM v "
            + "WHERE v.expected > 0 AND u.app_id = v.app_id AND u.user_id = v.user_id AND u.version = v.expected "
            + "RETURNING 1), "
            + "inserted AS (INSERT INTO roster_user (app_id, user_id, version, name, email, phone, photo_url, "
            + "welcome_message, role, locale, custom, push_tokens, availability_text, created_at, deactivated_at, "
            + "tokens_revoked_before, name_key, deactivated) SELECT app_id, user_id, version, name, email, phone, "
            + "photo_url, welcome_message, role, locale, custom, push_tokens, availability_text, created_at, "
            + "deactivated_at, tokens_revoked_before, name_key, deactivated FROM v WHERE v.expected = 0 "
            + "ON CONFLICT (app_id, user_id) DO NOTHING RETURNING 1), "
            + "written AS (SELECT (SELECT count(*) FROM updated) + (SELECT count(*) FROM inserted) AS n), "
            + ChangeAppender.POSTGRES_APPEND + " SELECT CASE WHEN n = ? THEN n ELSE 1 / (n - n) END FROM written";
    private static final String DELETE_CUSTOM = "DELETE FROM roster_user_custom c USING unnest(?::varchar[], "
            + "?::varchar[]) AS v(app_id, user_id) WHERE c.app_id = v.app_id AND c.user_id = v.user_id "
            + "AND NOT EXISTS (SELECT 1 FROM unnest(?::varchar[], ?::varchar[]) AS kept(user_id, custom_key) "
            + "WHERE kept.user_id = c.user_id AND kept.custom_key = c.custom_key)";
    private static final String UPSERT_CUSTOM = "INSERT INTO roster_user_custom (app_id, user_id, custom_key, "
            + "custom_value) SELECT * FROM unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::text[]) "
            + "ON CONFLICT (app_id, user_id, custom_key) DO UPDATE SET custom_value = EXCLUDED.custom_value "
            + "WHERE roster_user_custom.custom_value IS DISTINCT FROM EXCLUDED.custom_value";
    private static final String WRITE = String.join("; ", USERS, DELETE_CUSTOM, UPSERT_CUSTOM);
    /** {@code division_by_zero}: the users' statement fails with it when fewer rows than writes were written. */
    private static final String MISMATCH = "22012";

    private PostgresUserWrite() {
    }

    /**
     * Writes {@code writes} (sorted by id) and their change-log entries and commits them, on a
     * connection in auto-commit mode; on false nothing was written.
     *
     * @return false when a version did not match or a user expected to be new exists
     */
    static boolean write(Connection connection, String appId, List<UserWrite> writes) throws SQLException {
        int n = writes.size();
        String[] apps = new String[n];
        String[] ids = new String[n];
        Long[] expected = new Long[n];
        Long[] versions = new Long[n];
        String[][] texts = new String[10][n];
        Long[] createdAt = new Long[n];
        Long[] deactivatedAt = new Long[n];
        Long[] revokedBefore = new Long[n];
        String[] nameKeys = new String[n];
        Boolean[] deactivated = new Boolean[n];
        List<String> customIds = new ArrayList<>();
        List<String> customKeys = new ArrayList<>();
        List<String> customValues = new ArrayList<>();
        List<ChangeAppender.Entry> entries = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            UserWrite write = writes.get(i);
            User user = write.user();
            apps[i] = appId;
            ids[i] = user.id();
            expected[i] = write.expectedVersion();
            versions[i] = write.newVersion();
            texts[0][i] = user.name();
            texts[1][i] = JsonColumns.write(user.email());
            texts[2][i] = JsonColumns.write(user.phone());
            texts[3][i] = user.photoUrl();
            texts[4][i] = user.welcomeMessage();
            texts[5][i] = user.role();
            texts[6][i] = user.locale();
            texts[7][i] = JsonColumns.write(user.custom());
            texts[8][i] = JsonColumns.write(user.pushTokens());
            texts[9][i] = user.availabilityText();
            createdAt[i] = user.createdAt();
            deactivatedAt[i] = user.deactivatedAt();
            revokedBefore[i] = user.tokensRevokedBefore();
            nameKeys[i] = UserOrder.nameKey(user.name());
            deactivated[i] = user.deactivated();
            for (Map.Entry<String, String> field : user.custom().entrySet()) {
                customIds.add(user.id());
                customKeys.add(field.getKey());
                customValues.add(field.getValue());
            }
            entries.add(new ChangeAppender.Entry(user.id(), write.newVersion(), write.feed()));
        }
        try (PreparedStatement statement = connection.prepareStatement(WRITE)) {
            PostgresBinder bind = new PostgresBinder(connection, statement);
            bind.array("varchar", apps);
            bind.array("varchar", ids);
            bind.array("bigint", expected);
            bind.array("bigint", versions);
            for (String[] column : texts) {
                bind.array("text", column);
            }
            bind.array("bigint", createdAt);
            bind.array("bigint", deactivatedAt);
            bind.array("bigint", revokedBefore);
            bind.array("varchar", nameKeys);
            bind.array("boolean", deactivated);
            ChangeAppender.bindPostgres(bind, appId, ChangeKind.USER, entries);
            bind.number(n);
            bind.array("varchar", apps);
            bind.array("varchar", ids);
            bind.array("varchar", customIds.toArray(String[]::new));
            bind.array("varchar", customKeys.toArray(String[]::new));
            String[] customApps = new String[customIds.size()];
            Arrays.fill(customApps, appId);
            bind.array("varchar", customApps);
            bind.array("varchar", customIds.toArray(String[]::new));
            bind.array("varchar", customKeys.toArray(String[]::new));
            bind.array("text", customValues.toArray(String[]::new));
            try {
                statement.execute();
                return true;
            } catch (SQLException e) {
                if (MISMATCH.equals(e.getSQLState())) {
                    return false;
                }
                throw e;
            }
        }
    }
}
