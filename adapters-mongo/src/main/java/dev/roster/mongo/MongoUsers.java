package dev.roster.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.roster.core.domain.User;
import dev.roster.core.domain.UserLifecycle;
import dev.roster.core.domain.UserOrder;
import dev.roster.core.domain.UserQuery;
import dev.roster.core.spi.UserPage;
import dev.roster.core.spi.UserStore;
import dev.roster.core.spi.UserWrite;
import dev.roster.core.spi.Versioned;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Users, one document each, keyed by (app, user id). Reads skip placeholders (version 0) that a
 * journaled write inserts to claim a new id. One user is a single-document compare-and-set with
 * its outbox entry; a batch is one {@link AtomicWrite} on the store's {@link WritePath}.
 */
final class MongoUsers implements UserStore {

    private final MongoCollection<Document> users;
    private final MongoChangeLog log;
    private final WritePath path;
    private final UserBatches batches;

    MongoUsers(MongoCollection<Document> users, MongoChangeLog log, WritePath path, UserBatches batches) {
        this.users = users;
        this.log = log;
        this.path = path;
        this.batches = batches;
    }

    @Override
    public Map<String, Versioned<User>> load(String appId, Collection<String> userIds) {
        if (userIds.isEmpty()) {
            return Map.of();
        }
        return MongoErrors.call("loading " + userIds.size() + " users of app " + appId, () -> {
            Map<String, Versioned<User>> found = new HashMap<>();
            users.find(Filters.and(Filters.eq(UserDocuments.APP, appId),
                            Filters.in(UserDocuments.ID, new LinkedHashSet<>(userIds)),
                            Filters.gte(UserDocuments.VERSION, 1L)))
                    .forEach(d -> {
                        Versioned<User> user = UserDocuments.decode(d);
                        found.put(user.value().id(), user);
                    });
            return found;
        });
    }

    @Override
    public boolean write(String appId, List<UserWrite> writes) {
        if (writes.isEmpty()) {
            return true;
        }
        boolean written = MongoErrors.call("writing " + writes.size() + " users of app " + appId,
                () -> writes.size() == 1 ? writeOne(appId, writes.get(0)) : path.write(batches.of(appId, writes)));
        if (written) {
            relay(appId, writes.stream().map(w -> w.user().id()).toList());
        }
        return written;
    }

    @Override
    public long count(String appId) {
        return MongoErrors.call("counting users of app " + appId, () -> users.countDocuments(listed(appId)));
    }

    /** The users of the app that {@link #list} pages through. */
    private static Bson listed(String appId) {
        return Filters.and(Filters.eq(UserDocuments.APP, appId), Filters.gte(UserDocuments.VERSION, 1L));
    }

    @Override
    public List<User> list(String appId, String startingAfter, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        Bson filter = listed(appId);
        if (startingAfter != null) {
            filter = Filters.and(filter, Filters.gt(UserDocuments.ORDER, OrderKey.of(startingAfter)));
        }
        Bson query = filter;
        return MongoErrors.call("listing users of app " + appId, () -> {
            List<User> page = new ArrayList<>(limit);
            users.find(query).sort(Sorts.ascending(UserDocuments.ORDER)).limit(limit)
                    .forEach(d -> page.add(UserDocuments.decode(d).value()));
            return page;
        });
    }

    /**
     * {@inheritDoc}
     *
     * <p>One indexed query per segment ({@link UserQueries}); outside id order the cursor user's
     * sort values are read first, by id.
     */
    @Override
    public UserPage query(String appId, UserQuery query) {
        return MongoErrors.call("querying users of app " + appId, () -> {
            Document cursor = null;
            if (query.needsCursorUser()) {
                cursor = users.find(Filters.and(Filters.eq(UserDocuments.APP, appId),
                        Filters.eq(UserDocuments.ID, query.startingAfter()), Filters.gte(UserDocuments.VERSION, 1L)))
                        .first();
                if (cursor == null) {
                    return UserPage.unknownCursor();
                }
            }
            String after = query.startingAfter();
            if (query.order() != UserOrder.LAST_ACTIVE_AT) {
                Object value = cursor == null ? null : cursor.get(UserQueries.sortField(query, UserQueries.Segment.ALL));
                return UserPage.of(find(appId, query, UserQueries.Segment.ALL, value, after, query.limit()));
            }
            Object active = cursor == null ? null : cursor.get(UserDocuments.LAST_ACTIVE_AT);
            List<User> page = new ArrayList<>();
            if (after == null || active != null) {
                page.addAll(find(appId, query, UserQueries.Segment.ACTIVE, active, after, query.limit()));
            }
            if (page.size() < query.limit()) {
                page.addAll(find(appId, query, UserQueries.Segment.NEVER_ACTIVE, null,
                        after == null || active != null ? null : after, query.limit() - page.size()));
            }
            return UserPage.of(page);
        });
    }

