package dev.roster.core.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.roster.core.domain.User;
import dev.roster.core.spi.UserStore;
import dev.roster.core.spi.Versioned;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Reads public user snapshots with automatic batching (ids requested close together, or while the
 * loads of the same app are in flight, become one store call) and a cache kept fresh by every
 * write this process sees. Also tells listeners when a user's snapshot changes.
 *
 * <p>Per app at most {@code maxLoads} store calls run at once; a new one starts only when every
 * running one is busy with the store, so ids that arrive meanwhile still wait for the next call
 * together.
 */
public final class UserReader {

    /** Identifies one user of one app. */
    public record Key(String appId, String userId) {}

    private final UserStore store;
    private final Executor executor;
    private final Cache<Key, CachedUser> cache;
    private final boolean batching;
    private final int maxBatch;
    private final int maxLoads;
    private final Map<String, Batch> batches = new HashMap<>();
    private final Map<Key, Set<Consumer<CachedUser>>> listeners = new ConcurrentHashMap<>();

    /**
     * @param cacheSize the most users kept in memory; 0 turns caching off
     * @param ttl       how long a cached user is kept without being read or refreshed
     * @param batching  whether concurrent loads of one app are combined
     * @param maxBatch  the most ids in one store call
     * @param maxLoads  the most store calls of one app in flight at once
     */
    public UserReader(UserStore store, Executor executor, long cacheSize, Duration ttl, boolean batching,
                      int maxBatch, int maxLoads) {
        this.store = store;
        this.executor = executor;
        this.cache = cacheSize == 0 ? null
                : Caffeine.newBuilder().maximumSize(cacheSize).expireAfterAccess(ttl).build();
        this.batching = batching;
        this.maxBatch = maxBatch;
        this.maxLoads = maxLoads;
    }

    /**
     * The user as cached, or as loaded (batched) when not cached; a load already in flight for
     * the same id is shared.
     */
    public CompletableFuture<CachedUser> get(String appId, String userId) {
        if (cache != null) {
            CachedUser cached = cache.getIfPresent(new Key(appId, userId));
            if (cached != null) {
                return CompletableFuture.completedFuture(cached);
            }
        }
        return load(appId, userId, true);
    }

    /**
     * Loads the user again (batched), bypassing the cache, and records the result. Never shares a
     * load that is already in flight: that one may have read the store before the change that
     * made the caller ask.
     */
    public CompletableFuture<CachedUser> refresh(String appId, String userId) {
        return load(appId, userId, false);
    }

    private CompletableFuture<CachedUser> load(String appId, String userId, boolean shareInFlight) {
        if (!batching) {
            return CompletableFuture.supplyAsync(() -> loadNow(appId, List.of(userId)).get(userId), executor);
        }
        synchronized (batches) {
            Batch batch = batches.computeIfAbsent(appId, Batch::new);
            CompletableFuture<CachedUser> shared = shareInFlight ? batch.inFlight.get(userId) : null;
            if (shared == null) {
                shared = batch.pending.computeIfAbsent(userId, id -> new CompletableFuture<>());
            }
            if (batch.starting == 0 && batch.loaders < maxLoads) {
                batch.loaders++;
                batch.starting++;
                executor.execute(() -> drain(batch));
            }
            return shared;
        }
    }

    /**
     * Records a user as written or loaded at {@code version} (null: no such user) and tells the
     * listeners of that user. Older versions than the one known are ignored.
     *
     * @return what is known of the user afterwards
     */
    public CachedUser accept(String appId, String userId, long version, User user) {
        CachedUser incoming = user == null ? CachedUser.ABSENT : new CachedUser(version, user.snapshot());
        Key key = new Key(appId, userId);
        CachedUser known = cache == null ? incoming : cache.asMap().merge(key, incoming, CachedUser::merge);
        Set<Consumer<CachedUser>> interested = listeners.get(key);
        if (interested != null) {
            interested.forEach(listener -> listener.accept(known));
        }
        return known;
    }

    /**
     * Whether a change of this user to {@code version} is news to this reader: it is cached at
     * an older version, or someone listens to it.
     */
    public boolean wants(String appId, String userId, long version) {
        Key key = new Key(appId, userId);
        CachedUser cached = cache == null ? null : cache.getIfPresent(key);
        return (cached != null && cached.version() < version) || listeners.containsKey(key);
    }

    /** Starts telling {@code listener} about every change of this user's snapshot. */
    public void listen(String appId, String userId, Consumer<CachedUser> listener) {
        listeners.computeIfAbsent(new Key(appId, userId), k -> ConcurrentHashMap.newKeySet()).add(listener);
    }

    /** Stops telling {@code listener}. */
    public void unlisten(String appId, String userId, Consumer<CachedUser> listener) {
        listeners.computeIfPresent(new Key(appId, userId), (key, set) -> {
            set.remove(listener);
            return set.isEmpty() ? null : set;
        });
    }

    private Map<String, CachedUser> loadNow(String appId, List<String> userIds) {
        Map<String, Versioned<User>> loaded = store.load(appId, userIds);
        Map<String, CachedUser> result = new HashMap<>();
        for (String id : userIds) {
            Versioned<User> user = loaded.get(id);
            result.put(id, user == null ? accept(appId, id, 0, null) : accept(appId, id, user.version(), user.value()));
        }
        return result;
    }

    private void drain(Batch batch) {
        boolean started = false;
        while (true) {
            Map<String, CompletableFuture<CachedUser>> taken = new LinkedHashMap<>();
            synchronized (batches) {
                if (!started) {
                    batch.starting--;
                    started = true;
                }
                if (batch.pending.isEmpty()) {
                    if (--batch.loaders == 0) {
                        batches.remove(batch.appId);
                    }
                    return;
                }
                for (String id : new ArrayList<>(batch.pending.keySet())) {
                    if (taken.size() == maxBatch) {
                        break;
                    }
                    taken.put(id, batch.pending.remove(id));
                }
                batch.inFlight.putAll(taken);
            }
            Map<String, CachedUser> loaded = null;
            RuntimeException failure = null;
            try {
                loaded = loadNow(batch.appId, List.copyOf(taken.keySet()));
            } catch (RuntimeException e) {
                failure = e;
            }
            synchronized (batches) {
                // An answered load is shared no more: a caller arriving now must not get a read older than its call.
                taken.forEach(batch.inFlight::remove);
            }
            for (Map.Entry<String, CompletableFuture<CachedUser>> entry : taken.entrySet()) {
                if (failure == null) {
                    entry.getValue().complete(loaded.get(entry.getKey()));
                } else {
                    entry.getValue().completeExceptionally(failure);
                }
            }
        }
    }

    private static final class Batch {
        final String appId;
        final Map<String, CompletableFuture<CachedUser>> pending = new LinkedHashMap<>();
        final Map<String, CompletableFuture<CachedUser>> inFlight = new HashMap<>();
        /** Store calls running or about to start. */
        int loaders;
        /** Loaders started that have not taken their first ids yet. */
        int starting;

        Batch(String appId) {
            this.appId = appId;
        }
    }
}
