package dev.roster.core.internal;

import dev.roster.core.domain.Ids;
import dev.roster.core.domain.PresenceSession;
import dev.roster.core.domain.User;
import dev.roster.core.spi.PresenceStore;
import dev.roster.core.spi.UserStore;
import dev.roster.core.spi.Versioned;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Who is online, over the store's browser sessions: a session counts for the presence window
 * after its last sign of life. Every change wakes the change follower, so watchers of a user's
 * online state hear of it at once.
 */
public final class PresenceService {

    /** Online ids read per presence-index query by {@link #onlineIds}. */
    private static final int ONLINE_PAGE = 1000;

    private final PresenceStore store;
    private final UserStore users;
    private final Clock clock;
    private final Duration window;
    private final ActivityRecorder activity;
    private final Runnable afterChange;

    /**
     * @param activity    records the user's last activity at every heartbeat (throttled)
     * @param afterChange runs after every heartbeat and end (wakes the change follower)
     */
    public PresenceService(PresenceStore store, UserStore users, Clock clock, Duration window,
                           ActivityRecorder activity, Runnable afterChange) {
        this.store = store;
        this.users = users;
        this.clock = clock;
        this.window = window;
        this.activity = activity;
        this.afterChange = afterChange;
    }

    /** Records that the session is alive now, for the presence window, and that its user was active. */
    public void touch(String appId, String userId, String sessionId) {
        long now = clock.millis();
        store.heartbeat(appId, new PresenceSession(sessionId, userId, now, now + window.toMillis()));
        afterChange.run();
        activity.record(appId, userId);
    }

    /** Ends the session at once. */
    public void end(String appId, String sessionId) {
        store.end(appId, sessionId);
        afterChange.run();
    }

    /** The user's sessions alive now. */
    public List<PresenceSession> sessions(String appId, String userId) {
        return store.sessions(appId, List.of(userId), clock.millis());
    }

    /** Which of these users are online now, in id order; one store read. */
    public Set<String> online(String appId, Collection<String> userIds) {
        return store.sessions(appId, userIds, clock.millis()).stream()
                .map(PresenceSession::userId).collect(Collectors.toCollection(TreeSet::new));
    }

    /** Every user of the app online now: O(online users), read in pages from the presence index. */
    public Set<String> onlineIds(String appId) {
        long now = clock.millis();
        Set<String> ids = new TreeSet<>(Ids.ORDER);
        String after = null;
        List<String> page;
        do {
            page = store.onlineUserIds(appId, now, after, ONLINE_PAGE);
            ids.addAll(page);
            after = page.isEmpty() ? after : page.get(page.size() - 1);
        } while (page.size() == ONLINE_PAGE);
        return ids;
    }

    /**
     * Users online ({@code online}) or offline now, in id order after {@code startingAfter}:
     * online ones from the presence index (O(limit)), offline ones by walking users in id order and
     * skipping the online ones.
     */
    public List<User> users(String appId, String startingAfter, int limit, boolean online) {
        long now = clock.millis();
        if (online) {
            List<String> ids = store.onlineUserIds(appId, now, startingAfter, limit);
            Map<String, Versioned<User>> found = users.load(appId, ids);
            return ids.stream().filter(found::containsKey).map(id -> found.get(id).value()).toList();
        }
        List<User> offline = new ArrayList<>();
        String after = startingAfter;
        List<User> page;
        do {
            page = users.list(appId, after, limit);
            Set<String> onlineIds = store.sessions(appId, page.stream().map(User::id).toList(), now)
                    .stream().map(PresenceSession::userId).collect(Collectors.toSet());
            page.stream().filter(u -> !onlineIds.contains(u.id())).limit(limit - offline.size()).forEach(offline::add);
            after = page.isEmpty() ? after : page.get(page.size() - 1).id();
        } while (offline.size() < limit && page.size() == limit);
        return offline;
    }
}
