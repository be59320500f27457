package dev.roster.jdbc.internal;

import dev.roster.core.domain.PresenceSession;
import dev.roster.core.spi.PresenceStore;
import dev.roster.jdbc.Dialect;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;

/** Presence sessions in {@code roster_presence}, keyed by (app id, session id). */
public final class JdbcPresenceStore implements PresenceStore {

    private final Jdbi jdbi;
    private final WriteGate gate;
    private final Dialect dialect;
    private final String heartbeat;
    private final String userOrder;
    private final String sessionOrder;
    private final String afterUser;

    /** A store over {@code jdbi}, whose schema is migrated. */
    public JdbcPresenceStore(Jdbi jdbi, Dialect dialect, WriteGate gate) {
        this.jdbi = jdbi;
        this.gate = gate;
        this.dialect = dialect;
        String insert = "INSERT INTO roster_presence (app_id, session_id, user_id, started_at, expires_at) "
                + "VALUES (?, ?, ?, ?, ?)";
        switch (dialect) {
            case POSTGRESQL:
                heartbeat = insert + " ON CONFLICT (app_id, session_id) DO UPDATE SET user_id = EXCLUDED.user_id, "
                        + "expires_at = EXCLUDED.expires_at";
                break;
            case MARIADB:
                heartbeat = insert + " ON DUPLICATE KEY UPDATE user_id = VALUES(user_id), "
                        + "expires_at = VALUES(expires_at)";
                break;
            default:
                heartbeat = "MERGE INTO roster_presence t USING (VALUES (CAST(? AS VARCHAR(255)), "
                        + "CAST(? AS VARCHAR(255)), CAST(? AS VARCHAR(255)), CAST(? AS BIGINT), CAST(? AS BIGINT))) "
                        + "s (app_id, session_id, user_id, started_at, expires_at) "
                        + "ON t.app_id = s.app_id AND t.session_id = s.session_id "
                        + "WHEN MATCHED THEN UPDATE SET user_id = s.user_id, expires_at = s.expires_at "
                        + "WHEN NOT MATCHED THEN INSERT (app_id, session_id, user_id, started_at, expires_at) "
                        + "VALUES (s.app_id, s.session_id, s.user_id, s.started_at, s.expires_at)";
                break;
        }
        boolean h2 = dialect == Dialect.H2;
        userOrder = h2 ? "user_sort" : "user_id";
        sessionOrder = h2 ? "session_sort" : "session_id";
        afterUser = h2 ? "user_sort > CAST(? AS VARBINARY(1020))" : "user_id > ?";
    }

    @Override
    public void heartbeat(String appId, PresenceSession session) {
        Failures.run("recording presence in app " + appId, () -> {
            try {
                upsert(appId, session);
            } catch (RuntimeException e) {
                // Two first heartbeats of one session can race to insert; the second then updates.
                if (!Failures.isUniqueViolation(e)) {
                    throw e;
                }
                upsert(appId, session);
            }
        });
    }

    private void upsert(String appId, PresenceSession session) {
        gate.write(() -> jdbi.withHandle(handle -> handle.createUpdate(heartbeat).bind(0, appId).bind(1, session.sessionId())
                .bind(2, session.userId()).bind(3, session.startedAt()).bind(4, session.expiresAt()).execute()));
    }

    @Override
    public void end(String appId, String sessionId) {
        Failures.run("ending a presence session in app " + appId, () -> gate.write(() -> jdbi.withHandle(handle -> handle
                .execute("DELETE FROM roster_presence WHERE app_id = ? AND session_id = ?", appId, sessionId))));
    }

    @Override
    public List<PresenceSession> sessions(String appId, Collection<String> userIds, long now) {
        List<String> ids = List.copyOf(new LinkedHashSet<>(userIds));
        if (ids.isEmpty()) {
            return List.of();
        }
        return Failures.call("reading presence in app " + appId, () -> jdbi.withHandle(handle -> {
            List<Object> parameters = new ArrayList<>();
            String from;
            boolean h2 = dialect == Dialect.H2;
            if (h2 && ids.size() > 1) {
                // H2 looks up a leading part of an index only when joined to a table of the keys.
                from = KeyLookup.valuesTable(ids.size(), "CAST(? AS VARBINARY(1020))")
                        + " JOIN roster_presence p ON p.app_id = ? AND p.user_sort = v.id AND p.expires_at > ?";
                parameters.addAll(ids);
                parameters.add(appId);
            } else {
                KeyLookup key = KeyLookup.of(dialect, List.of("p.app_id"), List.of(appId), "p." + userOrder,
                        h2 ? "CAST(? AS VARBINARY(1020))" : "?", ids);
                from = "roster_presence p WHERE " + key.condition() + " AND p.expires_at > ?";
                parameters.addAll(key.parameters());
            }
            parameters.add(now);
            Query query = handle.createQuery("SELECT p.session_id, p.user_id, p.started_at, p.expires_at FROM "
                    + from + " ORDER BY p." + userOrder + ", p." + sessionOrder);
            for (int i = 0; i < parameters.size(); i++) {
                query.bind(i, parameters.get(i));
            }
            return query.map((rows, context) -> new PresenceSession(rows.getString(1), rows.getString(2),
                    rows.getLong(3), rows.getLong(4))).list();
        }));
    }

    @Override
    public List<String> onlineUserIds(String appId, long now, String startingAfter, int limit) {
        return Failures.call("listing online users of app " + appId, () -> jdbi.withHandle(handle -> {
            String group = userOrder.equals("user_id") ? "user_id" : "user_id, " + userOrder;
            Query query = handle.createQuery("SELECT user_id FROM roster_presence WHERE app_id = ? AND expires_at > ?"
                    + (startingAfter == null ? "" : " AND " + afterUser)
                    + " GROUP BY " + group + " ORDER BY " + userOrder + " LIMIT ?");
            query.bind(0, appId).bind(1, now);
            if (startingAfter == null) {
                query.bind(2, limit);
            } else {
                query.bind(2, startingAfter).bind(3, limit);
            }
            return query.mapTo(String.class).list();
        }));
    }

    @Override
    public int purgeExpired(long now) {
        return Failures.call("purging expired presence sessions", () -> gate.write(() -> jdbi.withHandle(handle -> handle
                .execute("DELETE FROM roster_presence WHERE expires_at <= ?", now))));
    }
}
