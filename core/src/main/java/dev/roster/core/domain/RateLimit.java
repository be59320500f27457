package dev.roster.core.domain;

/**
 * A token-bucket budget (SPEC §12): a full bucket holds {@code burst} requests, and it refills at
 * {@code perSecond} requests a second. A request takes one token or is refused.
 *
 * @param perSecond how many tokens the bucket gains each second, 1 to {@value #MAX}
 * @param burst     how many tokens a full bucket holds, 1 to {@value #MAX}
 */
public record RateLimit(int perSecond, int burst) {

    /** The largest {@code perSecond} and {@code burst}. */
    public static final int MAX = 1_000_000;

    /**
     * Checks the bounds.
     *
     * @param perSecond how many tokens the bucket gains each second, 1 to {@value #MAX}
     * @param burst     how many tokens a full bucket holds, 1 to {@value #MAX}
     * @throws IllegalArgumentException naming the value out of bounds
     */
    public RateLimit {
        check("perSecond", perSecond);
        check("burst", burst);
    }

    private static void check(String name, int value) {
        if (value < 1 || value > MAX) {
            throw new IllegalArgumentException(name + " must be between 1 and " + MAX + "; got " + value);
        }
    }
}
