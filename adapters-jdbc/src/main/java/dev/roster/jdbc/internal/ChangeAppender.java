package dev.roster.jdbc.internal;

import dev.roster.core.spi.ChangeKind;
import dev.roster.jdbc.Dialect;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

import java.util.List;

/**
 * Appends change-log entries inside the caller's transaction. Positions come from the single
 * {@code roster_log_head} row: bumping it locks it until commit, so appends are serialised and
 * entries become visible in position order. A follower reading "after position p" therefore
 * never misses an entry that commits later with a smaller position.
 *
 * <p>On PostgreSQL the transaction also notifies {@link PostgresChangeListener#CHANNEL}; PostgreSQL
 * delivers the notification only at commit, and not at all on rollback, so a listener woken by it
 * finds the entries readable.
 */
final class ChangeAppender {

    /** One entry to append. */
    record Entry(String entityId, long version) {
    }

    private ChangeAppender() {
    }

    /** Appends the entries in order. Call it last in the transaction: it holds the head lock to commit. */
    static void append(Handle handle, Dialect dialect, String appId, ChangeKind kind, List<Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        if (dialect == Dialect.POSTGRESQL) {
            // Before the head bump, so the extra round trip is not spent holding the head lock.
            handle.execute(PostgresChangeListener.NOTIFY);
        }
        long head = bumpHead(handle, dialect, entries.size());
        long position = head - entries.size();
        PreparedBatch batch = handle.prepareBatch(
                "INSERT INTO roster_change (position, app_id, kind, entity_id, version) VALUES (?, ?, ?, ?, ?)");
        for (Entry entry : entries) {
            position++;
            batch.bind(0, position).bind(1, appId).bind(2, kind.name()).bind(3, entry.entityId())
                    .bind(4, entry.version()).add();
        }
        batch.execute();
    }

    /** Moves the head by {@code count} and returns the new head, in one round trip where the engine can. */
    private static long bumpHead(Handle handle, Dialect dialect, int count) {
        switch (dialect) {
            case POSTGRESQL:
                return handle.createQuery("UPDATE roster_log_head SET position = position + ? WHERE id = 1 "
                        + "RETURNING position").bind(0, count).mapTo(Long.class).one();
            case H2:
                return handle.createQuery("SELECT position FROM FINAL TABLE (UPDATE roster_log_head "
                        + "SET position = position + ? WHERE id = 1)").bind(0, count).mapTo(Long.class).one();
            default:
                // MariaDB has RETURNING on INSERT and DELETE only.
                handle.execute("UPDATE roster_log_head SET position = position + ? WHERE id = 1", count);
                return handle.createQuery("SELECT position FROM roster_log_head WHERE id = 1")
                        .mapTo(Long.class).one();
        }
    }
}
