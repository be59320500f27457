package dev.roster.core.internal;

import dev.roster.core.spi.UserStore;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes users' {@code lastActiveAt} (SPEC §10) at most once per {@link #INTERVAL} per user. This
 * process asks the store at most once per interval per user (a map of when it last asked, O(users
 * active in the last interval), pruned once per interval), and the store's conditional write
 * ({@link UserStore#recordActivity}) skips a user whose stored time is younger than the interval,
 * so many processes serving one user write it once per interval between them. A stored time is
 * therefore at most one interval behind this process's own last activity of the user, and at most
 * two behind when another process wrote it meanwhile.
 */
public final class ActivityRecorder {

    /** How often a user's activity is written at most. */
    public static final Duration INTERVAL = Duration.ofMinutes(1);

    private final UserStore store;
    private final Clock clock;
    private final long interval = INTERVAL.toMillis();
    private final Map<Key, Long> asked = new ConcurrentHashMap<>();
    private final AtomicLong nextPrune = new AtomicLong(Long.MIN_VALUE);

    /** Records into {@code store} with times from {@code clock}. */
    public ActivityRecorder(UserStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * Records that the user was active now: no store call when this process asked within the
     * interval, else one conditional write. A failed write is forgotten, so the next activity
     * tries again.
     *
     * @return true when the store was written
     */
    public boolean record(String appId, String userId) {
        long now = clock.millis();
        prune(now);
        Key key = new Key(appId, userId);
        Long last = asked.get(key);
        if (last != null && last > now - interval) {
            return false;
        }
        // Of concurrent requests of one user, only the one that moves the entry asks the store.
        boolean mine = last == null ? asked.putIfAbsent(key, now) == null : asked.replace(key, last, now);
        if (!mine) {
            return false;
        }
        try {
            return store.recordActivity(appId, userId, now, now - interval + 1);
        } catch (RuntimeException e) {
            asked.remove(key, now);
            throw e;
        }
    }

    private void prune(long now) {
        long due = nextPrune.get();
        if (now >= due && nextPrune.compareAndSet(due, now + interval)) {
            asked.values().removeIf(last -> last <= now - interval);
        }
    }

    private record Key(String appId, String userId) {
    }
}
