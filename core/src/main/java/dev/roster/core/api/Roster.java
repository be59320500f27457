package dev.roster.core.api;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import dev.roster.core.domain.App;
import dev.roster.core.domain.ErrorCode;
import dev.roster.core.domain.FieldPatch;
import dev.roster.core.domain.RosterException;
import dev.roster.core.domain.User;
import dev.roster.core.domain.UserOnlineSnapshot;
import dev.roster.core.domain.UserPatch;
import dev.roster.core.domain.UserSnapshot;
import dev.roster.core.domain.Violations;
import dev.roster.core.internal.CachedUser;
import dev.roster.core.internal.ChangeFollower;
import dev.roster.core.internal.PresenceWatcher;
import dev.roster.core.internal.UserReader;
import dev.roster.core.internal.UserWriter;
import dev.roster.core.spi.Change;
import dev.roster.core.spi.ChangeKind;
import dev.roster.core.spi.PresenceSession;
import dev.roster.core.spi.Storage;
import dev.roster.core.spi.StorageProvider;
import dev.roster.core.spi.Versioned;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The entry point: a user directory over one {@link Storage}. Offers the trusted server
 * operations (which see private fields and ignore client sync settings) and, through
 * {@link #session(String, String)}, the Data API for a signed-in user. Build one per process with
 * {@link #builder()}; thread-safe; close it to stop its threads.
 */
public final class Roster implements UserDirectory, AutoCloseable {

    /** The most users one batch update may hold. */
    public static final int MAX_BATCH = 100;

    /** The most items one list call returns. */
    public static final int MAX_LIMIT = 100;

    private final Storage storage;
    private final boolean ownsStorage;
    private final Clock clock;
    private final Executor executor;
    private final ExecutorService ownedExecutor;
    private final Cache<String, App> apps;
    private final UserReader reader;
    private final UserWriter writer;
    private final ChangeFollower follower;
    private final Conversations conversations;
    private final PresenceWatcher presenceWatcher;
    private final Duration presenceWindow;
    private final List<Consumer<Change>> changeListeners = new CopyOnWriteArrayList<>();

    private Roster(Builder builder) {
        this.ownsStorage = builder.storage == null;
        this.storage = ownsStorage ? StorageProvider.openUrl(builder.storageUrl) : builder.storage;
        this.clock = builder.clock;
        this.presenceWindow = builder.presenceWindow;
        this.ownedExecutor = builder.executor == null ? newExecutor(builder.threads) : null;
        this.executor = builder.executor == null ? ownedExecutor : builder.executor;
        this.apps = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(builder.appTtl).build();
        this.reader = new UserReader(storage.users(), executor, builder.cacheSize, builder.cacheTtl,
                builder.batchFetches, MAX_BATCH, builder.concurrentLoads);
        this.presenceWatcher = new PresenceWatcher(storage.presence(), clock, executor);
        this.follower = new ChangeFollower(storage.changes(), builder.pollInterval, this::onChanges,
                presenceWatcher::refresh);
        this.writer = new UserWriter(storage.users(), clock, reader, follower::wake);
        this.conversations = new Conversations(storage.conversations(), storage.users(), clock, this::app, follower::wake);
    }

    /** A builder with the defaults described on each option. */
    public static Builder builder() {
        return new Builder();
    }


    /**
     * Creates the app, or replaces the settings and key of the app with this id.
     *
     * @return the app as stored
     */
    public App saveApp(App app) {
        storage.apps().save(app);
        apps.invalidate(app.id());
        return app;
    }

    /** The app with this id, if any. */
    public Optional<App> findApp(String appId) {
        return Optional.ofNullable(apps.get(appId, id -> storage.apps().find(id).orElse(null)));
    }

    /**
     * The app with this id.
     *
     * @throws RosterException {@link ErrorCode#NOT_FOUND} if there is none
     */
    public App app(String appId) {
        return findApp(appId).orElseThrow(() -> RosterException.notFound("There is no app with id " + appId + "."));
    }

    /** Every app, by id. */
    public List<App> allApps() {
        return storage.apps().all();
    }


    /**
     * Creates or updates one user with the patch rule; a new user needs a name. Trusted: ignores
     * client sync settings. One read and one atomic write (retried on a version conflict).
     *
     * @return the user after the update, private fields included
     * @throws RosterException {@code NOT_FOUND} for an unknown app, {@code INVALID_ARGUMENT} for
     *                         a bad id or a new user without a name
     */
    @Override
    public User upsertUser(String appId, String userId, UserPatch patch) {
        app(appId);
        checkUserId(userId);
        return writer.write(appId, Map.of(userId, patch), UserWriter.Mode.UPSERT).get(userId);
    }

    /**
     * Creates or updates up to {@value #MAX_BATCH} users, all or nothing. Every patch must have a
     * name. Any invalid item: nothing is written and the exception names each invalid user.
     *
     * @throws RosterException {@code INVALID_ARGUMENT} with {@link RosterException#itemViolations()}
     */
    @Override
    public void upsertUsers(String appId, Map<String, UserPatch> patches) {
        app(appId);
        if (patches.size() > MAX_BATCH) {
            throw RosterException.invalid("A batch may update at most " + MAX_BATCH + " users; got " + patches.size() + ".",
                    Violations.of(Violations.WHOLE, "At most " + MAX_BATCH + " users per batch; got " + patches.size() + "."));
        }
        Map<String, Violations> invalid = new LinkedHashMap<>();
        patches.forEach((id, patch) -> {
            Violations.Builder problems = new Violations.Builder();
            User.idProblems(id).forEach(p -> problems.add("id", p));
            if (!(patch.name() instanceof FieldPatch.SetTo)) {
                problems.add(Violations.WHOLE, UserPatch.NAME_REQUIRED);
            }
            if (!problems.isEmpty()) {
                invalid.put(id, problems.build());
            }
        });
        if (!invalid.isEmpty()) {
            throw RosterException.invalidItems("The batch has invalid users: " + invalid.keySet() + "; nothing was written.", invalid);
        }
        writer.write(appId, new LinkedHashMap<>(patches), UserWriter.Mode.UPSERT);
    }

    /** The user with private fields, if it exists. One store read, never cached. */
    @Override
    public Optional<User> findUser(String appId, String userId) {
        app(appId);
        return Optional.ofNullable(storage.users().load(appId, List.of(userId)).get(userId)).map(Versioned::value);
    }

    /**
     * Users in id order (by code point), starting right after {@code startingAfter} (null: from
     * the first). O(limit).
     *
     * @param limit 1 to {@value #MAX_LIMIT}
     */
    @Override
    public List<User> listUsers(String appId, String startingAfter, int limit) {
        app(appId);
        checkLimit(limit);
        return storage.users().list(appId, startingAfter, limit);
    }


    /** The trusted operations on conversations, participants and messages, and the conversation listing. */
    public Conversations conversations() {
        return conversations;
    }

    /**
     * Users of the app that are online ({@code online = true}) or offline ({@code false}) now, in
     * id order after {@code startingAfter}; {@code online = null} lists every user. Online users
     * come from the presence index (O(limit)); offline ones are found by walking users in id
     * order and skipping the online ones.
     *
     * @param limit 1 to {@value #MAX_LIMIT}
     */
    public List<User> listUsers(String appId, String startingAfter, int limit, Boolean online) {
        if (online == null) {
            return listUsers(appId, startingAfter, limit);
        }
        app(appId);
        checkLimit(limit);
        long now = clock.millis();
        if (online) {
            List<String> ids = storage.presence().onlineUserIds(appId, now, startingAfter, limit);
            Map<String, Versioned<User>> users = storage.users().load(appId, ids);
            return ids.stream().filter(users::containsKey).map(id -> users.get(id).value()).toList();
        }
        List<User> offline = new ArrayList<>();
        String after = startingAfter;
        List<User> page;
        do {
            page = storage.users().list(appId, after, limit);
            Set<String> onlineIds = storage.presence().sessions(appId, page.stream().map(User::id).toList(), now)
                    .stream().map(PresenceSession::userId).collect(Collectors.toSet());
            page.stream().filter(u -> !onlineIds.contains(u.id())).limit(limit - offline.size()).forEach(offline::add);
            after = page.isEmpty() ? after : page.get(page.size() - 1).id();
        } while (offline.size() < limit && page.size() == limit);
        return offline;
    }

    /**
     * Records that a verified browser session of this user is alive: the user counts as online
     * for the presence window from now, and longer if renewed. Shared by every process over the store.
     */
    public void touchPresence(String appId, String userId, String sessionId) {
        long now = clock.millis();
        storage.presence().heartbeat(appId, new PresenceSession(sessionId, userId, now, now + presenceWindow.toMillis()));
        follower.wake();
    }

    /** Ends a browser session's presence at once (for example when its stream closes). */
    public void endPresence(String appId, String sessionId) {
        storage.presence().end(appId, sessionId);
        follower.wake();
    }

    /** The user's browser sessions alive now; empty when offline. */
    public List<PresenceSession> presenceSessions(String appId, String userId) {
        app(appId);
        return storage.presence().sessions(appId, List.of(userId), clock.millis());
    }

    /** Which of these users are online now; one store read. */
    public Set<String> onlineUsers(String appId, Collection<String> userIds) {
        app(appId);
        return storage.presence().sessions(appId, userIds, clock.millis()).stream()
                .map(PresenceSession::userId).collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * The Data API for a user whose identity the caller has verified (for example with a signed
     * token). The user need not exist yet.
     *
     * @throws RosterException {@code NOT_FOUND} for an unknown app, {@code INVALID_ARGUMENT} for a bad id
     */
    public Session session(String appId, String userId) {
        app(appId);
        checkUserId(userId);
        return new Session(this, appId, userId);
    }

    /**
     * Counters of the user cache and the change follower's progress; costs no store call.
     *
     * @return what this Roster has counted until now
     */
    public RosterStats stats() {
        CacheStats cache = reader.cacheStats();
        return new RosterStats(cache.hitCount(), cache.missCount(), cache.evictionCount(), reader.cachedUsers(),
                follower.position(), follower.lag());
    }

    @Override
    public void close() {
        follower.close();
        reader.close();
        if (ownedExecutor != null) {
            ownedExecutor.shutdown();
        }
        if (ownsStorage) {
            storage.close();
        }
    }


    CompletableFuture<Void> async(Runnable action) {
        return CompletableFuture.runAsync(action, executor);
    }

    CompletableFuture<UserSnapshot> snapshot(String appId, String userId) {
        return reader.get(appId, userId).thenApply(CachedUser::snapshot);
    }

    UserSubscription subscribe(String appId, String userId, Consumer<UserSnapshot> onSnapshot) {
        UserSubscription subscription = new UserSubscription(appId, userId, reader, onSnapshot, executor);
        subscription.start();
        return subscription;
    }

    UserOnlineSubscription subscribeOnline(String appId, String userId, Consumer<UserOnlineSnapshot> onSnapshot) {
        UserOnlineSubscription subscription = new UserOnlineSubscription(appId, userId, reader, presenceWatcher,
                onSnapshot, executor);
        subscription.start();
        return subscription;
    }

    void createIfNotExistsFromClient(String appId, String userId, UserPatch patch) {
        if (storage.users().load(appId, List.of(userId)).containsKey(userId)) {
            return;
        }
        requireClientUserSync(appId);
        writer.write(appId, Map.of(userId, patch), UserWriter.Mode.CREATE_ONLY);
    }

    void setFromClient(String appId, String userId, UserPatch patch) {
        requireClientUserSync(appId);
        writer.write(appId, Map.of(userId, patch), UserWriter.Mode.UPSERT);
    }


    private void requireClientUserSync(String appId) {
        if (!app(appId).settings().clientUserSync()) {
            throw RosterException.of(ErrorCode.FORBIDDEN, "Client-side user synchronisation is disabled for app "
                    + appId + ": create and update users through the REST API instead.");
        }
    }

    /**
     * Tells {@code listener} every change-log entry this process reads from now on (its own writes
     * and other processes'), in log order, on the change follower's thread: it must return quickly
     * and not throw. Run the returned action to stop.
     */
    public Runnable onChange(Consumer<Change> listener) {
        Objects.requireNonNull(listener, "listener");
        changeListeners.add(listener);
        return () -> changeListeners.remove(listener);
    }

    private void onChanges(List<Change> changes) {
        for (Change change : changes) {
            changeListeners.forEach(listener -> listener.accept(change));
            if (change.kind() == ChangeKind.USER
                    && reader.wants(change.appId(), change.entityId(), change.version())) {
                reader.refresh(change.appId(), change.entityId());
            }
        }
    }

    private static void checkUserId(String userId) {
        Violations.Builder problems = new Violations.Builder();
        User.idProblems(userId).forEach(p -> problems.add("id", p));
        problems.build().throwIfAny("The user id");
    }

    private static void checkLimit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw RosterException.invalid("limit must be between 1 and " + MAX_LIMIT + "; got " + limit + ".",
                    Violations.of("limit", "Must be between 1 and " + MAX_LIMIT + "; got " + limit + "."));
        }
    }

    private static ExecutorService newExecutor(int threads) {
        AtomicInteger count = new AtomicInteger();
        return Executors.newFixedThreadPool(threads, task -> {
            Thread thread = new Thread(task, "roster-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Configures a {@link Roster}. Every option has a default; {@link #build()} checks them all.
     */
    public static final class Builder {
        private Storage storage;
        private String storageUrl = "memory:";
        private Clock clock = Clock.systemUTC();
        private Executor executor;
        private int threads = 16;
        private long cacheSize = 100_000;
        private Duration cacheTtl = Duration.ofMinutes(10);
        private Duration appTtl = Duration.ofSeconds(5);
        private boolean batchFetches = true;
        private int concurrentLoads = 2;
        private Duration pollInterval = Duration.ofMillis(250);
        private Duration presenceWindow = Duration.ofSeconds(15);

        private Builder() {
        }

        /** The store to use; the caller keeps it and closes it. Overrides {@link #storageUrl}. */
        public Builder storage(Storage storage) {
            this.storage = Objects.requireNonNull(storage, "storage");
            return this;
        }

        /**
         * The store to open by URL through {@link StorageProvider}s on the class path
         * ({@code memory:}, {@code jdbc:h2:…}, {@code jdbc:postgresql:…}, {@code mongodb://…});
         * Roster closes it. Default {@code memory:}.
         */
        public Builder storageUrl(String url) {
            this.storageUrl = Objects.requireNonNull(url, "url");
            return this;
        }

        /** Where {@code createdAt} and other times come from. Default: the system UTC clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Runs asynchronous Data-API calls and callbacks; storage calls block on it, so size it for
         * that. Default: a pool of {@link #threads} daemon threads owned by Roster.
         */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /** The size of the default executor. Default 16. */
        public Builder threads(int threads) {
            this.threads = threads;
            return this;
        }

        /** The most user snapshots cached for {@link UserRef#get()}; 0 turns the cache off. Default 100,000. */
        public Builder cacheSize(long cacheSize) {
            this.cacheSize = cacheSize;
            return this;
        }

        /** How long an unread snapshot stays cached. Default 10 minutes. */
        public Builder cacheTtl(Duration ttl) {
            this.cacheTtl = Objects.requireNonNull(ttl, "ttl");
            return this;
        }

        /** How long app settings are cached; other processes see a change within it. Default 5 s. */
        public Builder appTtl(Duration ttl) {
            this.appTtl = Objects.requireNonNull(ttl, "ttl");
            return this;
        }

        /**
         * Whether concurrent {@link UserRef#get()} calls are combined into one store read. Default
         * true. Off, every uncached {@code get()} reads the store at once on the caller's thread.
         */
        public Builder batchFetches(boolean enabled) {
            this.batchFetches = enabled;
            return this;
        }

        /**
         * The most store reads of one app's users in flight at once; {@code get()} calls arriving
         * while all of them are busy wait together for the next. A caller blocking on a
         * {@code get()} reads on its own thread when a read is free. Default 2.
         */
        public Builder concurrentLoads(int loads) {
            this.concurrentLoads = loads;
            return this;
        }

        /**
         * How often the change log is read for writes of other processes; writes of this process
         * are seen at once. Default 250 ms.
         */
        public Builder pollInterval(Duration interval) {
            this.pollInterval = Objects.requireNonNull(interval, "interval");
            return this;
        }

        /**
         * How long a browser session counts as online after its last sign of life. Default 15 s.
         */
        public Builder presenceWindow(Duration window) {
            this.presenceWindow = Objects.requireNonNull(window, "window");
            return this;
        }

        /**
         * A new Roster.
         *
         * @throws IllegalArgumentException if an option is out of range
         * @throws RosterException          if the store URL cannot be opened
         */
        public Roster build() {
            require(threads > 0, "threads must be positive");
            require(concurrentLoads > 0, "concurrentLoads must be positive");
            require(cacheSize >= 0, "cacheSize must not be negative");
            require(!cacheTtl.isNegative() && !cacheTtl.isZero(), "cacheTtl must be positive");
            require(!appTtl.isNegative(), "appTtl must not be negative");
            require(!pollInterval.isNegative() && !pollInterval.isZero(), "pollInterval must be positive");
            require(!presenceWindow.isNegative() && !presenceWindow.isZero(), "presenceWindow must be positive");
            return new Roster(this);
        }

        private static void require(boolean condition, String message) {
            if (!condition) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
