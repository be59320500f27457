package dev.roster.core.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import dev.roster.core.domain.User;
import dev.roster.core.spi.UserStore;
import dev.roster.core.spi.Versioned;

import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Reads public user snapshots with automatic batching and a cache kept fresh by every write this
 * process sees. Also tells listeners when a user's snapshot changes.
 *
 * <p>Batching: a {@link #get} of an app that has been quiet for one {@link #WINDOW} (no id asked
 * for, no load answered, nothing in flight) is read at once on the caller's thread: a lone get
 * costs one store read, no thread hand-off, and its future is complete when {@code get} returns
 * ({@link #getInBackground} and {@link #refresh} never read on the caller's thread).
 * So is a get from a thread that has awaited ({@code join}/{@code get}) an answer of this reader
 * since its last get, while fewer than {@code maxLoads} reads of the app are in flight: such a
 * thread waits for each answer before it asks again, so it issues no burst to gather, and its
 * read starts at once instead of waiting in the batch for another thread.
 * Any other requested id waits in its app's batch; a load in flight for the same id is shared.
 * The batch is read from the store, at most {@code maxBatch} ids per call and {@code maxLoads}
 * calls of one app at once, as soon as one of these happens:
 * <ul>
 *   <li>a caller blocks on the answer ({@code join}/{@code get} of the returned future or of a
 *       future derived from it): the caller's own thread reads the batch, so callers that block
 *       at once each read on their own thread, up to {@code maxLoads} at a time;</li>
 *   <li>{@code maxBatch} ids are waiting;</li>
 *   <li>the batch has been quiet (no new id) for one {@link #WINDOW}, or has waited
 *       {@link #MAX_WAIT_WINDOWS} windows: then a thread of the executor reads it.</li>
 * </ul>
 * The executor starts a read (the last two cases) only while fewer than half of {@code maxLoads}
 * (rounded up) are in flight: the other half is for blocked callers, so a burst nobody waits on
 * yet is not cut into more partial reads than before.
 * A load that finds more work only goes on at once when that work is a full batch or has a caller
 * blocked on it, so a burst issued by one thread gathers into few reads instead of racing a loader
 * that loops back after every fast read; the burst's first get, read at once, is the one read it
 * adds.
 */
public final class UserReader implements AutoCloseable {

    /** How long a batch nobody waits for gathers ids after the last one arrived. */
    public static final Duration WINDOW = Duration.ofMillis(1);

    /** The most windows a batch nobody blocks on waits while ids keep arriving. */
    public static final int MAX_WAIT_WINDOWS = 4;

    private static final long WINDOW_NANOS = WINDOW.toNanos();

    /** Identifies one user of one app. */
    public record Key(String appId, String userId) {}

    private final UserStore store;
    private final Executor executor;
    private final Cache<Key, CachedUser> cache;
    private final boolean batching;
    private final int maxBatch;
    private final int maxLoads;
    private final int backgroundLoads;
    private final Map<String, Batch> batches = new ConcurrentHashMap<>();
    private final Map<Key, Set<Consumer<CachedUser>>> listeners = new ConcurrentHashMap<>();
    private final BatchClock batchClock;
    /** Per thread: whether it awaited an answer of this reader since its last get. */
    private final ThreadLocal<boolean[]> awaitedSinceLastGet = ThreadLocal.withInitial(() -> new boolean[1]);

    /**
     * @param cacheSize the most users kept in memory; 0 turns caching off
     * @param ttl       how long a cached user is kept without being read or refreshed
     * @param batching  whether concurrent loads of one app are combined
     * @param maxBatch  the most ids in one store call
     * @param maxLoads  the most store calls of one app in flight at once; calls that no caller blocks
     *                  on (made by the executor) start only while fewer than half of them (rounded
     *                  up) are in flight
     */
    public UserReader(UserStore store, Executor executor, long cacheSize, Duration ttl, boolean batching,
                      int maxBatch, int maxLoads) {
        this.store = store;
        this.executor = executor;
        this.cache = cacheSize == 0 ? null
                : Caffeine.newBuilder().maximumSize(cacheSize).expireAfterAccess(ttl).recordStats().build();
        this.batching = batching;
        this.maxBatch = maxBatch;
        this.maxLoads = maxLoads;
        this.backgroundLoads = (maxLoads + 1) / 2;
        this.batchClock = batching ? new BatchClock(WINDOW, this::tick) : null;
    }

    /**
     * The user as cached, or as loaded (batched) when not cached; a load already in flight for
     * the same id is shared. When the app is quiet the load runs at once on the caller's thread.
     */
    public CompletableFuture<CachedUser> get(String appId, String userId) {
        return get(appId, userId, true);
    }

    /**
     * The same as {@link #get}, but never reads the store on the caller's thread: for a caller
     * that must not wait, such as a subscription starting.
     */
    public CompletableFuture<CachedUser> getInBackground(String appId, String userId) {
        return get(appId, userId, false);
    }

    /**
     * Loads the user again (batched), bypassing the cache, and records the result. Never shares a
     * load that is already in flight: that one may have read the store before the change that
     * made the caller ask. Never reads on the caller's thread.
     */
    public CompletableFuture<CachedUser> refresh(String appId, String userId) {
        return load(appId, userId, false, false);
    }

    private CompletableFuture<CachedUser> get(String appId, String userId, boolean readNowWhenQuiet) {
        if (cache != null) {
            CachedUser cached = cache.getIfPresent(new Key(appId, userId));
            if (cached != null) {
                return CompletableFuture.completedFuture(cached);
            }
        }
        return load(appId, userId, true, readNowWhenQuiet);
    }

    private CompletableFuture<CachedUser> load(String appId, String userId, boolean shareInFlight,
                                               boolean readNowWhenQuiet) {
        if (!batching) {
            try {
                return CompletableFuture.completedFuture(loadNow(appId, List.of(userId)).get(userId));
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        Batch batch = batchOf(appId);
        Pending pending;
        boolean readNow = false;
        boolean startLoader = false;
        boolean awaitingEachAnswer = false;
        if (readNowWhenQuiet) {
            boolean[] awaited = awaitedSinceLastGet.get();
            awaitingEachAnswer = awaited[0];
            awaited[0] = false;
        }
        long now = System.nanoTime();
        synchronized (batch) {
            Pending shared = shareInFlight ? batch.inFlight.get(userId) : null;
            if (shared != null) {
                return shared;
            }
            if (readNowWhenQuiet && (awaitingEachAnswer ? batch.loaders < maxLoads : batch.idle(now))) {
                pending = new Pending(batch, userId);
                batch.inFlight.put(userId, pending);
                batch.loaders++;
                readNow = true;
            } else {
                pending = batch.waiting.get(userId);
                if (pending == null) {
                    pending = new Pending(batch, userId);
                    batch.waiting.put(userId, pending);
                    batch.arrivals++;
                }
                if (batch.waiting.size() >= maxBatch && batch.loaders < backgroundLoads) {
                    batch.loaders++;
                    startLoader = true;
                }
            }
            batch.lastActivity = now;
        }
        if (readNow) {
            try {
                read(batch, Map.of(userId, pending));
            } finally {
                release(batch);
            }
        } else if (startLoader) {
            executor.execute(() -> drain(batch));
        } else {
            batchClock.wake();
        }
        return pending;
    }

    private Batch batchOf(String appId) {
        Batch batch = batches.get(appId);
        return batch != null ? batch : batches.computeIfAbsent(appId, Batch::new);
    }

    /**
     * Records a user as written or loaded at {@code version} (null: no such user) and tells the
     * listeners of that user. Older versions than the one known are ignored.
     *
     * @return what is known of the user afterwards
     */
    public CachedUser accept(String appId, String userId, long version, User user) {
        CachedUser incoming = user == null ? CachedUser.ABSENT : CachedUser.of(version, user);
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
        CachedUser cached = cache == null ? null : cache.policy().getIfPresentQuietly(key);
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

    /** The cache's hit, miss and eviction counts of {@link #get} since start; all zero when the cache is off. */
    public CacheStats cacheStats() {
        return cache == null ? CacheStats.empty() : cache.stats();
    }

    /** How many users are cached now (an estimate). */
    public long cachedUsers() {
        return cache == null ? 0 : cache.estimatedSize();
    }

    /** Stops the batch clock; ids still waiting are read by whoever blocks on them. */
    @Override
    public void close() {
        if (batchClock != null) {
            batchClock.close();
        }
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

    /** Called by the batch clock once per window: starts a load of every batch that is due. */
    private boolean tick() {
        boolean anyWaiting = false;
        for (Batch batch : batches.values()) {
            boolean start = false;
            synchronized (batch) {
                if (batch.waiting.isEmpty()) {
                    continue;
                }
                anyWaiting = true;
                boolean quiet = batch.arrivals == batch.arrivalsAtLastTick;
                batch.arrivalsAtLastTick = batch.arrivals;
                if ((quiet || ++batch.windowsWaited >= MAX_WAIT_WINDOWS) && batch.loaders < backgroundLoads) {
                    batch.loaders++;
                    start = true;
                }
            }
            if (start) {
                executor.execute(() -> drain(batch));
            }
        }
        return anyWaiting;
    }

    /** Reads batches on a loader slot already taken, while a full batch or a blocked caller waits. */
    private void drain(Batch batch) {
        while (true) {
            Map<String, Pending> taken = take(batch);
            if (!taken.isEmpty()) {
                read(batch, taken);
            }
            synchronized (batch) {
                if (batch.waiting.isEmpty() || batch.waiting.size() < maxBatch && batch.blocked == 0) {
                    batch.loaders--;
                    batch.lastActivity = System.nanoTime();
                    return;
                }
            }
        }
    }

    private Map<String, Pending> take(Batch batch) {
        synchronized (batch) {
            return batch.take(maxBatch);
        }
    }

    private void read(Batch batch, Map<String, Pending> taken) {
        Map<String, CachedUser> loaded = null;
        RuntimeException failure = null;
        try {
            loaded = loadNow(batch.appId, List.copyOf(taken.keySet()));
        } catch (RuntimeException e) {
            failure = e;
        }
        synchronized (batch) {
            // An answered load is shared no more: a caller arriving now must not get a read older than its call.
            taken.forEach(batch.inFlight::remove);
        }
        for (Map.Entry<String, Pending> entry : taken.entrySet()) {
            if (failure == null) {
                entry.getValue().complete(loaded.get(entry.getKey()));
            } else {
                entry.getValue().completeExceptionally(failure);
            }
        }
    }

    /**
     * The answer for one waiting id. A caller that blocks on it (or on a future derived from it)
     * reads its batch on its own thread when a loader slot is free, and otherwise marks the batch
     * as awaited, so that a finishing load goes on with it at once.
     */
    private final class Pending extends BlockingAwareFuture<CachedUser> {
        private final Batch batch;
        private final String userId;
        /** Whether a caller is blocked on this id while it waits (guarded by the batch). */
        private boolean blocking;

        Pending(Batch batch, String userId) {
            this.batch = batch;
            this.userId = userId;
        }

        @Override
        void onAwait() {
            awaitedSinceLastGet.get()[0] = true;
        }

        @Override
        void beforeBlocking() {
            Map<String, Pending> taken;
            synchronized (batch) {
                if (batch.waiting.get(userId) != this) {
                    return;
                }
                if (batch.loaders >= maxLoads) {
                    if (!blocking) {
                        blocking = true;
                        batch.blocked++;
                    }
                    return;
                }
                batch.loaders++;
                taken = batch.take(maxBatch);
            }
            try {
                while (!taken.isEmpty()) {
                    read(batch, taken);
                    taken = isDone() ? Map.of() : take(batch);
                }
            } finally {
                release(batch);
            }
        }
    }

    /**
     * Gives a loader slot back after a read on a caller's thread, or passes it to an executor
     * thread when other callers are blocked on ids still waiting.
     */
    private void release(Batch batch) {
        boolean othersBlocked;
        synchronized (batch) {
            othersBlocked = batch.blocked > 0 && !batch.waiting.isEmpty();
            if (!othersBlocked) {
                batch.loaders--;
                batch.lastActivity = System.nanoTime();
            }
        }
        if (othersBlocked) {
            executor.execute(() -> drain(batch));
        }
    }

    private static final class Batch {
        final String appId;
        final Map<String, Pending> waiting = new LinkedHashMap<>();
        final Map<String, Pending> inFlight = new HashMap<>();
        /** Store calls running or about to start. */
        int loaders;
        /** Waiting ids with a caller blocked on them. */
        int blocked;
        /** New ids ever added, and their number at the last tick: unchanged means quiet. */
        long arrivals;
        long arrivalsAtLastTick;
        /** Ticks the current waiting ids have seen without being read. */
        int windowsWaited;
        /** {@link System#nanoTime()} of the last id asked for or load answered. */
        long lastActivity;

        Batch(String appId) {
            this.appId = appId;
            this.lastActivity = System.nanoTime() - WINDOW_NANOS;
        }

        /** Moves up to {@code most} waiting ids, oldest first, in flight; the caller holds this batch's lock. */
        Map<String, Pending> take(int most) {
            Map<String, Pending> taken = new LinkedHashMap<>();
            Iterator<Map.Entry<String, Pending>> oldest = waiting.entrySet().iterator();
            while (taken.size() < most && oldest.hasNext()) {
                Map.Entry<String, Pending> next = oldest.next();
                oldest.remove();
                if (next.getValue().blocking) {
                    blocked--;
                }
                taken.put(next.getKey(), next.getValue());
            }
            inFlight.putAll(taken);
            if (waiting.isEmpty()) {
                windowsWaited = 0;
            }
            return taken;
        }

        /** Whether nothing waits, nothing is in flight and nothing happened for a window before {@code now}. */
        boolean idle(long now) {
            return loaders == 0 && waiting.isEmpty() && now - lastActivity >= WINDOW_NANOS;
        }
    }
}
