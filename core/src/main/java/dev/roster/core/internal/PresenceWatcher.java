package dev.roster.core.internal;

import dev.roster.core.domain.PresenceSession;
import dev.roster.core.spi.PresenceStore;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Tells listeners when a watched user goes online or offline. {@link #refresh()} reads the
 * presence of every watched user (one store read per app) and reports what changed; the change
 * follower calls it on every poll, so expiries and other processes' sessions are seen too.
 */
public final class PresenceWatcher {

    private final PresenceStore store;
    private final Clock clock;
    private final Executor executor;
    private final Map<UserReader.Key, Set<Consumer<Boolean>>> listeners = new ConcurrentHashMap<>();
    private final Map<UserReader.Key, Boolean> lastKnown = new HashMap<>();

    /** Reads presence from {@code store} as of {@code clock}; first reads for new watchers run on {@code executor}. */
    public PresenceWatcher(PresenceStore store, Clock clock, Executor executor) {
        this.store = store;
        this.clock = clock;
        this.executor = executor;
    }

    /** Starts telling {@code listener} the user's online state: now (soon, asynchronously), then on every change. */
    public void watch(String appId, String userId, Consumer<Boolean> listener) {
        UserReader.Key key = new UserReader.Key(appId, userId);
        listeners.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(listener);
        executor.execute(() -> {
            synchronized (lastKnown) {
                boolean online = !store.sessions(appId, List.of(userId), clock.millis()).isEmpty();
                lastKnown.put(key, online);
                listener.accept(online);
            }
        });
    }

    /** Stops telling {@code listener}. */
    public void unwatch(String appId, String userId, Consumer<Boolean> listener) {
        UserReader.Key key = new UserReader.Key(appId, userId);
        listeners.computeIfPresent(key, (k, set) -> {
            set.remove(listener);
            return set.isEmpty() ? null : set;
        });
        synchronized (lastKnown) {
            if (!listeners.containsKey(key)) {
                lastKnown.remove(key);
            }
        }
    }

    /** Reads the presence of every watched user and tells the listeners of those whose state changed. */
    public void refresh() {
        if (listeners.isEmpty()) {
            return;
        }
        long now = clock.millis();
        Map<String, List<String>> byApp = listeners.keySet().stream().collect(Collectors.groupingBy(
                UserReader.Key::appId, Collectors.mapping(UserReader.Key::userId, Collectors.toList())));
        synchronized (lastKnown) {
            byApp.forEach((appId, userIds) -> {
                Set<String> online = store.sessions(appId, userIds, now).stream()
                        .map(PresenceSession::userId).collect(Collectors.toSet());
                for (String userId : new ArrayList<>(userIds)) {
                    UserReader.Key key = new UserReader.Key(appId, userId);
                    boolean isOnline = online.contains(userId);
                    Boolean before = lastKnown.put(key, isOnline);
                    if (before == null || before != isOnline) {
                        listeners.getOrDefault(key, Set.of()).forEach(listener -> listener.accept(isOnline));
                    }
                }
            });
        }
    }
}
