package dev.roster.jdbc.internal;

import org.jdbi.v3.core.Handle;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * The settled bound of the change log on PostgreSQL: a position at or below which every
 * transaction that drew a position has ended, so every entry there that will ever exist is
 * committed and visible to a snapshot taken afterwards.
 *
 * <p>Every writer's transaction has an id before it draws a position ({@link ChangeAppender}), and
 * PostgreSQL shows the id of every running transaction in {@code pg_stat_activity.backend_xid}
 * from its assignment to its end. So a <em>probe</em> reads the sequence's newest drawn position
 * {@code d} and then, in the same statement, the ids of the transactions running: every position
 * up to {@code d} was drawn by one of them or by a transaction that has ended. Only those of this
 * database count: a transaction connected to another cannot draw from this one's sequence, so a
 * long one there holds nothing back. Once none of them
 * runs any more (seen by a later probe), positions up to {@code d} are settled; with none running
 * at all, at once. Each probe settles the oldest open probe if it can, and opens the next. The
 * bound it returns holds for reads whose snapshot is taken after the probe's statement.
 *
 * <p>Snapshots' own {@code xmin} and {@code xmax} cannot stand in for the list of ids: a snapshot
 * leaves out a running transaction whose id is above every completed one, so "nothing running
 * below {@code xmax}" does not mean a writer holding an undrawn-then-drawn position has ended.
 * Thread-safe; one per store.
 */
final class PostgresSettledBound {

    /**
     * The newest drawn position, then the ids of the running transactions, and how many of the
     * given ids still run. The lateral subquery reads {@code pg_stat_activity} only after the
     * sequence was read: the order the bound's proof needs.
     */
    private static final String DRAWN = "SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END "
            + "AS drawn FROM roster_change_position";
    private static final String PROBE = "SELECT d.drawn, r.running, r.still FROM (" + DRAWN + ") d CROSS JOIN LATERAL "
            + "(SELECT array_agg(a.xid) AS running, count(*) FILTER (WHERE a.xid = ANY(?::bigint[])) AS still "
            + "FROM (SELECT backend_xid::text::bigint AS xid FROM pg_stat_activity "
            + "WHERE backend_xid IS NOT NULL AND datname = current_database() AND d.drawn IS NOT NULL) a) r";
    private static final Long[] NONE = new Long[0];

    private long settled;
    private Probe open;

    /** A drawn position and the transactions that ran right after it was read. */
    private record Probe(long drawn, Long[] running) {
    }

    /** What one probe found: the newest drawn position and the settled bound. */
    record Reading(long drawn, long bound) {
    }

    /** Probes on {@code connection} and moves the bound; read the entries after this returns. */
    Reading probe(Connection connection) throws SQLException {
        Probe before;
        synchronized (this) {
            before = open;
        }
        Probed probed;
        try (PreparedStatement query = connection.prepareStatement(PROBE)) {
            query.setArray(1, connection.createArrayOf("bigint", before == null ? NONE : before.running()));
            try (ResultSet row = query.executeQuery()) {
                row.next();
                Array running = row.getArray(2);
                probed = new Probed(row.getLong(1), running == null ? NONE : toLongs((Object[]) running.getArray()),
                        row.getLong(3));
            }
        }
        return settle(before, probed);
    }

    /** A row of {@link #PROBE}. */
    private record Probed(long drawn, Long[] running, long stillRunning) {
    }

    /** {@return the newest position drawn from the sequence, committed or not, read on {@code handle}} */
    static long drawn(Handle handle) {
        return handle.createQuery(DRAWN).mapTo(Long.class).one();
    }

    /** The bound settled so far, without a probe. */
    synchronized long settled() {
        return settled;
    }

    private synchronized Reading settle(Probe before, Probed probed) {
        boolean beforeEnded = before != null && probed.stillRunning() == 0;
        if (probed.running().length == 0) {
            settled = Math.max(settled, probed.drawn());
        } else if (beforeEnded) {
            settled = Math.max(settled, before.drawn());
        }
        if (open != null && (open == before && beforeEnded || open.drawn() <= settled)) {
            open = null;
        }
        if (open == null && probed.drawn() > settled) {
            open = new Probe(probed.drawn(), probed.running());
        }
        return new Reading(probed.drawn(), settled);
    }

    private static Long[] toLongs(Object[] values) {
        return Arrays.stream(values).map(value -> ((Number) value).longValue()).toArray(Long[]::new);
    }
}
