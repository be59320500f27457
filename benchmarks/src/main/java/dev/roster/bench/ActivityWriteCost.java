package dev.roster.bench;

import dev.roster.core.api.Roster;
import dev.roster.core.domain.App;
import dev.roster.core.domain.AppSettings;
import dev.roster.core.domain.UserPatch;
import dev.roster.core.spi.PresenceStore;
import dev.roster.core.spi.Storage;
import dev.roster.core.spi.UserStore;
import dev.roster.jdbc.JdbcStorage;
import dev.roster.testkit.MutableClock;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What {@code lastActiveAt} (SPEC §10) costs in store writes: N event streams renewing presence
 * every 5 s (the default heartbeat) plus a browser request per stream every 10 s, over simulated
 * minutes on a fake clock, against one or two Roster processes over one H2 store (with two, every
 * user has a stream in each). Counts the presence heartbeats, the activity writes Roster sent to
 * the store and the ones the store's conditional update applied, per simulated minute. Not a benchmark row: run it by hand,
 * {@code java -cp benchmarks/target/benchmarks.jar dev.roster.bench.ActivityWriteCost}.
 */
public final class ActivityWriteCost {

    private static final Duration HEARTBEAT = Duration.ofSeconds(5);
    private static final Duration REQUEST_EVERY = Duration.ofSeconds(10);
    private static final int MINUTES = 3;

    private ActivityWriteCost() {
    }

    /**
     * Runs the scenarios and prints one line each.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        System.out.printf("%-50s %14s %16s %16s%n", "scenario (per simulated minute)", "heartbeats", "activity calls",
                "activity writes");
        run("1,000 streams of 1,000 users, 1 process", 1000, 1000, 1);
        run("1,000 streams of 100 users (10 tabs), 1 process", 1000, 100, 1);
        run("2,000 streams of 1,000 users, each in 2 processes", 2000, 1000, 2);
        run("10,000 streams of 10,000 users, 1 process", 10_000, 10_000, 1);
    }

    private static void run(String name, int streams, int users, int processes) {
        MutableClock clock = new MutableClock(Instant.parse("2024-01-01T00:00:00Z"));
        Map<String, AtomicLong> counts = new HashMap<>();
        try (JdbcStorage h2 = JdbcStorage.open("jdbc:h2:mem:activity-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1")) {
            Storage counted = counting(h2, counts);
            Roster[] rosters = new Roster[processes];
            for (int p = 0; p < processes; p++) {
                rosters[p] = Roster.builder().storage(counted).clock(clock).build();
            }
            try {
                App app = rosters[0].saveApp(new App("bench", "sk_bench_activity_write_cost", AppSettings.defaults()));
                Map<String, UserPatch> batch = new LinkedHashMap<>();
                for (int u = 0; u < users; u++) {
                    batch.put("u" + u, UserPatch.builder().name("User " + u).build());
                    if (batch.size() == Roster.MAX_BATCH) {
                        rosters[0].upsertUsers(app.id(), batch);
                        batch.clear();
                    }
                }
                if (!batch.isEmpty()) {
                    rosters[0].upsertUsers(app.id(), batch);
                }
                counts.clear();
                long steps = Duration.ofMinutes(MINUTES).toMillis() / HEARTBEAT.toMillis();
                long requestEvery = REQUEST_EVERY.toMillis() / HEARTBEAT.toMillis();
                for (long step = 0; step < steps; step++) {
                    for (int s = 0; s < streams; s++) {
                        Roster roster = rosters[s % processes];
                        // Consecutive streams go to different processes, so with two every user is served by both.
                        String user = "u" + ((s / processes) % users);
                        roster.presence().touch(app.id(), user, "stream-" + s);
                        if (step % requestEvery == 0) {
                            roster.recordActivity(app.id(), user);
                        }
                    }
                    clock.advance(HEARTBEAT);
                }
            } finally {
                for (Roster roster : rosters) {
                    roster.close();
                }
            }
        }
        System.out.printf("%-50s %14d %16d %16d%n", name, perMinute(counts, "heartbeat"),
                perMinute(counts, "recordActivity"), perMinute(counts, "recordActivity=true"));
    }

    private static long perMinute(Map<String, AtomicLong> counts, String key) {
        return counts.getOrDefault(key, new AtomicLong()).get() / MINUTES;
    }

    /** The store with its presence and user ports counting their calls by method name (and activity writes applied). */
    private static Storage counting(Storage real, Map<String, AtomicLong> counts) {
        PresenceStore presence = proxy(PresenceStore.class, real.presence(), counts);
        UserStore users = proxy(UserStore.class, real.users(), counts);
        return (Storage) Proxy.newProxyInstance(Storage.class.getClassLoader(), new Class<?>[] {Storage.class},
                (self, method, args) -> switch (method.getName()) {
                    case "presence" -> presence;
                    case "users" -> users;
                    case "close" -> null;
                    default -> invoke(method, real, args);
                });
    }

    private static <T> T proxy(Class<T> port, T real, Map<String, AtomicLong> counts) {
        return port.cast(Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, (self, method, args) -> {
            Object result = invoke(method, real, args);
            synchronized (counts) {
                counts.computeIfAbsent(method.getName(), k -> new AtomicLong()).incrementAndGet();
                if (Boolean.TRUE.equals(result) && method.getName().equals("recordActivity")) {
                    counts.computeIfAbsent("recordActivity=true", k -> new AtomicLong()).incrementAndGet();
                }
            }
            return result;
        }));
    }

    private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
