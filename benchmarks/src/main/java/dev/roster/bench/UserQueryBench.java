package dev.roster.bench;

import dev.roster.core.api.Roster;
import dev.roster.core.domain.SortDirection;
import dev.roster.core.domain.UserFilter;
import dev.roster.core.domain.UserOrder;
import dev.roster.core.domain.UserQuery;
import dev.roster.jdbc.JdbcStorage;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Row 9 on PostgreSQL: the first page of 30 users of an app, filtered on the role and on a custom
 * key, in each order and direction, through {@code roster.listUsers(appId, query)} over the real
 * JDBC store, in two databases side by side: an app of 10k users and an app of {@code large}
 * users (1M unless {@code roster.bench.users} says otherwise), both with the same mix (a quarter
 * agents, a third gold, so one user in twelve matches). Calls alternate between the two. Users go
 * in through {@link StoredUsers}.
 */
final class UserQueryBench {

    static final int SMALL = 10_000;
    static final int PAGE = 30;

    private UserQueryBench() {
    }

    /** Role agent and custom tier gold. */
    static UserFilter filter() {
        return UserFilter.parse(Map.of("role", List.of("==", "agent"), "custom", Map.of("tier", List.of("==", "gold"))));
    }

    static List<Row> run(Settings settings, Report report) throws Exception {
        int large = Integer.getInteger("roster.bench.users", 1_000_000);
        List<Row> rows = new ArrayList<>();
        try (BenchDatabase small = BenchDatabase.create("postgresql");
             BenchDatabase big = BenchDatabase.create("postgresql")) {
            JdbcStorage smallStorage = JdbcStorage.open(small.url());
            JdbcStorage bigStorage = JdbcStorage.open(big.url());
            try (Roster smallRoster = Roster.builder().storage(smallStorage).build();
                 Roster bigRoster = Roster.builder().storage(bigStorage).build()) {
                BenchUsers.seed(smallRoster, 0);
                BenchUsers.seed(bigRoster, 0);
                long start = System.nanoTime();
                StoredUsers.fill(small, SMALL);
                double smallSeconds = (System.nanoTime() - start) / 1e9;
                start = System.nanoTime();
                StoredUsers.fill(big, large);
                double bigSeconds = (System.nanoTime() - start) / 1e9;
                report.fact("row9.postgresql.generateSeconds", Map.of("small", ListingBench.round(smallSeconds),
                        "large", ListingBench.round(bigSeconds)));
                for (UserOrder order : UserOrder.values()) {
                    for (SortDirection direction : SortDirection.values()) {
                        UserQuery query = new UserQuery(filter(), order, direction, null, PAGE);
                        double[][] pair = Latency.measurePair(page(smallRoster, query), page(bigRoster, query),
                                settings.scaled(100), settings.scaled(300), settings.scaled(10_000));
                        rows.add(Row.atMost(9, "user query page of 30, role + custom filter, " + order.wire() + " "
                                        + direction + ", " + large / 1000 + "k users (PostgreSQL)", "same query, 10k users",
                                pair[1][0], pair[0][0], "ms (median)", 1.2, String.format(Locale.ROOT,
                                        "p90 %.2f ms vs %.2f ms; calls alternate; data: 10k in %.1f s, %dk in %.1f s",
                                        pair[1][1], pair[0][1], smallSeconds, large / 1000, bigSeconds)));
                    }
                }
            } finally {
                smallStorage.close();
                bigStorage.close();
            }
        }
        return rows;
    }

    private static Runnable page(Roster roster, UserQuery query) {
        return () -> {
            int size = roster.listUsers(BenchUsers.APP, query).size();
            if (size != PAGE) {
                throw new IllegalStateException("Expected a full page, got " + size);
            }
        };
    }
}
