package dev.roster.bench;

import dev.roster.core.api.Roster;
import dev.roster.core.api.Session;
import dev.roster.core.api.UserSubscription;
import dev.roster.core.domain.UserPatch;
import dev.roster.core.domain.UserSnapshot;
import dev.roster.jdbc.JdbcStorage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Row 6, Java API form (the SSE form is {@link SseBench}): 10k {@code UserRef.subscribe} subscriptions to
 * one user in one process on PostgreSQL; the time from starting a write of that user to the last
 * subscriber's callback with the new snapshot, against the same with one subscription; and the
 * heap each idle subscription holds, against a bare registry of 10k callbacks.
 */
final class SubscriptionBench {

    static final int SUBSCRIPTIONS = 10_000;
    static final String WATCHED = "watched";

    private SubscriptionBench() {
    }

    static List<Row> run(Settings settings, Report report) throws Exception {
        try (BenchDatabase database = BenchDatabase.create("postgresql")) {
            JdbcStorage storage = JdbcStorage.open(database.url());
            try (Roster roster = Roster.builder().storage(storage).build()) {
                BenchUsers.seed(roster, 0);
                roster.upsertUser(BenchUsers.APP, WATCHED, UserPatch.builder().name("start").build());
                Session session = roster.session(BenchUsers.APP, "viewer");
                AtomicReference<String> expected = new AtomicReference<>("start");
                AtomicReference<CountDownLatch> arrived = new AtomicReference<>(new CountDownLatch(1));
                AtomicLong lastArrival = new AtomicLong();
                Consumer<UserSnapshot> callback = snapshot -> {
                    if (snapshot != null && snapshot.name().equals(expected.get())) {
                        lastArrival.accumulateAndGet(System.nanoTime(), Math::max);
                        arrived.get().countDown();
                    }
                };
                int writes = settings.scaled(20);
                writeOnly(roster, 20);
                double bare = writeOnly(roster, writes);
                expected.set(currentName(roster));
                UserSubscription single = session.user(WATCHED).subscribe(callback);
                await(arrived.get());
                double one = writeToLastCallback(roster, expected, arrived, lastArrival, 1, writes);
                single.unsubscribe();

                long before = usedHeap();
                arrived.set(new CountDownLatch(SUBSCRIPTIONS));
                expected.set(currentName(roster));
                List<UserSubscription> subscriptions = new ArrayList<>(SUBSCRIPTIONS);
                long subscribeStart = System.nanoTime();
                for (int i = 0; i < SUBSCRIPTIONS; i++) {
                    subscriptions.add(session.user(WATCHED).subscribe(callback));
                }
                await(arrived.get());
                report.fact("row6.subscribe10kSeconds", ListingBench.round((System.nanoTime() - subscribeStart) / 1e9));
                long perSubscription = (usedHeap() - before) / SUBSCRIPTIONS;
                double many = writeToLastCallback(roster, expected, arrived, lastArrival, SUBSCRIPTIONS, writes);
                long registry = bareRegistryBytes();
                subscriptions.forEach(UserSubscription::unsubscribe);
                List<Row> rows = new ArrayList<>();
                rows.add(Row.info(6, "write → last of 10k subscribers' callbacks (Java API, PostgreSQL)",
                        "the same upsertUser with no subscriber", many, bare, "ms (median)", String.format(
                                Locale.ROOT, "%d writes each; 1 subscriber: %.2f ms; "
                                        + "UserRef.subscribe in one process, no HTTP", writes, one)));
                rows.add(Row.info(6, "heap per idle subscription (10k, one user)", "bare registry: a lambda in a "
                        + "ConcurrentHashMap", perSubscription, registry, "bytes", "used heap after full GC, before and after"));
                return rows;
            } finally {
                storage.close();
            }
        }
    }

    private static String currentName(Roster roster) {
        return roster.findUser(BenchUsers.APP, WATCHED).orElseThrow().name();
    }

    private static double writeToLastCallback(Roster roster, AtomicReference<String> expected,
                                              AtomicReference<CountDownLatch> arrived, AtomicLong lastArrival,
                                              int subscribers, int writes) throws InterruptedException {
        double[] samples = new double[writes];
        for (int w = 0; w < writes; w++) {
            String name = "name " + w + " for " + subscribers;
            CountDownLatch latch = new CountDownLatch(subscribers);
            arrived.set(latch);
            lastArrival.set(0);
            expected.set(name);
            long start = System.nanoTime();
            roster.upsertUser(BenchUsers.APP, WATCHED, UserPatch.builder().name(name).build());
            await(latch);
            samples[w] = (lastArrival.get() - start) / 1e6;
        }
        Arrays.sort(samples);
        return samples[writes / 2];
    }

    private static double writeOnly(Roster roster, int writes) {
        double[] samples = new double[writes];
        for (int w = 0; w < writes; w++) {
            long start = System.nanoTime();
            roster.upsertUser(BenchUsers.APP, WATCHED, UserPatch.builder().name("plain " + w).build());
            samples[w] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(samples);
        return samples[writes / 2];
    }

    private static void await(CountDownLatch latch) throws InterruptedException {
        if (!latch.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("Subscribers still waiting after 60 s: " + latch.getCount());
        }
    }

    private static long bareRegistryBytes() {
        long before = usedHeap();
        Map<Integer, Consumer<UserSnapshot>> registry = new ConcurrentHashMap<>();
        AtomicLong sink = new AtomicLong();
        for (int i = 0; i < SUBSCRIPTIONS; i++) {
            int id = i;
            registry.put(id, snapshot -> sink.addAndGet(id));
        }
        long bytes = (usedHeap() - before) / SUBSCRIPTIONS;
        if (registry.size() != SUBSCRIPTIONS) {
            throw new IllegalStateException("registry lost entries");
        }
        return bytes;
    }

    /** Used heap after full collections: the lowest of four readings, each after System.gc(). */
    static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            used = Math.min(used, runtime.totalMemory() - runtime.freeMemory());
        }
        return used;
    }
}
