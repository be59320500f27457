package dev.roster.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.roster.core.api.Roster;
import dev.roster.core.domain.UserPatch;
import dev.roster.jdbc.JdbcStorage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Row 7 (issue 20): writers that scale. {@value #WRITERS} threads upsert distinct new users on
 * PostgreSQL through Roster as a backend calls it ({@code upsertUser}, one user per call, and
 * {@code upsertUsers} of {@value #BATCH}), against {@value #WRITERS} raw JDBC threads upserting the
 * same rows ({@code INSERT … ON CONFLICT DO UPDATE} into Roster's own {@code roster_user} table, one
 * commit per call, as Roster makes) through a HikariCP pool of the same size as the JDBC store's
 * (both {@value #WRITERS}). Every variant writes for a fixed time per round; the rounds of the raw
 * and the Roster side alternate, each first in turn, so that drift in the machine's load hits both,
 * and the median of {@value #ROUNDS} counts. The same with one writer, without a target, shows how
 * far each side scales. A third variant of the raw writers sends each upsert with a
 * {@code pg_notify} in the same statement text (the same round trip and commit): it shows what
 * PostgreSQL's commit-time lock for notifying transactions leaves of the baseline, since every
 * Roster write notifies its listeners. While
 * the {@value #WRITERS} writers of either side run, {@code pg_stat_activity} is sampled for that
 * side's connections (told apart by their {@code ApplicationName}) and what they wait on is
 * recorded as facts.
 */
final class WritersBench {

    static final int WRITERS = 16;
    private static final int BATCH = 10;
    private static final int ROUNDS = 3;
    private static final String ROSTER_NAME = "roster-bench-row7-roster";
    private static final String RAW_NAME = "roster-bench-row7-raw";
    private static final String WAITS = "SELECT state, coalesce(wait_event_type, 'CPU'), coalesce(wait_event, '-') "
            + "FROM pg_stat_activity WHERE application_name = ?";
    /** The raw upsert of one user and a notification (on a channel of the benchmark's own) in one text. */
    private static final String NOTIFYING_UPSERT = BatchUpsertBenchmark.POSTGRES_UPSERT
            + "; SELECT pg_notify('roster_bench_row7', 'written')";

    private WritersBench() {
    }

    /** Writes one call's users. */
    private interface Side {
        void write(int batch) throws Exception;
    }

    /**
     * One side at one number of writers and one batch size, with its rates and sampled waits.
     *
     * @param name the {@code ApplicationName} of the connections to sample, or null to sample none
     */
    private record Variant(Side side, int writers, int batch, String name, List<Double> rates,
                           Map<String, Integer> waits) {

        Variant(Side side, int writers, int batch, String name) {
            this(side, writers, batch, name, new ArrayList<>(), name == null ? null : new TreeMap<>());
        }

        double median() {
            double[] sorted = rates.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            return sorted[sorted.length / 2];
        }

        String ratesText() {
            return Arrays.toString(rates.stream().mapToLong(Math::round).toArray());
        }
    }

    static List<Row> run(Settings settings, Report report) throws Exception {
        long roundMillis = settings.scaled(2000);
        AtomicInteger next = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(WRITERS);
        try (BenchDatabase database = BenchDatabase.create("postgresql");
             JdbcStorage storage = JdbcStorage.builder(named(database.url(), ROSTER_NAME)).maxPoolSize(WRITERS).build();
             Roster roster = Roster.builder().storage(storage).build();
             HikariDataSource pool = rawPool(named(database.url(), RAW_NAME))) {
            BenchUsers.seed(roster, 0);
            Side rosterSide = batch -> rosterWrite(roster, next, batch);
            Side rawSide = batch -> rawWrite(pool, next, batch, BatchUpsertBenchmark.POSTGRES_UPSERT);
            Side notifyingSide = batch -> rawWrite(pool, next, batch, NOTIFYING_UPSERT);
            List<Row> rows = new ArrayList<>();
            for (int batch : new int[] {1, BATCH}) {
                Variant rawMany = new Variant(rawSide, WRITERS, batch, RAW_NAME);
                Variant rosterMany = new Variant(rosterSide, WRITERS, batch, ROSTER_NAME);
                Variant rawOne = new Variant(rawSide, 1, batch, null);
                Variant rosterOne = new Variant(rosterSide, 1, batch, null);
                Variant notifying = batch == 1 ? new Variant(notifyingSide, WRITERS, batch, null) : null;
                List<Variant> order = new ArrayList<>(List.of(rawMany, rosterMany, rawOne, rosterOne));
                if (notifying != null) {
                    order.add(notifying);
                }
                usersPerSecond(threads, new Variant(rosterSide, WRITERS, batch, null), roundMillis / 2, database);
                usersPerSecond(threads, new Variant(rawSide, WRITERS, batch, null), roundMillis / 2, database);
                for (int round = 0; round < ROUNDS; round++) {
                    for (Variant variant : order) {
                        variant.rates.add(usersPerSecond(threads, variant, roundMillis, database));
                    }
                    Collections.reverse(order);
                }
                String call = batch == 1 ? "upsertUser(1 new user)" : "upsertUsers(" + BATCH + " new users)";
                String raw = batch == 1 ? "raw JDBC upsert, autocommit" : "raw JDBC batch upsert of " + BATCH
                        + ", one transaction";
                String scaling = String.format(Locale.ROOT, "median of %d rounds of %d ms, alternating; users/s "
                                + "Roster %s, raw %s; 1 → %d writers: Roster %.2f×, raw %.2f×", ROUNDS, roundMillis,
                        rosterMany.ratesText(), rawMany.ratesText(), WRITERS, rosterMany.median() / rosterOne.median(),
                        rawMany.median() / rawOne.median());
                rows.add(Row.atLeast(7, call + ", " + WRITERS + " writers, PostgreSQL", WRITERS + " " + raw
                        + ", pool " + WRITERS, rosterMany.median(), rawMany.median(), "users/s", 0.6, scaling));
                rows.add(Row.info(7, call + ", 1 writer, PostgreSQL", "1 " + raw + ", pool " + WRITERS,
                        rosterOne.median(), rawOne.median(), "users/s", String.format(Locale.ROOT,
                                "median of %d rounds; users/s Roster %s, raw %s", ROUNDS, rosterOne.ratesText(),
                                rawOne.ratesText())));
                if (notifying != null) {
                    rows.add(Row.info(7, WRITERS + " raw JDBC upserts, each with a pg_notify in its statement, "
                                    + "PostgreSQL",
                            WRITERS + " " + raw + ", pool " + WRITERS, notifying.median(), rawMany.median(),
                            "users/s", "what a NOTIFY in every write transaction leaves of the baseline; median of "
                                    + ROUNDS + ", users/s " + notifying.ratesText()));
                }
                report.fact("row7.batch" + batch + ".rosterWaits", rosterMany.waits);
                report.fact("row7.batch" + batch + ".rawWaits", rawMany.waits);
            }
            return rows;
        } finally {
            threads.shutdownNow();
        }
    }

    /** The URL with the PostgreSQL {@code ApplicationName} that tells a side's connections apart. */
    private static String named(String url, String name) {
        return url + (url.contains("?") ? "&" : "?") + "ApplicationName=" + name;
    }

    /** A pool like the JDBC store's own: HikariCP, {@value #WRITERS} connections, read committed. */
    private static HikariDataSource rawPool(String url) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(WRITERS);
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        return new HikariDataSource(config);
    }

    private static void rosterWrite(Roster roster, AtomicInteger next, int batch) {
        int from = next.getAndAdd(batch);
        if (batch == 1) {
            roster.upsertUser(BenchUsers.APP, "w-" + from, BenchUsers.patch(from, "User " + from));
            return;
        }
        Map<String, UserPatch> patches = new LinkedHashMap<>();
        for (int i = from; i < from + batch; i++) {
            patches.put("w-" + i, BenchUsers.patch(i, "User " + i));
        }
        roster.upsertUsers(BenchUsers.APP, patches);
    }

    /**
     * The baseline's call of {@code upsert} ({@link BatchUpsertBenchmark#POSTGRES_UPSERT}, or
     * {@link #NOTIFYING_UPSERT} for one user): one user in autocommit, one round trip and one commit
     * (the text's statements run in one implicit transaction), or a batch in one transaction.
     */
    private static void rawWrite(HikariDataSource pool, AtomicInteger next, int batch, String upsert)
            throws SQLException {
        int from = next.getAndAdd(batch);
        try (Connection connection = pool.getConnection();
             PreparedStatement statement = connection.prepareStatement(upsert)) {
            if (batch == 1) {
                BatchUpsertBenchmark.bindUser(statement, "raw-" + from, from, 1, "User " + from);
                statement.execute();
                return;
            }
            connection.setAutoCommit(false);
            for (int i = from; i < from + batch; i++) {
                BatchUpsertBenchmark.bindUser(statement, "raw-" + i, i, 1, "User " + i);
                statement.addBatch();
            }
            statement.executeBatch();
            connection.commit();
        }
    }

    /**
     * Runs the variant's writers for {@code millis}, sampling what its connections wait on when it
     * has a map for them.
     *
     * @return users written per second
     */
    private static double usersPerSecond(ExecutorService threads, Variant variant, long millis,
                                         BenchDatabase database) throws Exception {
        Side side = variant.side();
        int batch = variant.batch();
        Map<String, Integer> waits = variant.waits();
        CountDownLatch go = new CountDownLatch(1);
        long[] deadline = new long[1];
        List<Future<Long>> calls = new ArrayList<>();
        for (int w = 0; w < variant.writers(); w++) {
            calls.add(threads.submit(() -> {
                go.await();
                long made = 0;
                while (System.nanoTime() < deadline[0]) {
                    side.write(batch);
                    made++;
                }
                return made;
            }));
        }
        AtomicBoolean sampling = new AtomicBoolean(waits != null);
        Thread sampler = new Thread(() -> sample(database, variant.name(), waits, sampling), "row7-wait-sampler");
        long start = System.nanoTime();
        deadline[0] = start + millis * 1_000_000L;
        go.countDown();
        if (waits != null) {
            sampler.start();
        }
        long made = 0;
        try {
            for (Future<Long> call : calls) {
                made += call.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("A row 7 writer failed", e.getCause());
        } finally {
            sampling.set(false);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (waits != null) {
            sampler.join(TimeUnit.SECONDS.toMillis(10));
        }
        return made * batch / seconds;
    }

    /**
     * Counts, every 50 ms while {@code sampling}, the connections named {@code name} by state and
     * wait event ({@code CPU} when a backend waits on nothing).
     */
    private static void sample(BenchDatabase database, String name, Map<String, Integer> waits,
                               AtomicBoolean sampling) {
        try (Connection connection = database.connect();
             PreparedStatement query = connection.prepareStatement(WAITS)) {
            query.setString(1, name);
            while (sampling.get()) {
                try (ResultSet result = query.executeQuery()) {
                    while (result.next()) {
                        String key = result.getString(1) + " " + result.getString(2) + ":" + result.getString(3);
                        waits.merge(key, 1, Integer::sum);
                    }
                }
                Thread.sleep(50);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot sample pg_stat_activity", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
