package dev.roster.jdbc.internal;

import dev.roster.core.spi.Change;
import dev.roster.core.spi.ChangeKind;
import dev.roster.core.spi.ChangeLog;
import dev.roster.core.spi.FeedEntry;
import org.jdbi.v3.core.Jdbi;

import java.util.List;

/**
 * The change log in {@code roster_change}, read by position (its primary key). On PostgreSQL a
 * {@link PostgresChangeListener} signals appends; on H2 and MariaDB followers poll.
 */
public final class JdbcChangeLog implements ChangeLog {

    private final Jdbi jdbi;
    private final PostgresChangeListener listener;

    /**
     * A log over {@code jdbi}, whose schema is migrated.
     *
     * @param listener the append signal on PostgreSQL, or {@code null} for polling only
     */
    public JdbcChangeLog(Jdbi jdbi, PostgresChangeListener listener) {
        this.jdbi = jdbi;
        this.listener = listener;
    }

    @Override
    public List<Change> readAfter(long position, int max) {
        if (max <= 0) {
            return List.of();
        }
        return Failures.call("reading the change log", () -> jdbi.withHandle(handle -> handle
                .createQuery("SELECT position, app_id, kind, entity_id, version, made_at, events FROM roster_change "
                        + "WHERE position > ? ORDER BY position LIMIT ?")
                .bind(0, position).bind(1, max)
                .map((rows, context) -> new Change(rows.getLong("position"), rows.getString("app_id"),
                        ChangeKind.valueOf(rows.getString("kind")), rows.getString("entity_id"),
                        rows.getLong("version"), new FeedEntry(rows.getLong("made_at"), rows.getString("events"))))
                .list()));
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

    @Override
    public long head() {
        return Failures.call("reading the change log head", () -> jdbi.withHandle(handle -> handle
                .createQuery("SELECT position FROM roster_log_head WHERE id = 1").mapTo(Long.class).one()));
    }
}
