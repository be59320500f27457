package dev.roster.core.internal.memory;

import dev.roster.core.domain.App;
import dev.roster.core.domain.Ids;
import dev.roster.core.domain.PresenceSession;
import dev.roster.core.domain.User;
import dev.roster.core.domain.UserFilter;
import dev.roster.core.domain.UserLifecycle;
import dev.roster.core.domain.UserQuery;
import dev.roster.core.spi.AppStore;
import dev.roster.core.spi.Capability;
import dev.roster.core.spi.Change;
import dev.roster.core.spi.ChangeKind;
import dev.roster.core.spi.ChangeLog;
import dev.roster.core.spi.FeedEntry;
import dev.roster.core.spi.ConversationStore;
import dev.roster.core.spi.PresenceStore;
import dev.roster.core.spi.Storage;
import dev.roster.core.spi.UserPage;
import dev.roster.core.spi.UserStore;
import dev.roster.core.spi.UserWrite;
import dev.roster.core.spi.Versioned;
import dev.roster.core.spi.WebhookStore;

import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A thread-safe store that keeps everything in this JVM's memory: the reference implementation
 * of the SPI, used by demos and tests, and the store behind {@code memory:} URLs. One lock guards
 * all data, so every multi-entity write is isolated. Nothing is shared with other processes.
 */
public final class MemoryStorage implements Storage {

    private final Object lock = new Object();
    private final Map<String, App> apps = new TreeMap<>();
    private final Map<String, Long> tokensRevokedBefore = new HashMap<>();
    private final Map<String, NavigableMap<String, Versioned<User>>> usersByApp = new HashMap<>();
    private final Map<String, Map<String, Long>> lastActiveByApp = new HashMap<>();
    private final NavigableMap<Long, Change> log = new TreeMap<>();
    private long head;
    private final Map<String, Map<String, PresenceSession>> sessionsByApp = new HashMap<>();

    private final AppStore appStore = new Apps();
    private final UserStore userStore = new Users();
    private final ChangeLog changeLog = new Log();
    private final ConversationStore conversationStore = new MemoryConversations(lock, this::append);
    private final PresenceStore presenceStore = new Presence();
    private final WebhookStore webhookStore = new MemoryWebhooks();

    @Override
    public AppStore apps() {
        return appStore;
    }

    @Override
    public UserStore users() {
        return userStore;
    }

    @Override
    public ConversationStore conversations() {
        return conversationStore;
    }

    @Override
    public PresenceStore presence() {
        return presenceStore;
    }

    @Override
    public ChangeLog changes() {
        return changeLog;
    }

