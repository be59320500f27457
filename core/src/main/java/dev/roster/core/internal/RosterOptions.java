package dev.roster.core.internal;

import dev.roster.core.domain.RosterException;
import dev.roster.core.domain.WebhookRetry;
import dev.roster.core.spi.Storage;
import dev.roster.core.spi.StorageProvider;
import dev.roster.core.spi.WebhookTransport;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The options of a Roster, checked as a whole when it is built: each bad one fails with an
 * {@link IllegalArgumentException} that names it, and a store is required, given as an object
 * ({@code storage}) or a URL ({@code storageUrl}; the object wins when both are).
 *
 * @param storage         the caller's store, or null
 * @param storageUrl      the URL of the store to open, or null
 * @param clock           the clock
 * @param executor        the caller's executor, or null for a pool of {@code threads}
 * @param threads         the size of Roster's own pool
 * @param cacheSize       the most user snapshots cached; 0 turns the cache off
 * @param cacheTtl        how long an unread snapshot stays cached
 * @param appTtl          how long app settings are cached
 * @param batchFetches    whether concurrent gets share one store read
 * @param concurrentLoads the most store reads of one app's users at once
 * @param pollInterval    how often the change log is read
 * @param presenceWindow  how long a session counts as online after its last sign of life
 * @param changeRetention how long the change feed keeps events
 * @param webhookTransport how webhooks are posted, or null to send none
 * @param webhookRetry     when failed webhook deliveries are tried again
 * @param webhookTimeout   the most time one webhook post may take
 */
public record RosterOptions(Storage storage, String storageUrl, Clock clock, Executor executor, int threads,
                            long cacheSize, Duration cacheTtl, Duration appTtl, boolean batchFetches,
                            int concurrentLoads, Duration pollInterval, Duration presenceWindow,
                            Duration changeRetention, WebhookTransport webhookTransport,
                            WebhookRetry webhookRetry, Duration webhookTimeout) {

    /** @throws IllegalArgumentException naming the first bad option */
    public RosterOptions {
        require(storage != null || storageUrl != null, "storageUrl", "is required: give storageUrl(\"jdbc:…\", "
                + "\"mongodb://…\", or \"memory:\" for a store that keeps nothing after close) or storage(…)");
        require(threads > 0, "threads", "must be positive; got " + threads);
        require(concurrentLoads > 0, "concurrentLoads", "must be positive; got " + concurrentLoads);
        require(cacheSize >= 0, "cacheSize", "must not be negative; got " + cacheSize);
        require(positive(cacheTtl), "cacheTtl", "must be positive; got " + cacheTtl);
        require(!appTtl.isNegative(), "appTtl", "must not be negative; got " + appTtl);
        require(positive(pollInterval), "pollInterval", "must be positive; got " + pollInterval);
        require(positive(presenceWindow), "presenceWindow", "must be positive; got " + presenceWindow);
        require(positive(changeRetention), "changeRetention", "must be positive; got " + changeRetention);
        require(webhookRetry != null, "webhookRetry", "is required");
        require(positive(webhookTimeout), "webhookTimeout", "must be positive; got " + webhookTimeout);
    }

    /** Whether Roster opens (and so closes) the store itself. */
    public boolean ownsStorage() {
        return storage == null;
    }

    /**
     * The caller's store, or the one a {@link StorageProvider} on the class path opens for the URL.
     *
     * @throws RosterException {@code INVALID_ARGUMENT} if no provider accepts the URL
     */
    public Storage openStorage() {
        return storage != null ? storage : StorageProvider.openUrl(storageUrl);
    }

    /** A new pool of {@code threads} daemon threads, for when the caller gave no executor. */
    public ExecutorService newExecutor() {
        AtomicInteger count = new AtomicInteger();
        return Executors.newFixedThreadPool(threads, task -> {
            Thread thread = new Thread(task, "roster-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    private static boolean positive(Duration duration) {
        return !duration.isNegative() && !duration.isZero();
    }

    private static void require(boolean condition, String option, String problem) {
        if (!condition) {
            throw new IllegalArgumentException(option + " " + problem);
        }
    }
}
