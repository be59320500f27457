package dev.roster.mongo;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import dev.roster.core.domain.PresenceSession;
import dev.roster.core.spi.PresenceStore;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;

/** Presence sessions, one document each, keyed by (app, session id), with their expiry. */
final class MongoPresence implements PresenceStore {

    static final String APP = "app";
    static final String SESSION = "sid";
    static final String SESSION_ORDER = "sok";
    static final String USER = "uid";
    static final String USER_ORDER = "uok";
    static final String STARTED = "started";
    static final String EXPIRES = "expires";

    private final MongoCollection<Document> sessions;

    MongoPresence(MongoCollection<Document> sessions) {
        this.sessions = sessions;
    }

    @Override
    public void heartbeat(String appId, PresenceSession session) {
        Bson key = Filters.and(Filters.eq(APP, appId), Filters.eq(SESSION, session.sessionId()));
        Bson update = Updates.combine(Updates.set(USER, session.userId()),
                Updates.set(USER_ORDER, OrderKey.of(session.userId())), Updates.set(EXPIRES, session.expiresAt()),
                Updates.setOnInsert(SESSION_ORDER, OrderKey.of(session.sessionId())),
                Updates.setOnInsert(STARTED, session.startedAt()));
        MongoErrors.run("recording presence in app " + appId, () -> {
            try {
                sessions.updateOne(key, update, new UpdateOptions().upsert(true));
            } catch (MongoException e) {
                if (!MongoErrors.isDuplicateKey(e)) {
                    throw e;
                }
                // Two first heartbeats of one session raced to insert it; the other one won.
                sessions.updateOne(key, update);
            }
        });
    }

    @Override
    public void end(String appId, String sessionId) {
        MongoErrors.run("ending a presence session in app " + appId,
                () -> sessions.deleteOne(Filters.and(Filters.eq(APP, appId), Filters.eq(SESSION, sessionId))));
    }

    @Override
    public List<PresenceSession> sessions(String appId, Collection<String> userIds, long now) {
        if (userIds.isEmpty()) {
            return List.of();
        }
        return MongoErrors.call("reading presence in app " + appId, () -> {
            List<PresenceSession> alive = new ArrayList<>();
            sessions.find(Filters.and(Filters.eq(APP, appId), Filters.in(USER, new LinkedHashSet<>(userIds)),
                            Filters.gt(EXPIRES, now)))
                    .sort(Sorts.ascending(USER_ORDER, SESSION_ORDER))
                    .forEach(d -> alive.add(new PresenceSession(d.getString(SESSION), d.getString(USER),
                            d.getLong(STARTED), d.getLong(EXPIRES))));
            return alive;
        });
    }

    @Override
    public List<String> onlineUserIds(String appId, long now, String startingAfter, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        Bson match = Filters.and(Filters.eq(APP, appId), Filters.gt(EXPIRES, now));
        if (startingAfter != null) {
            match = Filters.and(match, Filters.gt(USER_ORDER, OrderKey.of(startingAfter)));
        }
        List<Bson> pipeline = List.of(Aggregates.match(match),
                Aggregates.group("$" + USER_ORDER, Accumulators.first(USER, "$" + USER)),
                Aggregates.sort(Sorts.ascending("_id")), Aggregates.limit(limit));
        return MongoErrors.call("listing online users of app " + appId, () -> {
            List<String> ids = new ArrayList<>();
            sessions.aggregate(pipeline).forEach(d -> ids.add(d.getString(USER)));
            return ids;
        });
    }

    @Override
    public int purgeExpired(long now) {
        return MongoErrors.call("purging expired presence",
                () -> (int) sessions.deleteMany(Filters.lte(EXPIRES, now)).getDeletedCount());
    }
}
