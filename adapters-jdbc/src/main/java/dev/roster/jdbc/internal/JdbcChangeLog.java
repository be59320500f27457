package dev.roster.jdbc.internal;

import dev.roster.core.spi.Change;
import dev.roster.core.spi.ChangeKind;
import dev.roster.core.spi.ChangeLog;
import dev.roster.core.spi.FeedEntry;
import dev.roster.jdbc.Dialect;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The change log in {@code roster_change}, read by position (its primary key). On PostgreSQL a
 * {@link PostgresChangeListener} signals appends; on H2 and MariaDB followers poll.
 *
 * <p>On H2 and MariaDB appends are serialised on the head row and commit in position order. On
 * PostgreSQL positions come from a sequence and commit in any order ({@link ChangeAppender}), so a
 * read returns only entries at or below the {@linkplain PostgresSettledBound settled bound}, which
 * it probes first, and waits briefly for what was drawn before it to settle. A transaction that
 * stays open (of Roster or not, on this database) holds the bound back until it ends.
 */
public final class JdbcChangeLog implements ChangeLog {

    /** How long a read on PostgreSQL waits for the transactions running at its start to end. */
    static final long SETTLE_WAIT_MILLIS = 500;
    private static final String COLUMNS = "position, app_id, kind, entity_id, version, made_at, events";
    private static final String READ = "SELECT " + COLUMNS + " FROM roster_change WHERE position > ? ORDER BY position "
            + "LIMIT ?";
    private static final String SETTLED_READ = "SELECT " + COLUMNS + " FROM roster_change WHERE position > ? "
            + "AND position <= ? ORDER BY position LIMIT ?";

    private final Jdbi jdbi;
    private final PostgresChangeListener listener;
    private final PostgresSettledBound bound;

    /**
     * A log over {@code jdbi}, whose schema is migrated.
     *
     * @param dialect  the engine; on PostgreSQL reads are settled
     * @param listener the append signal on PostgreSQL, or {@code null} for polling only
     */
    public JdbcChangeLog(Jdbi jdbi, Dialect dialect, PostgresChangeListener listener) {
        this.jdbi = jdbi;
        this.listener = listener;
        this.bound = dialect == Dialect.POSTGRESQL ? new PostgresSettledBound() : null;
    }

    @Override
    public List<Change> readAfter(long position, int max) {
        if (max <= 0) {
            return List.of();
        }
        if (bound != null) {
            return settledRead(position, max);
        }
        return onConnection(connection -> changes(connection, READ, position, max));
    }

    /** Something read with plain JDBC on a connection. */
    private interface Read<T> {
        T read(Connection connection) throws SQLException;
    }

    /** Runs {@code read} on a connection of the store, failures translated. */
    private <T> T onConnection(Read<T> read) {
        return Failures.call("reading the change log", () -> jdbi.withHandle(handle -> {
            try {
                return read.read(handle.getConnection());
            } catch (SQLException e) {
                throw new UnableToExecuteStatementException(e, null);
            }
        }));
    }

    /**
     * Reads up to {@code max} entries after {@code position} at or below the settled bound. While
     * the positions drawn before the call are not all settled it probes again, up to
     * {@link #SETTLE_WAIT_MILLIS}, so that a write that returned before the call is read by it
     * unless a transaction stays open longer; then the followers are woken again soon.
     */
    private List<Change> settledRead(long position, int max) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SETTLE_WAIT_MILLIS);
        long target = -1;
        for (long pause = 1; ; pause = Math.min(2 * pause, 10)) {
            Settled read = onConnection(connection -> {
                PostgresSettledBound.Reading reading = bound.probe(connection);
                return new Settled(reading, changes(connection, SETTLED_READ, position, reading.bound(), max));
            });
            if (target < 0) {
                target = read.reading().drawn();
            }
            if (read.reading().bound() >= target) {
                return read.changes();
            }
            if (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(pause) > deadline || !pause(pause)) {
                // The writes' notifications may have come already: the followers must look again.
                if (listener != null) {
                    listener.wakeAgainSoon();
                }
                return read.changes();
            }
        }
    }

    /** A probe and the entries read after it. */
    private record Settled(PostgresSettledBound.Reading reading, List<Change> changes) {
    }

    private static boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The entries that {@code select} (of {@link #COLUMNS}, its last parameter the limit) finds for
     * {@code parameters}: plain JDBC, columns by position, since every follower, feed reader and
     * webhook dispatcher reads the log this way, and Jdbi's statement set-up was most of a
     * follower's time.
     */
    private static List<Change> changes(Connection connection, String select, long... parameters) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(select)) {
            for (int i = 0; i < parameters.length; i++) {
                query.setLong(i + 1, parameters[i]);
            }
            List<Change> changes = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    changes.add(new Change(rows.getLong(1), rows.getString(2), ChangeKind.valueOf(rows.getString(3)),
                            rows.getString(4), rows.getLong(5), new FeedEntry(rows.getLong(6), rows.getString(7))));
                }
            }
            return changes;
        }
    }

    @Override
    public long oldest() {
        return Failures.call("reading the change log's oldest position", () -> jdbi.withHandle(handle -> handle
                .createQuery("SELECT COALESCE(MIN(position), 0) FROM roster_change").mapTo(Long.class).one()));
    }

    @Override
    public void removeThrough(long position) {
        Failures.run("pruning the change log", () -> jdbi.useHandle(handle -> handle
                .createUpdate("DELETE FROM roster_change WHERE position <= ?").bind(0, position).execute()));
    }

    @Override
    public AutoCloseable onAppend(Runnable wake) {
        return listener == null ? ChangeLog.super.onAppend(wake) : listener.register(wake);
    }

    /** {@inheritDoc} On PostgreSQL the settled bound, after a read that waits for it like any other. */
    @Override
    public long head() {
        if (bound != null) {
            settledRead(Long.MAX_VALUE, 1);
            return bound.settled();
        }
        return Failures.call("reading the change log head", () -> jdbi.withHandle(handle -> handle
                .createQuery("SELECT position FROM roster_log_head WHERE id = 1").mapTo(Long.class).one()));
    }

    @Override
    public long assigned() {
        if (bound != null) {
            return Failures.call("reading the change log's newest position",
                    () -> jdbi.withHandle(PostgresSettledBound::drawn));
        }
        return head();
    }

    @Override
    public boolean settledReads() {
        return bound != null;
    }
}