    @Override
    public WebhookStore webhooks() {
        return webhookStore;
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.ISOLATED_MULTI_WRITES);
    }

    @Override
    public void close() {
        // Nothing to release: the data lives as long as this object.
    }

    private NavigableMap<String, Versioned<User>> usersOf(String appId) {
        return usersByApp.computeIfAbsent(appId, a -> new TreeMap<>(Ids.ORDER));
    }

    private void append(String appId, ChangeKind kind, String entityId, long version, FeedEntry feed) {
        head++;
        log.put(head, new Change(head, appId, kind, entityId, version, feed));
    }

    private final class Apps implements AppStore {
        @Override
        public Optional<App> find(String appId) {
            synchronized (lock) {
                return Optional.ofNullable(apps.get(appId));
            }
        }

        @Override
        public void save(App app) {
            synchronized (lock) {
                apps.put(app.id(), app);
            }
        }

        @Override
        public void revokeTokens(String appId, long before) {
            synchronized (lock) {
                if (apps.containsKey(appId)) {
                    tokensRevokedBefore.merge(appId, before, Math::max);
                }
            }
        }

        @Override
        public Optional<Long> tokensRevokedBefore(String appId) {
            synchronized (lock) {
                return Optional.ofNullable(tokensRevokedBefore.get(appId));
            }
        }

        @Override
        public List<App> all() {
            synchronized (lock) {
                return List.copyOf(apps.values());
            }
        }
    }

    private final class Users implements UserStore {
        @Override
        public Map<String, Versioned<User>> load(String appId, Collection<String> userIds) {
            synchronized (lock) {
                NavigableMap<String, Versioned<User>> users = usersOf(appId);
                Map<String, Versioned<User>> found = new HashMap<>();
                for (String id : userIds) {
                    Versioned<User> user = users.get(id);
                    if (user != null) {
                        found.put(id, user);
                    }
                }
                return found;
            }
        }

        @Override
        public boolean write(String appId, List<UserWrite> writes) {
            synchronized (lock) {
                NavigableMap<String, Versioned<User>> users = usersOf(appId);
                for (UserWrite write : writes) {
                    Versioned<User> current = users.get(write.user().id());
                    long stored = current == null ? 0 : current.version();
                    if (stored != write.expectedVersion()) {
                        return false;
                    }
                }
                for (UserWrite write : writes) {
                    users.put(write.user().id(), new Versioned<>(write.user(), write.newVersion()));
                    append(appId, ChangeKind.USER, write.user().id(), write.newVersion(), write.feed());
                }
                return true;
            }
        }

        @Override
        public List<User> list(String appId, String startingAfter, int limit) {
            synchronized (lock) {
                NavigableMap<String, Versioned<User>> users = usersOf(appId);
                Collection<Versioned<User>> page = startingAfter == null
                        ? users.values() : users.tailMap(startingAfter, false).values();
                return page.stream().limit(limit).map(Versioned::value).toList();
            }
        }

        @Override
        public long count(String appId) {
            synchronized (lock) {
                return usersOf(appId).size();
            }
        }

        /** Walks every user of the app. */
        @Override
        public UserPage query(String appId, UserQuery query) {
            synchronized (lock) {
                NavigableMap<String, Versioned<User>> users = usersOf(appId);
                Versioned<User> cursor = query.needsCursorUser() ? users.get(query.startingAfter()) : null;
                if (query.needsCursorUser() && cursor == null) {
                    return UserPage.unknownCursor();
                }
                User after = cursor == null ? null : cursor.value();
                UserFilter filter = query.effectiveFilter();
                Function<User, UserLifecycle> lifecycle = u -> lifecycleOf(appId, u);
                return UserPage.of(users.values().stream().map(Versioned::value)
                        .filter(u -> query.isAfterCursor(u, after, lifecycle)
                                && filter.matches(u, lifecycle.apply(u), false))
                        .sorted(query.comparator(lifecycle)).limit(query.limit()).toList());
            }
        }

        @Override
        public boolean recordActivity(String appId, String userId, long at, long staleBefore) {
            synchronized (lock) {
                if (!usersOf(appId).containsKey(userId)) {
                    return false;
                }
                Map<String, Long> lastActive = lastActiveByApp.computeIfAbsent(appId, a -> new HashMap<>());
                Long stored = lastActive.get(userId);
                if (stored != null && stored >= staleBefore) {
                    return false;
                }
                lastActive.put(userId, at);
                return true;
            }
        }

        @Override
        public Map<String, UserLifecycle> lifecycles(String appId, Collection<String> userIds) {
            synchronized (lock) {
                NavigableMap<String, Versioned<User>> users = usersOf(appId);
                Map<String, UserLifecycle> found = new HashMap<>();
                for (String id : userIds) {
                    Versioned<User> user = users.get(id);
                    if (user != null) {
                        found.put(id, lifecycleOf(appId, user.value()));
                    }
                }
                return found;
            }
        }

        private UserLifecycle lifecycleOf(String appId, User user) {
            return new UserLifecycle(lastActiveByApp.getOrDefault(appId, Map.of()).get(user.id()), user.deactivated());
        }
    }

    private final class Presence implements PresenceStore {
        @Override
        public void heartbeat(String appId, PresenceSession session) {
            synchronized (lock) {
                sessionsByApp.computeIfAbsent(appId, a -> new HashMap<>()).merge(session.sessionId(), session,
                        (old, renewed) -> new PresenceSession(old.sessionId(), renewed.userId(), old.startedAt(),
                                renewed.expiresAt()));
            }
        }

        @Override
        public void end(String appId, String sessionId) {
            synchronized (lock) {
                sessionsByApp.getOrDefault(appId, Map.of()).remove(sessionId);
            }
        }

        @Override
        public List<PresenceSession> sessions(String appId, Collection<String> userIds, long now) {
            Set<String> wanted = Set.copyOf(userIds);
            synchronized (lock) {
                return alive(appId, now).filter(s -> wanted.contains(s.userId()))
                        .sorted(Comparator.comparing(PresenceSession::userId, Ids.ORDER)
                                .thenComparing(PresenceSession::sessionId, Ids.ORDER))
                        .toList();
            }
        }

        @Override
        public List<String> onlineUserIds(String appId, long now, String startingAfter, int limit) {
            synchronized (lock) {
                return alive(appId, now).map(PresenceSession::userId)
                        .filter(id -> startingAfter == null || Ids.ORDER.compare(id, startingAfter) > 0)
                        .distinct().sorted(Ids.ORDER).limit(limit).toList();
            }
        }

        @Override
        public int purgeExpired(long now) {
            synchronized (lock) {
                int purged = 0;
                for (Map<String, PresenceSession> sessions : sessionsByApp.values()) {
                    int before = sessions.size();
                    sessions.values().removeIf(s -> s.expiresAt() <= now);
                    purged += before - sessions.size();
                }
                return purged;
            }
        }

        private Stream<PresenceSession> alive(String appId, long now) {
            return sessionsByApp.getOrDefault(appId, Map.of()).values().stream().filter(s -> s.expiresAt() > now);
        }
    }

    private final class Log implements ChangeLog {
        @Override
        public List<Change> readAfter(long position, int max) {
            synchronized (lock) {
                return log.tailMap(position, false).values().stream().limit(Math.max(max, 0)).toList();
            }
        }

        @Override
        public long head() {
            synchronized (lock) {
                return head;
            }
        }

        @Override
        public long oldest() {
            synchronized (lock) {
                return log.isEmpty() ? 0 : log.firstKey();
            }
        }

        @Override
        public void removeThrough(long position) {
            synchronized (lock) {
                log.headMap(Math.min(position, head - 1), true).clear();
            }
        }
    }
}
