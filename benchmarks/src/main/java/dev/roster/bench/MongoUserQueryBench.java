package dev.roster.bench;

import dev.roster.core.api.Roster;
import dev.roster.core.domain.SortDirection;
import dev.roster.core.domain.UserOrder;
import dev.roster.core.domain.UserPatch;
import dev.roster.core.domain.UserQuery;
import dev.roster.mongo.MongoStorage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Row 9 on the Mongo store: {@link UserQueryBench}'s query (role agent and custom tier gold, one user
 * in twelve; a page of 30 in each order and direction) through {@code roster.listUsers} on two
 * databases side by side, calls alternating. On a real MongoDB ({@value MongoListingBench#URI_ENV})
 * 10k against 1M users, with the ≤ 1.2 target; on the in-process mongo-java-server stand-in 1k
 * against 10k, reported without a target, because the stand-in answers every query by scanning
 * the collection. Users go in through Roster, 100 per batch, with the same mix as
 * {@link StoredUsers}.
 */
final class MongoUserQueryBench {

    private record Scale(int small, int large, String label, boolean real) {
    }

    private static final Scale REAL = new Scale(UserQueryBench.SMALL, 1_000_000, "MongoDB", true);
    private static final Scale STAND_IN = new Scale(1_000, 10_000, "mongo-java-server stand-in: scans, no index plans",
            false);

    private MongoUserQueryBench() {
    }

    /** Runs the row on the server at {@value MongoListingBench#URI_ENV}, or on mongo-java-server when it is unset. */
    static List<Row> run(Settings settings, Report report) {
        return MongoListingBench.onServer((server, real) -> run(settings, report, server, real ? REAL : STAND_IN));
    }

    private static List<Row> run(Settings settings, Report report, String server, Scale scale) {
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (MongoStorage smallStorage = MongoStorage.open(MongoListingBench.databaseUrl(server,
                "roster_bench_" + suffix + "_users_small"));
             MongoStorage largeStorage = MongoStorage.open(MongoListingBench.databaseUrl(server,
                     "roster_bench_" + suffix + "_users_large"));
             Roster small = Roster.builder().storage(smallStorage).build();
             Roster large = Roster.builder().storage(largeStorage).build()) {
            long start = System.nanoTime();
            fill(small, scale.small());
            double smallSeconds = (System.nanoTime() - start) / 1e9;
            start = System.nanoTime();
            fill(large, scale.large());
            double largeSeconds = (System.nanoTime() - start) / 1e9;
            report.fact("row9.mongo.server", scale.label());
            List<Row> rows = new ArrayList<>();
            for (UserOrder order : UserOrder.values()) {
                for (SortDirection direction : SortDirection.values()) {
                    UserQuery query = new UserQuery(UserQueryBench.filter(), order, direction, null, UserQueryBench.PAGE);
                    double[][] pair = Latency.measurePair(page(small, query), page(large, query),
                            settings.scaled(20), settings.scaled(60), settings.scaled(10_000));
                    String what = "user query page of 30, role + custom filter, " + order.wire() + " " + direction
                            + ", " + scale.large() / 1000 + "k users (" + scale.label() + ")";
                    String baseline = "same query, " + scale.small() / 1000 + "k users";
                    String note = String.format(Locale.ROOT, "p90 %.2f ms vs %.2f ms; calls alternate; data through "
                            + "Roster: %dk in %.1f s, %dk in %.1f s", pair[1][1], pair[0][1], scale.small() / 1000,
                            smallSeconds, scale.large() / 1000, largeSeconds);
                    rows.add(scale.real()
                            ? Row.atMost(9, what, baseline, pair[1][0], pair[0][0], "ms (median)", 1.2, note)
                            : Row.info(9, what, baseline, pair[1][0], pair[0][0], "ms (median)", note
                                    + "; no target on the stand-in; set " + MongoListingBench.URI_ENV + " for the real row"));
                }
            }
            return rows;
        }
    }

    /** The app and users 1..count: a quarter role agent, a third custom tier gold. */
    private static void fill(Roster roster, int count) {
        BenchUsers.seed(roster, 0);
        for (int from = 1; from <= count; from += Roster.MAX_BATCH) {
            Map<String, UserPatch> batch = new LinkedHashMap<>();
            for (int g = from; g < Math.min(count + 1, from + Roster.MAX_BATCH); g++) {
                batch.put("user-" + g, UserPatch.builder().name("User " + g).role(g % 4 == 0 ? "agent" : "default")
                        .custom("tier", g % 3 == 0 ? "gold" : "free").build());
            }
            roster.upsertUsers(BenchUsers.APP, batch);
        }
    }

    private static Runnable page(Roster roster, UserQuery query) {
        return () -> {
            int size = roster.listUsers(BenchUsers.APP, query).size();
            if (size != UserQueryBench.PAGE) {
                throw new IllegalStateException("Expected a full page, got " + size);
            }
        };
    }
}
