package dev.roster.jdbc.internal;

import dev.roster.core.spi.Change;
import dev.roster.core.spi.ChangeKind;
import dev.roster.core.spi.ChangeLog;
import org.jdbi.v3.core.Jdbi;

import java.util.List;

/** The change log in {@code roster_change}, read by position (its primary key). */
public final class JdbcChangeLog implements ChangeLog {

    private final Jdbi jdbi;

    /** A log over {@code jdbi}, whose schema is migrated. */
    public JdbcChangeLog(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public List<Change> readAfter(long position, int max) {
        if (max <= 0) {
            return List.of();
        }
        return Failures.call("reading the change log", () -> jdbi.withHandle(handle -> handle
                .createQuery("SELECT position, app_id, kind, entity_id, version FROM roster_change "
                        + "WHERE position > ? ORDER BY position LIMIT ?")
                .bind(0, position).bind(1, max)
                .map((rows, context) -> new Change(rows.getLong("position"), rows.getString("app_id"),
                        ChangeKind.valueOf(rows.getString("kind")), rows.getString("entity_id"),
                        rows.getLong("version")))
                .list()));
    }

    @Override
    public long head() {
        return Failures.call("reading the change log head", () -> jdbi.withHandle(handle -> handle
                .createQuery("SELECT position FROM roster_log_head WHERE id = 1").mapTo(Long.class).one()));
    }
}
