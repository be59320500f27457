package dev.roster.bench;

import dev.roster.core.api.Roster;
import dev.roster.core.domain.UserPatch;
import dev.roster.jdbc.JdbcStorage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Row 8: what a write and a read cost as the store grows. For H2 file (durable) and PostgreSQL,
 * three databases side by side hold 10k, 100k and {@code large} users (1M unless
 * {@code roster.bench.scale} says otherwise, filled by {@link StoredUsers}); each larger one is
 * measured against the 10k one with calls alternating between the two: {@code upsertUsers} of 100
 * new users (ms per batch) and the trusted {@code findUser} of a random existing user, uncached
 * (ms per call). Flat is the target: each ratio at most 1.2.
 */
final class ScaleBench {

    private static final int SMALL = 10_000;

    private ScaleBench() {
    }

    static List<Row> run(Settings settings, Report report) throws Exception {
        int large = Integer.getInteger("roster.bench.scale", 1_000_000);
        List<Row> rows = new ArrayList<>();
        for (String engine : List.of("h2file", "postgresql")) {
            rows.addAll(engine(settings, report, engine, new int[] {SMALL, 100_000, large}));
        }
        return rows;
    }

    private static List<Row> engine(Settings settings, Report report, String engine, int[] sizes) throws Exception {
        String name = engine.equals("postgresql") ? "PostgreSQL" : "H2 file (durable)";
        List<Store> stores = new ArrayList<>();
        try {
            Map<String, Double> fillSeconds = new LinkedHashMap<>();
            for (int size : sizes) {
                Store store = Store.open(engine, size);
                stores.add(store);
                fillSeconds.put(size / 1000 + "k", ListingBench.round(store.fillSeconds));
            }
            report.fact("row8." + engine + ".fillSeconds", fillSeconds);
            Store small = stores.get(0);
            List<Row> rows = new ArrayList<>();
            for (Store big : stores.subList(1, stores.size())) {
                String against = "the same, " + SMALL / 1000 + "k users";
                double[][] writes = Latency.measurePair(small::writeBatch, big::writeBatch,
                        settings.scaled(10), settings.scaled(60), settings.scaled(20_000));
                rows.add(Row.atMost(8, "upsertUsers(100 new users), " + name + ", " + big.size / 1000 + "k users",
                        against, writes[1][0], writes[0][0], "ms/batch (median)", 1.2, p90(writes)));
                double[][] reads = Latency.measurePair(small::readOne, big::readOne,
                        settings.scaled(500), settings.scaled(3000), settings.scaled(10_000));
                rows.add(Row.atMost(8, "findUser() by id, uncached, " + name + ", " + big.size / 1000 + "k users",
                        against, reads[1][0], reads[0][0], "ms (median)", 1.2, p90(reads)));
            }
            return rows;
        } finally {
            for (Store store : stores) {
                store.close();
            }
        }
    }

    private static String p90(double[][] pair) {
        return String.format(Locale.ROOT, "p90 %.3f ms vs %.3f ms; calls alternate", pair[1][1], pair[0][1]);
    }

    /** One database of {@code size} users with a Roster over it. */
    private static final class Store implements AutoCloseable {
        private final BenchDatabase database;
        private final JdbcStorage storage;
        private final Roster roster;
        private final int size;
        private final double fillSeconds;
        private final AtomicInteger written = new AtomicInteger();

        private Store(BenchDatabase database, JdbcStorage storage, Roster roster, int size, double fillSeconds) {
            this.database = database;
            this.storage = storage;
            this.roster = roster;
            this.size = size;
            this.fillSeconds = fillSeconds;
        }

        static Store open(String engine, int size) throws Exception {
            BenchDatabase database = BenchDatabase.create(engine);
            JdbcStorage storage = JdbcStorage.open(database.url());
            Roster roster = Roster.builder().storage(storage).build();
            BenchUsers.seed(roster, 0);
            long start = System.nanoTime();
            StoredUsers.fill(database, size);
            return new Store(database, storage, roster, size, (System.nanoTime() - start) / 1e9);
        }

        void writeBatch() {
            Map<String, UserPatch> batch = new LinkedHashMap<>();
            int from = written.getAndAdd(Roster.MAX_BATCH);
            for (int i = from; i < from + Roster.MAX_BATCH; i++) {
                batch.put("new-" + i, BenchUsers.patch(i, "New " + i));
            }
            roster.upsertUsers(BenchUsers.APP, batch);
        }

        void readOne() {
            String id = "user-" + (1 + ThreadLocalRandom.current().nextInt(size));
            if (roster.findUser(BenchUsers.APP, id).isEmpty()) {
                throw new IllegalStateException("Missing " + id);
            }
        }

        @Override
        public void close() {
            roster.close();
            storage.close();
            database.close();
        }
    }
}
