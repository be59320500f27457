package dev.roster.bench;

import dev.roster.core.api.Roster;
import dev.roster.core.domain.App;
import dev.roster.core.domain.AppSettings;
import dev.roster.core.domain.RateLimit;
import dev.roster.core.domain.RateLimits;
import dev.roster.core.domain.UserPatch;

import java.util.LinkedHashMap;
import java.util.Map;

/** The users every user benchmark reads and writes: same shape for Roster and for raw JDBC. */
final class BenchUsers {

    static final String APP = "bench-app";
    static final String SECRET = "sk_bench_0123456789abcdef";

    private BenchUsers() {
    }

    static String id(int i) {
        return "user-" + i;
    }

    static UserPatch patch(int i, String name) {
        return UserPatch.builder().name(name).email("user" + i + "@example.com").role("default")
                .custom("team", "t" + (i % 10)).photoUrl("https://example.com/u/" + i + ".png").build();
    }

    /**
     * The budgets of the benchmarks' app: the largest there are, so the rows measure the API and
     * never its rate limits.
     */
    static final RateLimits UNLIMITED = new RateLimits(new RateLimit(RateLimit.MAX, RateLimit.MAX),
            new RateLimit(RateLimit.MAX, RateLimit.MAX));

    /** Creates the app and {@code count} users through Roster, 100 per batch. */
    static void seed(Roster roster, int count) {
        roster.saveApp(new App(APP, SECRET, AppSettings.defaults().withClientUserSync(true).withRateLimits(UNLIMITED)));
        for (int from = 0; from < count; from += Roster.MAX_BATCH) {
            Map<String, UserPatch> batch = new LinkedHashMap<>();
            for (int i = from; i < Math.min(count, from + Roster.MAX_BATCH); i++) {
                batch.put(id(i), patch(i, "User " + i));
            }
            roster.upsertUsers(APP, batch);
        }
    }
}
