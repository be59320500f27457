package dev.roster.core.domain;

import java.time.Duration;
import java.util.Objects;

/**
 * When a failed webhook delivery is tried again (SPEC §11): after {@code first}, then twice as
 * long after each further failure, at most {@code max} apart, until {@code giveUpAfter} has passed
 * since the first attempt; then the delivery is failed.
 *
 * @param first       the wait after the first failure, positive
 * @param max         the longest wait, at least {@code first}
 * @param giveUpAfter how long after its first attempt a delivery is still retried, not negative
 */
public record WebhookRetry(Duration first, Duration max, Duration giveUpAfter) {

    /** The default: 1 s doubling to 1 h, for 24 h. */
    public static final WebhookRetry DEFAULT = new WebhookRetry(Duration.ofSeconds(1), Duration.ofHours(1),
            Duration.ofHours(24));

    /**
     * Checks the fields.
     *
     * @param first       the first wait
     * @param max         the longest wait
     * @param giveUpAfter how long retries go on
     * @throws IllegalArgumentException naming the bad field
     */
    public WebhookRetry {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(max, "max");
        Objects.requireNonNull(giveUpAfter, "giveUpAfter");
        if (first.isNegative() || first.isZero()) {
            throw new IllegalArgumentException("first must be positive; got " + first);
        }
        if (max.compareTo(first) < 0) {
            throw new IllegalArgumentException("max must be at least first (" + first + "); got " + max);
        }
        if (giveUpAfter.isNegative()) {
            throw new IllegalArgumentException("giveUpAfter must not be negative; got " + giveUpAfter);
        }
    }

    /**
     * The wait after the {@code failures}-th failure in a row.
     *
     * @param failures how many attempts failed, at least 1
     * @return the wait in milliseconds
     */
    public long delayMillis(int failures) {
        long wait = first.toMillis();
        for (int i = 1; i < failures && wait < max.toMillis(); i++) {
            wait *= 2;
        }
        return Math.min(wait, max.toMillis());
    }
}
