package dev.roster.bench;

import dev.roster.core.api.Roster;
import dev.roster.core.api.Session;
import dev.roster.core.domain.UserSnapshot;
import dev.roster.jdbc.JdbcStorage;
import dev.roster.testkit.CountingStorage;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Row 4: 1000 concurrent {@code UserRef.get()} of 100 distinct users (8 caller threads, 125
 * calls each, released together; cache off so every round reaches the store) with automatic
 * batching on and off, on PostgreSQL. Counts user loads reaching the store per round and the
 * calls per second over a bounded number of rounds.
 */
final class BatchingBench {

    private static final int CALLS = 1000;
    private static final int DISTINCT = 100;
    private static final int CALLERS = 8;

    private BatchingBench() {
    }

    /** One configuration's outcome. */
    private record Outcome(double callsPerSecond, double meanLoads, long maxLoads, int rounds) {
    }

    static List<Row> run(Settings settings) throws Exception {
        try (BenchDatabase database = BenchDatabase.create("postgresql")) {
            JdbcStorage jdbc = JdbcStorage.open(database.url());
            try {
                try (Roster seeder = Roster.builder().storage(jdbc).build()) {
                    BenchUsers.seed(seeder, DISTINCT);
                }
                int rounds = settings.scaled(40);
                long budgetMillis = settings.scaled(15_000);
                measure(jdbc, true, 5, 5_000);
                measure(jdbc, false, 5, 5_000);
                Outcome on = measure(jdbc, true, rounds, budgetMillis);
                Outcome off = measure(jdbc, false, rounds, budgetMillis);
                List<Row> rows = new ArrayList<>();
                rows.add(new Row(4, "round trips per 1000 concurrent get() of 100 users, batching on (PostgreSQL)",
                        "batching off", on.meanLoads(), off.meanLoads(), "loads/round", on.meanLoads() / off.meanLoads(),
                        "≤ 10 round trips", on.maxLoads() <= 10,
                        "max " + on.maxLoads() + " per round over " + on.rounds() + " rounds"));
                rows.add(Row.info(4, "get() throughput, batching on (PostgreSQL, cache off)", "batching off",
                        on.callsPerSecond(), off.callsPerSecond(), "calls/s",
                        on.rounds() + " and " + off.rounds() + " rounds of 1000 calls"));
                return rows;
            } finally {
                jdbc.close();
            }
        }
    }

    private static Outcome measure(JdbcStorage jdbc, boolean batching, int rounds, long budgetMillis)
            throws Exception {
        CountingStorage counting = new CountingStorage(jdbc);
        ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
        try (Roster roster = Roster.builder().storage(counting).cacheSize(0).batchFetches(batching).build()) {
            Session session = roster.session(BenchUsers.APP, "viewer");
            long maxLoads = 0;
            long totalLoads = 0;
            int done = 0;
            long start = System.nanoTime();
            long deadline = start + budgetMillis * 1_000_000L;
            while (done < rounds && System.nanoTime() < deadline) {
                long before = counting.userLoads();
                CountDownLatch go = new CountDownLatch(1);
                List<Future<List<CompletableFuture<UserSnapshot>>>> issued = new ArrayList<>();
                for (int c = 0; c < CALLERS; c++) {
                    int caller = c;
                    issued.add(callers.submit(() -> {
                        go.await();
                        List<CompletableFuture<UserSnapshot>> mine = new ArrayList<>();
                        for (int i = caller; i < CALLS; i += CALLERS) {
                            mine.add(session.user(BenchUsers.id(i % DISTINCT)).get());
                        }
                        return mine;
                    }));
                }
                go.countDown();
                for (Future<List<CompletableFuture<UserSnapshot>>> future : issued) {
                    for (CompletableFuture<UserSnapshot> call : future.get()) {
                        if (call.join() == null) {
                            throw new IllegalStateException("A seeded user was not found");
                        }
                    }
                }
                long loads = counting.userLoads() - before;
                maxLoads = Math.max(maxLoads, loads);
                totalLoads += loads;
                done++;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Outcome(done * (double) CALLS / seconds, totalLoads / (double) done, maxLoads, done);
        } finally {
            callers.shutdownNow();
        }
    }
}
