package dev.roster.core.api;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import dev.roster.core.domain.App;
import dev.roster.core.domain.ClientAccess;
import dev.roster.core.domain.Credential;
import dev.roster.core.domain.ErrorCode;
import dev.roster.core.domain.QueryParameters;
import dev.roster.core.domain.RosterException;
import dev.roster.core.domain.User;
import dev.roster.core.domain.UserLifecycle;
import dev.roster.core.domain.UserOnlineSnapshot;
import dev.roster.core.domain.UserPatch;
import dev.roster.core.domain.UserQuery;
import dev.roster.core.domain.UserSnapshot;
import dev.roster.core.domain.Violations;
import dev.roster.core.domain.WebhookRetry;
import dev.roster.core.internal.ActivityRecorder;
import dev.roster.core.internal.CachedUser;
import dev.roster.core.internal.ChangeFollower;
import dev.roster.core.internal.ConversationService;
import dev.roster.core.internal.FeedReader;
import dev.roster.core.internal.PresenceService;
import dev.roster.core.internal.PresenceWatcher;
import dev.roster.core.internal.RosterOptions;
import dev.roster.core.internal.UserExporter;
import dev.roster.core.internal.UserReader;
import dev.roster.core.internal.UserWriter;
import dev.roster.core.internal.WebhookDispatcher;
import dev.roster.core.spi.Change;
import dev.roster.core.spi.ChangeKind;
import dev.roster.core.spi.Storage;
import dev.roster.core.spi.StorageProvider;
import dev.roster.core.spi.UserPage;
import dev.roster.core.spi.Versioned;
import dev.roster.core.spi.WebhookStore;
import dev.roster.core.spi.WebhookTransport;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;

/**
 * The entry point: a user directory over one {@link Storage}. Offers the trusted server
 * operations (which see private fields and ignore client sync settings), the conversations
 * ({@link #conversations()}), presence ({@link #presence()}) and, through
 * {@link #session(String, String)}, the Data API for a signed-in user. Build one per process with
 * {@link #builder()}; thread-safe; close it to stop its threads.
 */
public final class Roster implements UserDirectory, AutoCloseable {

    /** The most users one batch update may hold. */
    public static final int MAX_BATCH = 100;

    /** The most items one list call returns. */
    public static final int MAX_LIMIT = UserQuery.MAX_LIMIT;

    /** How long an app's token revocation is cached at most, so that every process sees one within it. */
    private static final Duration REVOCATION_TTL = Duration.ofSeconds(1);
    /** The most items {@link #exportUser} reads per store call. */
    public static final int EXPORT_PAGE = 100;
    /** How often the change log is pruned to the feed's retention. */
    private static final Duration PRUNE_INTERVAL = Duration.ofMinutes(1);
    /** The most finished webhook deliveries removed per prune. */
    private static final int PRUNED_DELIVERIES = 10_000;

    private final Storage storage;
    private final Clock clock;
    private final boolean ownsStorage;
    private final Executor executor;
    private final ExecutorService ownedExecutor;
    private final Cache<String, App> apps;
    private final Cache<String, Optional<Long>> revocations;
    private final UserReader reader;
    private final UserWriter writer;
    private final ChangeFollower follower;
    private final Conversations conversations;
    private final Presence presence;
    private final PresenceWatcher presenceWatcher;
    private final ActivityRecorder activity;
    private final UserExporter exporter;
    private final List<Consumer<ChangeEvent>> changeListeners = new CopyOnWriteArrayList<>();
    private final ChangeFeed changes;
    private final WebhookStore webhookStore;
    private final WebhookDispatcher dispatcher;
    private final Webhooks webhooks;
    private final Duration changeRetention;
    private long prunedAt;

