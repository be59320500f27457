package dev.roster.bench;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs every benchmark row of issue 8 and writes {@code latest.json}, {@code latest.md} and SVG
 * plots to the results folder. Options: {@code --long} (careful settings), {@code --only 1,3}
 * (some rows), {@code --out DIR}, {@code --server-jar JAR}, {@code --replot} (only redraw the plots
 * of the run recorded in the results folder).
 */
public final class BenchMain {

    private BenchMain() {
    }

    /**
     * Runs the rows.
     *
     * @param args see the class comment
     * @throws Exception if a row cannot run (a missing database, a failed benchmark)
     */
    public static void main(String[] args) throws Exception {
        Settings settings = Settings.parse(args);
        if (settings.replot()) {
            Report.replot(settings);
            return;
        }
        Report report = new Report();
        long start = System.nanoTime();
        if (settings.runs(1) || settings.runs(2)) {
            report.add(jmhRows(settings));
        }
        if (settings.runs(3)) {
            report.add(ListingBench.run(settings, report));
            report.add(MongoListingBench.run(settings, report));
        }
        if (settings.runs(4)) {
            report.add(BatchingBench.run(settings));
        }
        if (settings.runs(5)) {
            report.add(HttpBench.run(settings, report));
        }
        if (settings.runs(6)) {
            report.add(SseBench.run(settings, report));
            report.add(SubscriptionBench.run(settings, report));
        }
        if (settings.runs(7)) {
            report.add(WritersBench.run(settings, report));
        }
        if (settings.runs(8)) {
            report.add(ScaleBench.run(settings, report));
        }
        if (settings.runs(9)) {
            report.add(UserQueryBench.run(settings, report));
            report.add(MongoUserQueryBench.run(settings, report));
        }
        if (settings.runs(10)) {
            report.add(CopyBench.run(settings));
        }
        if (settings.runs(11)) {
            report.add(EventsBench.run(settings));
        }
        report.fact("totalSeconds", Math.round((System.nanoTime() - start) / 1e9));
        report.write(settings);
        System.out.println();
        System.out.println(report.markdown());
        System.out.println("Results written to " + settings.out().toAbsolutePath());
    }

    private static List<Row> jmhRows(Settings settings) throws Exception {
        OptionsBuilder builder = new OptionsBuilder();
        if (settings.runs(1)) {
            builder.include(GetByIdBenchmark.class.getName() + "\\.");
        }
        if (settings.runs(2)) {
            builder.include(BatchUpsertBenchmark.class.getName() + "\\.");
        }
        Options options = builder
                .forks(settings.careful() ? 2 : 1)
                .warmupIterations(settings.careful() ? 5 : 2)
                .warmupTime(TimeValue.seconds(settings.careful() ? 2 : 1))
                .measurementIterations(settings.careful() ? 10 : 3)
                .measurementTime(TimeValue.seconds(settings.careful() ? 2 : 1))
                .jvmArgsAppend("-Xmx2g")
                .build();
        Collection<RunResult> results = new Runner(options).run();
        Map<String, Double> score = new HashMap<>();
        for (RunResult result : results) {
            String method = result.getParams().getBenchmark();
            method = method.substring(method.lastIndexOf('.', method.lastIndexOf('.') - 1) + 1);
            String others = result.getParams().getParam("otherUsers");
            score.put(method + "/" + result.getParams().getParam("engine") + (others == null ? "" : "/" + others),
                    result.getPrimaryResult().getScore());
        }
        List<Row> rows = new ArrayList<>();
        for (String engine : List.of("h2", "postgresql", "h2file")) {
            String name = switch (engine) {
                case "h2" -> "H2 (in-memory)";
                case "h2file" -> "H2 file (durable)";
                default -> "PostgreSQL";
            };
            Double raw = score.get("GetByIdBenchmark.rawJdbc/" + engine);
            if (raw != null) {
                String threads = GetByIdBenchmark.THREADS + " threads, pool " + GetByIdBenchmark.THREADS;
                rows.add(Row.atLeast(1, "UserRef.get() by id, cache off, " + name, "raw JDBC PK select",
                        score.get("GetByIdBenchmark.rosterGetCacheOff/" + engine), raw, "ops/s", 0.8, threads));
                rows.add(Row.atLeast(1, "Roster.findUser() by id (trusted, uncached), " + name, "raw JDBC PK select",
                        score.get("GetByIdBenchmark.rosterFindUser/" + engine), raw, "ops/s", 0.8, threads));
                rows.add(Row.info(1, "UserRef.get() by id, cache on, " + name, "raw JDBC PK select",
                        score.get("GetByIdBenchmark.rosterGetCacheOn/" + engine), raw, "ops/s", threads));
            }
            for (String others : List.of("0", "100000")) {
                String key = engine + "/" + others;
                Double rawBatch = score.get("BatchUpsertBenchmark.rawBatch/" + key);
                if (rawBatch != null) {
                    rows.add(Row.atMost(2, "upsertUsers(100 users), " + name + ", app of "
                                    + (others.equals("0") ? "200" : "100,200") + " users",
                            "raw JDBC batch upsert, one transaction",
                            score.get("BatchUpsertBenchmark.rosterUpsertUsers/" + key), rawBatch, "ms/batch", 1.25,
                            "all updates of existing users"));
                }
            }
        }
        for (String others : List.of("0", "100000")) {
            Double delayed = score.get("BatchUpsertBenchmark.rosterUpsertUsers/h2file-delay500/" + others);
            if (delayed != null) {
                rows.add(Row.info(2, "upsertUsers(100 users), H2 file, WRITE_DELAY 0 (durable, now), app of "
                                + (others.equals("0") ? "200" : "100,200") + " users",
                        "the same with H2's WRITE_DELAY=500 (before)",
                        score.get("BatchUpsertBenchmark.rosterUpsertUsers/h2file/" + others), delayed, "ms/batch",
                        "the price of a commit in the file before the answer"));
            }
        }
        return rows;
    }
}
