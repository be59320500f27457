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
 * Appends change-log entries inside the caller's transaction.
 *
 * <p>On H2 and MariaDB positions come from the single {@code roster_log_head} row: bumping it
 * locks it until commit, so appends are serialised and entries become visible in position order.
 * A follower reading "after position p" therefore never misses an entry that commits later with a
 * smaller position.
 *
 * <p>On PostgreSQL they come from the sequence {@code roster_change_position}, without a lock, so
 * writers run side by side and an entry may commit after one with a higher position; a rolled-back
 * write leaves its position unused. {@link JdbcChangeLog} reads only below the positions of
 * transactions still running, which needs one thing of every writer: its transaction has an id
 * before it draws a position. An append therefore comes after the writes it records, and its
 * statement makes sure of the id itself. Other processes learn of the append from the
 * {@link PostgresChangeNotifier} after the commit, not from a {@code NOTIFY} inside the write:
 * PostgreSQL commits the transactions that notify one at a time.
 *
 * <p>Plain JDBC on the transaction's connection: it runs in every write, and Jdbi's per-statement
 * binding cost as much as the inserts on H2.
 */
final class ChangeAppender {

    private static final String INSERT = "INSERT INTO roster_change (app_id, kind, entity_id, version, made_at, "
            + "events, position) VALUES (?, ?, ?, ?, ?, ?, ?)";

    /** An entry's append on PostgreSQL, batched; the {@code WHERE} gives the transaction its id before the draw. */
    private static final String POSTGRES_INSERT = "INSERT INTO roster_change (app_id, kind, entity_id, version, "
            + "made_at, events, position) SELECT ?, ?, ?, ?, ?, ?, nextval('roster_change_position') "
            + "WHERE pg_current_xact_id() IS NOT NULL";

    /**
     * The append on PostgreSQL as a data-modifying {@code WITH} query of a caller's statement, named
     * {@code appended}: the entries of the whole batch, from arrays (or one row of values when
     * {@code single}, {@link PostgresBinder#rows}), with positions drawn in order, and only if the
     * caller's query {@code written} (one column {@code n}) counted as many written rows as it
     * passes, so that a write that will be rolled back draws no position. Those writes gave the
     * transaction its id. {@link #bindPostgres} binds it.
     */
    static String postgresAppend(boolean single) {
        return "appended AS (INSERT INTO roster_change (position, app_id, kind, entity_id, version, made_at, events) "
                + "SELECT nextval('roster_change_position'), ?, ?, e.entity_id, e.version, e.made_at, e.events "
                + "FROM written, " + PostgresBinder.rows(single, true, "varchar", "bigint", "bigint", "text")
                + " AS e(entity_id, version, made_at, events, n) WHERE written.n = ? ORDER BY e.n RETURNING 1)";
    }

    /** One entry to append, with what it records for the change feed. */
    record Entry(String entityId, long version, FeedEntry feed) {
    }

    private ChangeAppender() {
    }

    /**
     * Appends the entries in order. Call it last in the transaction, after the writes it records:
     * on H2 and MariaDB it holds the head lock to commit.
     */
    static void append(Connection connection, Dialect dialect, String appId, ChangeKind kind, List<Entry> entries)
            throws SQLException {
        if (entries.isEmpty()) {
            return;
        }
        if (dialect == Dialect.POSTGRESQL) {
            try (PreparedStatement insert = connection.prepareStatement(POSTGRES_INSERT)) {
                for (Entry entry : entries) {
                    bind(insert, appId, kind, entry);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            return;
        }
        long position = bumpHead(connection, dialect, entries.size()) - entries.size();
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            for (Entry entry : entries) {
                bind(insert, appId, kind, entry);
                insert.setLong(7, ++position);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** Binds an entry's first six columns, those both insert statements share. */
    private static void bind(PreparedStatement insert, String appId, ChangeKind kind, Entry entry) throws SQLException {
        insert.setString(1, appId);
        insert.setString(2, kind.name());
        insert.setString(3, entry.entityId());
        insert.setLong(4, entry.version());
        insert.setLong(5, entry.feed().at());
        insert.setString(6, entry.feed().events());
    }

    /** Binds the parameters of {@link #postgresAppend} for {@code entries}, in order. */
    static void bindPostgres(PostgresBinder bind, String appId, ChangeKind kind, List<Entry> entries)
            throws SQLException {
        boolean single = entries.size() == 1;
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
        bind.text(appId);
        bind.text(kind.name());
        bind.column(single, "varchar", ids);
        bind.column(single, "bigint", versions);
        bind.column(single, "bigint", madeAt);
        bind.column(single, "text", events);
        bind.number(n);
    }

    /** Moves the head by {@code count} and returns the new head, in one round trip where the engine can. */
    private static long bumpHead(Connection connection, Dialect dialect, int count) throws SQLException {
        if (dialect == Dialect.H2) {
            try (PreparedStatement bump = connection.prepareStatement(
                    "SELECT position FROM FINAL TABLE (UPDATE roster_log_head SET position = position + ? WHERE id = 1)")) {
                bump.setInt(1, count);
                return head(bump);
            }
        }
        // MariaDB has RETURNING on INSERT and DELETE only.
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE roster_log_head SET position = position + ? WHERE id = 1")) {
            update.setInt(1, count);
            update.executeUpdate();
        }
        try (PreparedStatement select = connection.prepareStatement("SELECT position FROM roster_log_head WHERE id = 1")) {
            return head(select);
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