    private Roster(RosterOptions options) {
        this.ownsStorage = options.ownsStorage();
        this.storage = options.openStorage();
        this.clock = options.clock();
        this.ownedExecutor = options.executor() == null ? options.newExecutor() : null;
        this.executor = options.executor() == null ? ownedExecutor : options.executor();
        this.apps = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(options.appTtl()).build();
        Duration revocationTtl = options.appTtl().compareTo(REVOCATION_TTL) < 0 ? options.appTtl() : REVOCATION_TTL;
        this.revocations = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(revocationTtl).build();
        this.reader = new UserReader(storage.users(), executor, options.cacheSize(), options.cacheTtl(),
                options.batchFetches(), MAX_BATCH, options.concurrentLoads());
        this.presenceWatcher = new PresenceWatcher(storage.presence(), clock, executor);
        FeedReader feedReader = new FeedReader(storage.changes(), clock, options.changeRetention());
        this.changes = new ChangeFeed(feedReader, this::app, executor);
        this.changeRetention = options.changeRetention();
        this.webhookStore = storage.webhooks();
        this.dispatcher = options.webhookTransport() == null ? null
                : new WebhookDispatcher(webhookStore, feedReader, options.webhookTransport(), clock,
                options.webhookRetry(), options.webhookTimeout(), options.pollInterval());
        this.webhooks = new Webhooks(webhookStore, options.webhookTransport(), storage.changes(), this::app, clock,
                this::wakeDispatcher);
        this.follower = new ChangeFollower(storage.changes(), options.pollInterval(), this::onChanges, this::afterPoll);
        this.writer = new UserWriter(storage.users(), clock, reader, follower::wake);
        ConversationService conversationService = new ConversationService(storage.conversations(), storage.users(),
                clock, this::app, follower::wake);
        this.conversations = new Conversations(conversationService);
        this.activity = new ActivityRecorder(storage.users(), clock);
        PresenceService presenceService = new PresenceService(storage.presence(), storage.users(), clock,
                options.presenceWindow(), activity, follower::wake);
        this.presence = new Presence(presenceService, this::app);
        this.exporter = new UserExporter(storage.users(), storage.conversations(), conversationService,
                presenceService, EXPORT_PAGE);
    }

    /** {@return a builder with the defaults described on each option; a store is required} */
    public static Builder builder() {
        return new Builder();
    }


    /**
     * Creates the app, or replaces the settings and key of the app with this id.
     *
     * @param app the app
     * @return the app as stored
     */
    public App saveApp(App app) {
        storage.apps().save(app);
        apps.invalidate(app.id());
        return app;
    }

    /**
     * The app with this id, if any; cached for the {@link Builder#appTtl app TTL}.
     *
     * @param appId the app id
     * @return the app, or empty
     */
    public Optional<App> findApp(String appId) {
        return Optional.ofNullable(apps.get(appId, id -> storage.apps().find(id).orElse(null)));
    }

    /**
     * The app with this id.
     *
     * @param appId the app id
     * @return the app
     * @throws RosterException {@link ErrorCode#NOT_FOUND} if there is none
     */
    public App app(String appId) {
        return findApp(appId).orElseThrow(() -> RosterException.notFound("There is no app with id " + appId + "."));
    }