    private List<User> find(String appId, UserQuery query, UserQueries.Segment segment, Object value, String after,
                            int limit) {
        List<User> page = new ArrayList<>(limit);
        users.find(UserQueries.filter(appId, query, segment, value, after)).sort(UserQueries.sort(query, segment))
                .limit(limit).forEach(d -> page.add(UserDocuments.decode(d).value()));
        return page;
    }

    /**
     * {@inheritDoc}
     *
     * <p>One {@code updateOne} that sets {@code lastActiveAt} alone, with the staleness test in its
     * filter: the version, the outbox and a journaled writer's claim are left as they are.
     */
    @Override
    public boolean recordActivity(String appId, String userId, long at, long staleBefore) {
        return MongoErrors.call("recording the activity of user " + userId + " of app " + appId, () ->
                users.updateOne(Filters.and(Filters.eq(UserDocuments.APP, appId), Filters.eq(UserDocuments.ID, userId),
                                Filters.gte(UserDocuments.VERSION, 1L),
                                Filters.or(Filters.eq(UserDocuments.LAST_ACTIVE_AT, null),
                                        Filters.lt(UserDocuments.LAST_ACTIVE_AT, staleBefore))),
                        Updates.set(UserDocuments.LAST_ACTIVE_AT, at)).getModifiedCount() == 1);
    }

    @Override
    public Map<String, UserLifecycle> lifecycles(String appId, Collection<String> userIds) {
        if (userIds.isEmpty()) {
            return Map.of();
        }
        return MongoErrors.call("loading the lifecycle of " + userIds.size() + " users of app " + appId, () -> {
            Map<String, UserLifecycle> found = new HashMap<>();
            users.find(Filters.and(Filters.eq(UserDocuments.APP, appId),
                            Filters.in(UserDocuments.ID, new LinkedHashSet<>(userIds)),
                            Filters.gte(UserDocuments.VERSION, 1L)))
                    .projection(Projections.include(UserDocuments.ID, UserDocuments.LAST_ACTIVE_AT,
                            UserDocuments.DEACTIVATED))
                    .forEach(d -> found.put(d.getString(UserDocuments.ID), new UserLifecycle(
                            d.getLong(UserDocuments.LAST_ACTIVE_AT), d.getBoolean(UserDocuments.DEACTIVATED, false))));
            return found;
        });
    }

    /** Gives every user written before name keys were stored its name key. Idempotent; run when the store opens. */
    void backfill() {
        MongoErrors.run("filling in user name keys", () -> users.find(Filters.and(
                        Filters.exists(UserDocuments.NAME_KEY, false), Filters.gte(UserDocuments.VERSION, 1L)))
                .forEach(d -> users.updateOne(Filters.eq("_id", d.get("_id")),
                        Updates.set(UserDocuments.NAME_KEY, UserDocuments.nameKey(d.getString("name"))))));
    }

    /**
     * One user needs no journal and no transaction: the compare-and-set and its outbox entry are
     * one single-document write. A document claimed by a journaled write does not match, so it
     * conflicts.
     */
    private boolean writeOne(String appId, UserWrite write) {
        return UserDocuments.target(users, appId, write.user().id(), write.expectedVersion(),
                UserDocuments.fields(write.user(), write.newVersion()), write.feed()).compareAndSet(DocumentWrites.DIRECT);
    }

    /** Moves the outbox entries of these users into the change log. */
    void relay(String appId, List<String> userIds) {
        MongoErrors.run("recording changes of app " + appId, () -> log.relay(users, UserDocuments.ID,
                Filters.and(Filters.eq(UserDocuments.APP, appId), Filters.in(UserDocuments.ID, userIds))));
    }

    /** Moves every outbox entry left by a crashed writer into the change log. */
    void relayAll() {
        MongoErrors.run("recording pending user changes", () -> log.relay(users, UserDocuments.ID, new Document()));
    }
}
