package dev.roster.jdbc.internal;

import dev.roster.core.spi.ChangeKind;
import dev.roster.core.spi.FeedEntry;
import dev.roster.jdbc.Dialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Appends change-log entries inside the caller's transaction. Positions come from the single
 * {@code roster_log_head} row: bumping it locks it until commit, so appends are serialised and
 * entries become visible in position order. A follower reading "after position p" therefore
 * never misses an entry that commits later with a smaller position.
 *
 * <p>On PostgreSQL the head bump also notifies {@link PostgresChangeListener#CHANNEL}; PostgreSQL
 * delivers the notification only at commit, and not at all on rollback, so a listener woken by it
 * finds the entries readable.
 *
 * <p>Plain JDBC on the transaction's connection: it runs in every write, and Jdbi's per-statement
 * binding cost as much as the inserts on H2.
 */
final class ChangeAppender {

    private static final String INSERT =
            "INSERT INTO roster_change (position, app_id, kind, entity_id, version, made_at, events) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?)";

    /**
     * The append on PostgreSQL as one statement: the head bump of {@link #bumpHead} and the entry
     * rows, numbered in order below the new head, from arrays of the whole batch. It runs as one
     * statement of a caller's multi-statement text, last before the notification;
     * {@link #bindPostgres} binds it.
     */
    static final String POSTGRES_APPEND = "WITH head AS (UPDATE roster_log_head SET position = position + ? "
            + "WHERE id = 1 RETURNING position) INSERT INTO roster_change (position, app_id, kind, entity_id, version, "
            + "made_at, events) SELECT head.position - ? + e.n, ?, ?, e.entity_id, e.version, e.made_at, e.events "
            + "FROM head, unnest(?::varchar[], ?::bigint[], ?::bigint[], ?::text[]) WITH ORDINALITY "
            + "AS e(entity_id, version, made_at, events, n)";

    /** One entry to append, with what it records for the change feed. */
    record Entry(String entityId, long version, FeedEntry feed) {
    }

    private ChangeAppender() {
    }

    /** Appends the entries in order. Call it last in the transaction: it holds the head lock to commit. */
    static void append(Connection connection, Dialect dialect, String appId, ChangeKind kind, List<Entry> entries)
            throws SQLException {
        if (entries.isEmpty()) {
            return;
        }
        long position = bumpHead(connection, dialect, entries.size()) - entries.size();
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            for (Entry entry : entries) {
                insert.setLong(1, ++position);
                insert.setString(2, appId);
                insert.setString(3, kind.name());
                insert.setString(4, entry.entityId());
                insert.setLong(5, entry.version());
                insert.setLong(6, entry.feed().at());
                insert.setString(7, entry.feed().events());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** Binds the parameters of {@link #POSTGRES_APPEND} for {@code entries}, in order. */
    static void bindPostgres(PostgresUserWrite.Binder bind, String appId, ChangeKind kind, List<Entry> entries)
            throws SQLException {
        int n = entries.size();
        String[] ids = new String[n];
        Long[] versions = new Long[n];
        Long[] madeAt = new Long[n];
        String[] events = new String[n];
        for (int i = 0; i < n; i++) {
            Entry entry = entries.get(i);
            ids[i] = entry.entityId();
            versions[i] = entry.version();
            madeAt[i] = entry.feed().at();
            events[i] = entry.feed().events();
        }
        bind.number(n);
        bind.number(n);
        bind.text(appId);
        bind.text(kind.name());
        bind.array("varchar", ids);
        bind.array("bigint", versions);
        bind.array("bigint", madeAt);
        bind.array("text", events);
    }

    /** Moves the head by {@code count} and returns the new head, in one round trip where the engine can. */
    private static long bumpHead(Connection connection, Dialect dialect, int count) throws SQLException {
        String bump;
        switch (dialect) {
            case POSTGRESQL:
                // The notification rides on the bump: no round trip of its own.
                bump = "UPDATE roster_log_head SET position = position + ? WHERE id = 1 RETURNING position, "
                        + PostgresChangeListener.NOTIFY_CALL;
                break;
            case H2:
                bump = "SELECT position FROM FINAL TABLE (UPDATE roster_log_head SET position = position + ? WHERE id = 1)";
                break;
            default:
                // MariaDB has RETURNING on INSERT and DELETE only.
                try (PreparedStatement update = connection.prepareStatement(
                        "UPDATE roster_log_head SET position = position + ? WHERE id = 1")) {
                    update.setInt(1, count);
                    update.executeUpdate();
                }
                try (PreparedStatement select = connection.prepareStatement(
                        "SELECT position FROM roster_log_head WHERE id = 1")) {
                    return head(select);
                }
        }
        try (PreparedStatement statement = connection.prepareStatement(bump)) {
            statement.setInt(1, count);
            return head(statement);
        }
    }

    private static long head(PreparedStatement query) throws SQLException {
        try (ResultSet row = query.executeQuery()) {
            if (!row.next()) {
                throw new SQLException("The change-log head row is missing");
            }
            return row.getLong(1);
        }
    }
}