    /** {@return every app, by id; read from the store, not cached} */
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
        User.requireId(userId, "id");
        return writer.write(appId, Map.of(userId, patch), UserWriter.Mode.UPSERT).get(userId);
    }

    /**
     * Erases the user's personal data ({@link UserPatch#erase}): the user stays, under
     * {@code name}, with no email, phone, push token, custom data, photo, welcome message or
     * availability text. The change feed records it as {@code user.erased}. One read and one
     * atomic write.
     *
     * @param appId  the app
     * @param userId the user
     * @param name   the name the erased user gets
     * @return the user after the erase
     * @throws RosterException {@code NOT_FOUND} for an unknown app or user, {@code INVALID_ARGUMENT}
     *                         for an empty name
     */
    public User eraseUser(String appId, String userId, String name) {
        app(appId);
        User erased = writer.write(appId, Map.of(userId, UserPatch.erase(name)), UserWriter.Mode.ERASE).get(userId);
        if (erased == null) {
            throw RosterException.notFound("There is no user with id " + userId + ".");
        }
        return erased;
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
        UserPatch.requireBatch(patches, MAX_BATCH);
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
        QueryParameters.requireLimit(limit, MAX_LIMIT);
        return storage.users().list(appId, startingAfter, limit);
    }

    /**
     * The page of users {@code query} asks for (SPEC §9): filtered, sorted, after the cursor. An
     * {@code isOnline} test reads who is online now (O(online users)) and becomes a test of the
     * id; the rest is one store query, O(page + rows the filter skips).
     *
     * @param appId the app
     * @param query the page asked for
     * @return the users, in the query's order
     * @throws RosterException {@code NOT_FOUND} for an unknown app; {@code INVALID_ARGUMENT} naming
     *                         {@code startingAfter} when the order needs a user there and there is none
     */
    public List<User> listUsers(String appId, UserQuery query) {
        app(appId);
        UserQuery resolved = query.filter().namesOnline()
                ? query.withFilter(query.filter().resolveOnline(presence.onlineIds(appId))) : query;
        UserPage page = storage.users().query(appId, resolved);
        if (!page.cursorFound()) {
            throw RosterException.invalid("startingAfter names no user of app " + appId + ".",
                    Violations.of("startingAfter", "There is no user \"" + query.startingAfter()
                            + "\" to start after in " + query.order().wire() + " order."));
        }
        return page.users();
    }

    /**
     * Deactivates the user (SPEC §10): their browser credentials are refused and their streams
     * end, they cannot be added to a conversation; their data and history stay, and trusted reads
     * and updates work as before. A user write like any update (new version, change-log entry), so
     * every process sees it within its poll interval. Idempotent: a deactivated user keeps the
     * first {@link User#deactivatedAt()}.
     *
     * @throws RosterException {@code NOT_FOUND} for an unknown app or user
     */
    @Override
    public User deactivateUser(String appId, String userId) {
        app(appId);
        return writer.update(appId, userId, user -> user.deactivate(clock.millis()));
    }

    /**
     * Makes a deactivated user active again; idempotent. Tokens revoked meanwhile stay revoked.
     *
     * @throws RosterException {@code NOT_FOUND} for an unknown app or user
     */
    @Override
    public User reactivateUser(String appId, String userId) {
        app(appId);
        return writer.update(appId, userId, User::reactivate);
    }

    /**
     * Refuses the user's tokens issued before {@code before} (null: now), and those without an
     * {@code iat}, from now on (SPEC §10); a user write like any update, seen by every process
     * within its poll interval. A revocation is never undone: an earlier time than the stored one
     * changes nothing.
     *
     * @throws RosterException {@code NOT_FOUND} for an unknown app or user, {@code INVALID_ARGUMENT}
     *                         naming {@code before} when it is in the future
     */
    @Override
    public User revokeUserTokens(String appId, String userId, Long before) {
        app(appId);
        long time = revocationTime(before);
        return writer.update(appId, userId, user -> user.revokeTokens(time));
    }

    /**
     * Refuses the tokens of every user of the app issued before {@code before} (null: now), and
     * those without an {@code iat}, from now on (SPEC §10). One write of the app's record; every
     * process sees it within a second. Never undone, like {@link #revokeUserTokens}.
     *
     * @param appId  the app
     * @param before the time before which tokens are refused, Unix milliseconds, or null for now
     * @throws RosterException {@code NOT_FOUND} for an unknown app, {@code INVALID_ARGUMENT} naming
     *                         {@code before} when it is in the future
     */
    public void revokeTokens(String appId, Long before) {
        app(appId);
        storage.apps().revokeTokens(appId, revocationTime(before));
        revocations.invalidate(appId);
    }

    private long revocationTime(Long before) {
        long now = clock.millis();
        if (before == null) {
            return now;
        }
        if (before > now) {
            throw RosterException.invalid("before is in the future.",
                    Violations.of("before", "Must not be in the future; got " + before + ", now is " + now + "."));
        }
        return before;
    }

    /**
     * Checks that a browser may act as {@code userId} with {@code credential}, whose signature the
     * caller verified (SPEC §10): the app accepts it, the user is not deactivated and the token
     * is not revoked. Reads the cached user and the app's revocation (cached for at most a second):
     * usually no store call. A user who does not exist yet is neither deactivated nor revoked.
     *
     * @param appId      the app
     * @param userId     the user signing in
     * @param credential what the browser signed in with
     * @throws RosterException {@code NOT_FOUND} for an unknown app; {@code UNAUTHENTICATED},
     *                         {@code USER_DEACTIVATED} or {@code TOKEN_REVOKED} as {@link Credential#check} says
     */
    public void checkSignIn(String appId, String userId, Credential credential) {
        App app = app(appId);
        CachedUser user = reader.get(appId, userId).join();
        Long appRevocation = revocations.get(appId, id -> storage.apps().tokensRevokedBefore(id)).orElse(null);
        credential.check(app.settings(), user.deactivated(),
                Credential.laterRevocation(appRevocation, user.tokensRevokedBefore()));
    }

    /**
     * The lifecycle state of these users (SPEC §10): when a browser session of theirs was last
     * active, and whether they are deactivated. Trusted: never part of a {@link UserSnapshot}.
     * One store read, never cached, so it shows every process's latest write.
     *
     * @param appId   the app
     * @param userIds the users
     * @return each existing user's lifecycle, keyed by id; unknown users are missing
     * @throws RosterException {@code NOT_FOUND} for an unknown app
     */
    public Map<String, UserLifecycle> lifecycles(String appId, Collection<String> userIds) {
        app(appId);
        return storage.users().lifecycles(appId, userIds);
    }

    /**
     * Records that a verified browser session of this user made a request now, for
     * {@code lastActiveAt}. Written at most once a minute per user: no store call when this
     * process wrote or tried within the minute, else one conditional write that skips a time
     * another process stored within the minute. Not a user write: no version, no change event,
     * no cache refresh. {@link Presence#touch} records activity too. An unknown user is ignored.
     *
     * @param appId  the app
     * @param userId the signed-in user
     */
    public void recordActivity(String appId, String userId) {
        activity.record(appId, userId);
    }

    /**
     * Hands everything stored about the user to {@code visitor} (SPEC §10, the right of access):
     * the user with private fields and lifecycle, their conversations with their participation,
     * the messages they sent and their live presence sessions, in that order. Reads the store a
     * page of at most {@value #EXPORT_PAGE} items at a time and passes each item on at once, so
     * memory stays constant for a user of any size; store calls are O(items / page).
     *
     * @param appId   the app
     * @param userId  the user
     * @param visitor receives the parts in order
     * @throws RosterException {@code NOT_FOUND} for an unknown app or user (before the visitor is called)
     */
    public void exportUser(String appId, String userId, UserExportVisitor visitor) {
        app(appId);
        Objects.requireNonNull(visitor, "visitor");
        exporter.export(appId, userId, visitor);
    }

    /** {@return the trusted operations on conversations, participants and messages, and the conversation listing} */
    public Conversations conversations() {
        return conversations;
    }

    /** {@return who is online: browser sessions, online users, the users online or offline now} */
    public Presence presence() {
        return presence;
    }

    /**
     * The Data API for a user whose identity the caller has verified (for example with a signed
     * token). The user need not exist yet.
     *
     * @param appId  the app
     * @param userId the signed-in user
     * @return the session
     * @throws RosterException {@code NOT_FOUND} for an unknown app, {@code INVALID_ARGUMENT} for a bad id
     */
    public Session session(String appId, String userId) {
        app(appId);
        User.requireId(userId, "id");
        return new Session(this, appId, userId);
    }

    /**
     * Tells {@code listener} every change-log entry this process reads from now on (its own writes
     * and other processes'), in log order, on the change follower's thread: it must return quickly
     * and not throw. Close the registration to stop.
     *
     * @param listener receives each entry
     * @return the registration; closing it stops the calls
     */
    public Registration onChange(Consumer<ChangeEvent> listener) {
        Objects.requireNonNull(listener, "listener");
        changeListeners.add(listener);
        return () -> changeListeners.remove(listener);
    }

    /**
     * The public change feed of every app: read it by pages or follow it from a cursor.
     *
     * @return the change feed
     */
    public ChangeFeed changes() {
        return changes;
    }

    /**
     * The apps' webhooks: register them and read their delivery logs. Events are sent only by a
     * Roster built with a {@link Builder#webhookTransport transport}.
     *
     * @return the webhooks
     */
    public Webhooks webhooks() {
        return webhooks;
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
        if (dispatcher != null) {
            dispatcher.close();
        }
        follower.close();
        changes.close();
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
        ClientAccess.requireUserSync(app(appId));
        writer.write(appId, Map.of(userId, patch), UserWriter.Mode.CREATE_ONLY);
    }

    void setFromClient(String appId, String userId, UserPatch patch) {
        ClientAccess.requireUserSync(app(appId));
        writer.write(appId, Map.of(userId, patch), UserWriter.Mode.UPSERT);
    }

    private void onChanges(List<Change> entries) {
        if (!entries.isEmpty()) {
            wakeDispatcher();
        }
        for (Change change : entries) {
            changes.changed(change.appId());
            ChangeEvent event = new ChangeEvent(change.appId(), switch (change.kind()) {
                case USER -> ChangeEvent.Kind.USER;
                case CONVERSATION -> ChangeEvent.Kind.CONVERSATION;
            }, change.entityId(), change.version());
            changeListeners.forEach(listener -> listener.accept(event));
            if (change.kind() == ChangeKind.USER
                    && reader.wants(change.appId(), change.entityId(), change.version())) {
                reader.refresh(change.appId(), change.entityId());
            }
        }
    }

    /** Runs on the change follower's thread after each read of the log. */
    private void afterPoll() {
        presenceWatcher.refresh();
        changes.polled();
        long now = clock.millis();
        if (now - prunedAt >= PRUNE_INTERVAL.toMillis()) {
            prunedAt = now;
            changes.prune();
            webhookStore.prune(now - changeRetention.toMillis(), PRUNED_DELIVERIES);
        }
    }

    private void wakeDispatcher() {
        if (dispatcher != null) {
            dispatcher.wake();
        }
    }

    /**
     * Configures a {@link Roster}. A store is required ({@link #storageUrl} or {@link #storage});
     * every other option has a default. The setters only record; {@link #build()} checks every
     * option at once.
     */
    public static final class Builder {
        private Storage storage;
        private String storageUrl;
        private Clock clock = Clock.systemUTC();
        private Executor executor;
        private int threads = 16;
        private long cacheSize = 100_000;
        private Duration cacheTtl = Duration.ofMinutes(10);
        private Duration appTtl = Duration.ofSeconds(5);
        private boolean batchFetches = true;
        private int concurrentLoads = 4;
        private Duration pollInterval = Duration.ofMillis(250);
        private Duration presenceWindow = Duration.ofSeconds(15);
        private Duration changeRetention = Duration.ofDays(7);
        private WebhookTransport webhookTransport;
        private WebhookRetry webhookRetry = WebhookRetry.DEFAULT;
        private Duration webhookTimeout = Duration.ofSeconds(10);

        private Builder() {
        }

        /**
         * The store to use; the caller keeps it and closes it. Overrides {@link #storageUrl}.
         *
         * @param storage an open store
         * @return this builder
         */
        public Builder storage(Storage storage) {
            this.storage = Objects.requireNonNull(storage, "storage");
            return this;
        }

        /**
         * The store to open by URL through {@link StorageProvider}s on the class path
         * ({@code jdbc:h2:…}, {@code jdbc:postgresql:…}, {@code jdbc:mariadb:…},
         * {@code mongodb://…}, or {@code memory:}, which keeps nothing after close); Roster closes
         * it. No default: a forgotten URL must not silently keep everything in memory.
         *
         * @param url the store's URL
         * @return this builder
         */
        public Builder storageUrl(String url) {
            this.storageUrl = Objects.requireNonNull(url, "url");
            return this;
        }

        /**
         * Where {@code createdAt} and other times come from. Default: the system UTC clock.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Runs asynchronous Data-API calls and callbacks; storage calls block on it, so size it for
         * that. Default: a pool of {@link #threads} daemon threads owned by Roster.
         *
         * @param executor the executor; the caller shuts it down
         * @return this builder
         */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /**
         * The size of the default executor. Default 16.
         *
         * @param threads the number of threads, positive
         * @return this builder
         */
        public Builder threads(int threads) {
            this.threads = threads;
            return this;
        }

        /**
         * The most user snapshots cached for {@link UserRef#get()}; 0 turns the cache off. Default 100,000.
         *
         * @param cacheSize the number of snapshots, not negative
         * @return this builder
         */
        public Builder cacheSize(long cacheSize) {
            this.cacheSize = cacheSize;
            return this;
        }

        /**
         * How long an unread snapshot stays cached. Default 10 minutes.
         *
         * @param ttl the time since the last read, positive
         * @return this builder
         */
        public Builder cacheTtl(Duration ttl) {
            this.cacheTtl = Objects.requireNonNull(ttl, "ttl");
            return this;
        }

        /**
         * How long app settings are cached; other processes see a change within it. Default 5 s.
         *
         * @param ttl the time since the app was read, not negative; zero turns the cache off
         * @return this builder
         */
        public Builder appTtl(Duration ttl) {
            this.appTtl = Objects.requireNonNull(ttl, "ttl");
            return this;
        }

        /**
         * Whether concurrent {@link UserRef#get()} calls are combined into one store read. Default
         * true. Off, every uncached {@code get()} reads the store at once on the caller's thread.
         *
         * @param enabled whether to combine reads
         * @return this builder
         */
        public Builder batchFetches(boolean enabled) {
            this.batchFetches = enabled;
            return this;
        }

        /**
         * The most store reads of one app's users in flight at once; {@code get()} calls arriving
         * while all of them are busy wait together for the next. A caller blocking on a
         * {@code get()} reads on its own thread when a read is free, and a {@code get()} of an app
         * with nothing in flight or waiting reads at once on the caller's thread. Default 4.
         *
         * @param loads the number of reads, positive
         * @return this builder
         */
        public Builder concurrentLoads(int loads) {
            this.concurrentLoads = loads;
            return this;
        }

        /**
         * How often the change log is read for writes of other processes; writes of this process
         * are seen at once. Default 250 ms.
         *
         * @param interval the time between reads, positive
         * @return this builder
         */
        public Builder pollInterval(Duration interval) {
            this.pollInterval = Objects.requireNonNull(interval, "interval");
            return this;
        }

        /**
         * How long a browser session counts as online after its last sign of life. Default 15 s.
         *
         * @param window the time, positive
         * @return this builder
         */
        public Builder presenceWindow(Duration window) {
            this.presenceWindow = Objects.requireNonNull(window, "window");
            return this;
        }

        /**
         * How long the change feed keeps events ({@link Roster#changes()}); older entries of the
         * change log are pruned about once a minute, and a cursor before them is expired.
         * Default 7 days.
         *
         * @param retention the time, positive
         * @return this builder
         */
        public Builder changeRetention(Duration retention) {
            this.changeRetention = Objects.requireNonNull(retention, "retention");
            return this;
        }

        /**
         * How webhooks are posted ({@link Roster#webhooks()}); without one, this Roster registers
         * and sends none. {@code JdkWebhookTransport} of {@code roster-adapters-http} is one.
         *
         * @param transport the transport
         * @return this builder
         */
        public Builder webhookTransport(WebhookTransport transport) {
            this.webhookTransport = Objects.requireNonNull(transport, "transport");
            return this;
        }

        /**
         * When failed webhook deliveries are tried again. Default {@link WebhookRetry#DEFAULT}: 1 s
         * doubling to 1 h, for 24 h.
         *
         * @param retry the retry policy
         * @return this builder
         */
        public Builder webhookRetry(WebhookRetry retry) {
            this.webhookRetry = Objects.requireNonNull(retry, "retry");
            return this;
        }

        /**
         * The most time one webhook post may take before it counts as failed. A send is claimed
         * for three times as long: a process that dies mid-send delays that delivery's retry by
         * at most that. Default 10 s.
         *
         * @param timeout the time, positive
         * @return this builder
         */
        public Builder webhookTimeout(Duration timeout) {
            this.webhookTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * A new Roster.
         *
         * @return the Roster; close it when done
         * @throws IllegalArgumentException naming the option, if no store was given or an option is out of range
         * @throws RosterException          if the store URL cannot be opened
         */
        public Roster build() {
            return new Roster(new RosterOptions(storage, storageUrl, clock, executor, threads, cacheSize, cacheTtl,
                    appTtl, batchFetches, concurrentLoads, pollInterval, presenceWindow, changeRetention,
                    webhookTransport, webhookRetry, webhookTimeout));
        }
    }
}
