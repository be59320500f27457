package dev.roster.jdbc.internal;

import dev.roster.core.domain.User;
import dev.roster.core.domain.UserOrder;
import dev.roster.core.spi.ChangeKind;
import dev.roster.core.spi.CreateOrLoad;
import dev.roster.core.spi.UserWrite;
import dev.roster.core.spi.Versioned;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A batch of user writes on PostgreSQL in one round trip, commit included: one prepared text of
 * three statements, which the driver sends together and the server runs in order as one implicit
 * transaction (auto-commit is on: the statements up to the protocol's Sync commit together or not
 * at all), each over arrays of the whole batch ({@code unnest}) rather than once per user, or
 * for a batch of one (a backend's {@code upsertUser}) over one row of plain values
 * ({@link PostgresBinder#rows}): binding thirty one-element arrays took more of the client's time
 * than the rest of the write.
 * <ol>
 *   <li>the users: a compare-and-set {@code UPDATE … FROM} the rows expecting a version, and an
 *       {@code INSERT … ON CONFLICT DO NOTHING} of the rows expecting none, both counted: fewer
 *       rows than writes is a mismatch (or a user that exists meanwhile), and the statement fails
 *       on purpose (a division by zero), which rolls the whole text back;
 *       the change-log entries ({@link ChangeAppender#postgresAppend}) are part of the same
 *       statement and written only when the count matched, so a mismatch draws no log position;</li>
 *   <li>the custom rows: those of keys the users no longer have deleted, the others inserted or
 *       updated where the value changed, so that an unchanged field writes nothing (a delete and
 *       insert of every row took about a quarter of the statements' time). A batch of new users
 *       only inserts (a new user has no rows to delete: users are never deleted, and an insert
 *       that meets an existing user rolls the whole text back), and a batch without custom fields
 *       has nothing to insert; the text leaves out a statement with nothing to do, since each
 *       statement costs its round of the protocol even for empty arrays, and the delete's plan
 *       over a table never analyzed was a scan of the whole table.</li>
 * </ol>
 * The app id travels as a column beside the user ids, so every lookup is a join parameter and
 * not a constant: a constant app id that is rare or absent in the planner's statistics (an app
 * grown since the last {@code ANALYZE}) made PostgreSQL scan the whole app through another index
 * of {@code app_id}; as a join parameter only the primary key matches both columns.
 *
 * <p>{@link #createOrLoad} is the same write for users that must all be new, guarded by a lookup
 * of them: when any exists it writes nothing and answers the stored rows instead, so that a
 * writer learns in one round trip what a load would have told it.
 */
final class PostgresUserWrite {

    private static final String[] USER_COLUMNS = {"varchar", "varchar", "bigint", "bigint", "text", "text", "text",
        "text", "text", "text", "text", "text", "text", "text", "bigint", "bigint", "bigint", "varchar", "boolean"};
    private static final String ROWS_AS = " AS v(app_id, user_id, expected, version, name, email, phone, photo_url, "
            + "welcome_message, role, locale, custom, push_tokens, availability_text, created_at, deactivated_at, "
            + "tokens_revoked_before, name_key, deactivated)), ";
    private static final String UPDATED = "updated AS (UPDATE roster_user u SET version = v.version, name = v.name, "
            + "email = v.email, phone = v.phone, photo_url = v.photo_url, welcome_message = v.welcome_message, "
            + "role = v.role, locale = v.locale, custom = v.custom, push_tokens = v.push_tokens, "
            + "availability_text = v.availability_text, name_key = v.name_key, deactivated_at = v.deactivated_at, "
            + "tokens_revoked_before = v.tokens_revoked_before, deactivated = v.deactivated FROM v "
            + "WHERE v.expected > 0 AND u.app_id = v.app_id AND u.user_id = v.user_id AND u.version = v.expected "
            + "RETURNING 1), ";
    /** The insert of the new users, up to its {@code WHERE}. */
    private static final String INSERT = "inserted AS (INSERT INTO roster_user (app_id, user_id, version, name, "
            + "email, phone, photo_url, welcome_message, role, locale, custom, push_tokens, availability_text, "
            + "created_at, deactivated_at, tokens_revoked_before, name_key, deactivated) SELECT app_id, user_id, "
            + "version, name, email, phone, photo_url, welcome_message, role, locale, custom, push_tokens, "
            + "availability_text, created_at, deactivated_at, tokens_revoked_before, name_key, deactivated FROM v ";
    private static final String INSERTED = " ON CONFLICT (app_id, user_id) DO NOTHING RETURNING 1), ";
    /** The users' statement for a batch of one write ([1]) and of more ([0]). */
    private static final String[] USERS = {users(false), users(true)};
    /** The custom rows' delete for one updated user ([1]) and for more ([0]). */
    private static final String[] DELETE_CUSTOM = {deleteCustom(false), deleteCustom(true)};
    private static final String UPSERT_CUSTOM = "INSERT INTO roster_user_custom (app_id, user_id, custom_key, "
            + "custom_value) SELECT * FROM unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::text[]) "
            + "ON CONFLICT (app_id, user_id, custom_key) DO UPDATE SET custom_value = EXCLUDED.custom_value "
            + "WHERE roster_user_custom.custom_value IS DISTINCT FROM EXCLUDED.custom_value";
    /** {@code division_by_zero}: the users' statement fails with it when fewer rows than writes were written. */
    private static final String MISMATCH = "22012";

    private PostgresUserWrite() {
    }

    private static String users(boolean single) {
        return "WITH v AS (SELECT * FROM " + PostgresBinder.rows(single, false, USER_COLUMNS) + ROWS_AS + UPDATED
                + INSERT + "WHERE v.expected = 0" + INSERTED
                + "written AS (SELECT (SELECT count(*) FROM updated) + (SELECT count(*) FROM inserted) AS n), "
                + ChangeAppender.postgresAppend(single) + " SELECT CASE WHEN n = ? THEN n ELSE 1 / (n - n) END FROM written";
    }

    private static String deleteCustom(boolean single) {
        return "DELETE FROM roster_user_custom c USING " + PostgresBinder.rows(single, false, "varchar", "varchar")
                + " AS v(app_id, user_id) WHERE c.app_id = v.app_id AND c.user_id = v.user_id "
                + "AND NOT EXISTS (SELECT 1 FROM unnest(CAST(? AS varchar[]), CAST(? AS varchar[])) "
                + "AS kept(user_id, custom_key) WHERE kept.user_id = c.user_id AND kept.custom_key = c.custom_key)";
    }

    /**
     * The text of {@link #createOrLoad}: {@code existing}, the stored users among the batch (each
     * looked up by its key, {@link KeyLookup#lateral}), the insert only if there are none, its
     * change-log entries and custom rows only if it wrote the whole batch; the answer is the
     * existing rows (or one row of nulls), and the statement fails (a division by zero) when it
     * wrote part of the batch, a user created meanwhile.
     */
    private static String createOrLoadText(boolean single, int customs) {
        StringBuilder text = new StringBuilder("WITH v AS (SELECT * FROM ")
                .append(PostgresBinder.rows(single, false, USER_COLUMNS)).append(ROWS_AS)
                .append("existing AS (SELECT e.* FROM v CROSS JOIN LATERAL (SELECT ").append(JdbcUserStore.COLUMNS)
                .append(" FROM roster_user WHERE app_id = v.app_id AND user_id = v.user_id OFFSET 0) e), ")
                .append(INSERT).append("WHERE NOT EXISTS (SELECT 1 FROM existing)").append(INSERTED)
                .append("written AS (SELECT count(*) AS n FROM inserted), ")
                .append(ChangeAppender.postgresAppend(single)).append(", ");
        if (customs > 0) {
            text.append("customs AS (INSERT INTO roster_user_custom (app_id, user_id, custom_key, custom_value) ")
                    .append("SELECT c.* FROM written, ")
                    .append(PostgresBinder.rows(customs == 1, false, "varchar", "varchar", "varchar", "text"))
                    .append(" AS c(app_id, user_id, custom_key, custom_value) WHERE written.n = ? RETURNING 1), ");
        }
        return text.append("checked AS (SELECT CASE WHEN n = ? OR EXISTS (SELECT 1 FROM existing) THEN n ")
                .append("ELSE 1 / (n - n) END AS n FROM written) ")
                .append("SELECT (SELECT n FROM checked), e.* FROM (VALUES (1)) AS one(x) LEFT JOIN existing e ON true")
                .toString();
    }

    /**
     * The statement text: the users' statement, then the custom rows' delete (of {@code updated}
     * users) and upsert when they have work.
     */
    private static String text(boolean single, int updated, boolean upserts) {
        StringBuilder text = new StringBuilder(USERS[single ? 1 : 0]);
        if (updated > 0) {
            text.append("; ").append(DELETE_CUSTOM[updated == 1 ? 1 : 0]);
        }
        if (upserts) {
            text.append("; ").append(UPSERT_CUSTOM);
        }
        return text.toString();
    }

    /**
     * Writes {@code writes} (sorted by id) and their change-log entries and commits them, on a
     * connection in auto-commit mode; on false nothing was written.
     *
     * @return false when a version did not match or a user expected to be new exists
     */
    static boolean write(Connection connection, String appId, List<UserWrite> writes) throws SQLException {
        Batch batch = new Batch(appId, writes);
        int updated = batch.updatedIds.size();
        boolean upserts = !batch.customIds.isEmpty();
        try (PreparedStatement statement = connection.prepareStatement(text(batch.single(), updated, upserts))) {
            PostgresBinder bind = new PostgresBinder(connection, statement);
            batch.bindUsers(bind);
            bind.number(batch.size());
            if (updated > 0) {
                String[] updatedApps = new String[updated];
                Arrays.fill(updatedApps, appId);
                bind.column(updated == 1, "varchar", updatedApps);
                bind.column(updated == 1, "varchar", batch.updatedIds.toArray(String[]::new));
                bind.array("varchar", batch.customIds.toArray(String[]::new));
                bind.array("varchar", batch.customKeys.toArray(String[]::new));
            }
            if (upserts) {
                batch.bindCustom(bind, false);
            }
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

    /**
     * Creates the users of {@code creates} (sorted by id, each expecting version 0) with their
     * change-log entries if none of them exists, else writes nothing and reads the stored ones, in
     * one round trip on a connection in auto-commit mode.
     *
     * @return the outcome, or null when a user was created meanwhile and nothing was written
     *         (load them)
     */
    static CreateOrLoad createOrLoad(Connection connection, String appId, List<UserWrite> creates) throws SQLException {
        Batch batch = new Batch(appId, creates);
        int customs = batch.customIds.size();
        try (PreparedStatement statement = connection.prepareStatement(createOrLoadText(batch.single(), customs))) {
            PostgresBinder bind = new PostgresBinder(connection, statement);
            batch.bindUsers(bind);
            if (customs > 0) {
                batch.bindCustom(bind, customs == 1);
                bind.number(batch.size());
            }
            bind.number(batch.size());
            Map<String, Versioned<User>> stored = new HashMap<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    if (rows.getString(2) != null) {
                        Versioned<User> user = JdbcUserStore.readAt(rows, 2);
                        stored.put(user.value().id(), user);
                    }
                }
            } catch (SQLException e) {
                if (MISMATCH.equals(e.getSQLState())) {
                    return null;
                }
                throw e;
            }
            return stored.isEmpty() ? CreateOrLoad.CREATED : new CreateOrLoad(false, stored);
        }
    }

    /** A batch's users as one array per column, with their custom rows and change-log entries. */
    private static final class Batch {

        private final String appId;
        private final int n;
        private final String[] apps;
        private final String[] ids;
        private final Long[] expected;
        private final Long[] versions;
        private final String[][] texts;
        private final Long[] createdAt;
        private final Long[] deactivatedAt;
        private final Long[] revokedBefore;
        private final String[] nameKeys;
        private final Boolean[] deactivated;
        private final List<String> updatedIds = new ArrayList<>();
        private final List<String> customIds = new ArrayList<>();
        private final List<String> customKeys = new ArrayList<>();
        private final List<String> customValues = new ArrayList<>();
        private final List<ChangeAppender.Entry> entries;

        Batch(String appId, List<UserWrite> writes) {
            this.appId = appId;
            n = writes.size();
            apps = new String[n];
            ids = new String[n];
            expected = new Long[n];
            versions = new Long[n];
            texts = new String[10][n];
            createdAt = new Long[n];
            deactivatedAt = new Long[n];
            revokedBefore = new Long[n];
            nameKeys = new String[n];
            deactivated = new Boolean[n];
            entries = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                add(i, writes.get(i));
            }
        }

        private void add(int i, UserWrite write) {
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
            entries.add(new ChangeAppender.Entry(user.id(), write.newVersion(), write.feed()));
            if (!write.customChanged()) {
                return;
            }
            if (write.expectedVersion() > 0) {
                updatedIds.add(user.id());
            }
            for (Map.Entry<String, String> field : user.custom().entrySet()) {
                customIds.add(user.id());
                customKeys.add(field.getKey());
                customValues.add(field.getValue());
            }
        }

        int size() {
            return n;
        }

        boolean single() {
            return n == 1;
        }

        /** Binds the users' rows and their change-log entries. */
        void bindUsers(PostgresBinder bind) throws SQLException {
            boolean single = single();
            bind.column(single, "varchar", apps);
            bind.column(single, "varchar", ids);
            bind.column(single, "bigint", expected);
            bind.column(single, "bigint", versions);
            for (String[] column : texts) {
                bind.column(single, "text", column);
            }
            bind.column(single, "bigint", createdAt);
            bind.column(single, "bigint", deactivatedAt);
            bind.column(single, "bigint", revokedBefore);
            bind.column(single, "varchar", nameKeys);
            bind.column(single, "boolean", deactivated);
            ChangeAppender.bindPostgres(bind, appId, ChangeKind.USER, entries);
        }

        /** Binds the custom rows: app, user, key and value, as one row when {@code single}. */
        void bindCustom(PostgresBinder bind, boolean single) throws SQLException {
            String[] customApps = new String[customIds.size()];
            Arrays.fill(customApps, appId);
            bind.column(single, "varchar", customApps);
            bind.column(single, "varchar", customIds.toArray(String[]::new));
            bind.column(single, "varchar", customKeys.toArray(String[]::new));
            bind.column(single, "text", customValues.toArray(String[]::new));
        }
    }
}
