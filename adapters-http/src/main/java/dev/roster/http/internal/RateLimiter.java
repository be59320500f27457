package dev.roster.http.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.roster.core.domain.RateLimit;
import dev.roster.http.HttpResponse;

import java.time.Clock;
import java.time.Duration;

/**
 * The request budgets of SPEC §12 in this process: a token bucket per app for the trusted API and
 * one per signed-in user for the browser API, sized by the app's settings at each request (so a
 * change of settings applies to the next request). Budgets are not shared between processes: N
 * processes behind a balancer admit up to N times an app's budget. A bucket unused for an hour is
 * dropped and starts full again. Thread-safe.
 */
public final class RateLimiter {

    private final Cache<Key, Bucket> buckets = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofHours(1)).maximumSize(1_000_000).build();
    private final Clock clock;

    /** Buckets that refill by {@code clock}. */
    public RateLimiter(Clock clock) {
        this.clock = clock;
    }

    /**
     * Takes one token from the bucket of {@code appId}'s trusted API ({@code userId} null) or of
     * {@code userId} on its browser API, if it holds one.
     */
    public Decision take(String appId, String userId, RateLimit limit) {
        long now = clock.millis();
        return buckets.get(new Key(appId, userId), key -> new Bucket(limit, now)).take(limit, now);
    }

    /**
     * What one request found in its bucket.
     *
     * @param allowed    whether it took a token
     * @param limit      the bucket's size, {@code X-RateLimit-Limit}
     * @param remaining  the whole tokens left, {@code X-RateLimit-Remaining}
     * @param resetAfter whole seconds until the bucket is full again, {@code X-RateLimit-Reset}
     * @param retryAfter whole seconds until a token is there, at least 1 when refused, else 0
     */
    public record Decision(boolean allowed, int limit, int remaining, long resetAfter, long retryAfter) {

        /** {@code response} with the {@code X-RateLimit-*} headers, and {@code Retry-After} when refused. */
        public HttpResponse apply(HttpResponse response) {
            HttpResponse with = response.withHeader("X-RateLimit-Limit", Integer.toString(limit))
                    .withHeader("X-RateLimit-Remaining", Integer.toString(remaining))
                    .withHeader("X-RateLimit-Reset", Long.toString(resetAfter));
            return allowed ? with : with.withHeader("Retry-After", Long.toString(retryAfter));
        }
    }

    private record Key(String appId, String userId) {
    }

    /** Tokens as a fraction, refilled lazily from the time of the last request. */
    private static final class Bucket {
        private double tokens;
        private long refilledAt;

        Bucket(RateLimit limit, long now) {
            this.tokens = limit.burst();
            this.refilledAt = now;
        }

        synchronized Decision take(RateLimit limit, long now) {
            long elapsed = Math.max(0, now - refilledAt);
            tokens = Math.min(limit.burst(), tokens + elapsed * (double) limit.perSecond() / 1000);
            refilledAt = Math.max(refilledAt, now);
            boolean allowed = tokens >= 1;
            if (allowed) {
                tokens -= 1;
            }
            long retryAfter = allowed ? 0 : Math.max(1, seconds(1 - tokens, limit));
            return new Decision(allowed, limit.burst(), (int) tokens, seconds(limit.burst() - tokens, limit), retryAfter);
        }

        private static long seconds(double missing, RateLimit limit) {
            return (long) Math.ceil(missing / limit.perSecond());
        }
    }
}
