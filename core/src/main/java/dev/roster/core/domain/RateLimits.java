package dev.roster.core.domain;

import java.util.Objects;

/**
 * An app's request budgets (SPEC §12): one for the trusted API, shared by every caller with the
 * app's secret key, and one for each signed-in user of the browser API.
 *
 * @param trusted the budget of the trusted API
 * @param browser the budget of each signed-in user on the browser API
 */
public record RateLimits(RateLimit trusted, RateLimit browser) {

    /**
     * The budgets of a new app: 1,000 trusted requests a second with bursts of 2,000, and 50 a
     * second with bursts of 100 for each browser user; generous next to a hosted API's published
     * limits, and low enough to stop a runaway loop.
     */
    public static final RateLimits DEFAULTS = new RateLimits(new RateLimit(1_000, 2_000), new RateLimit(50, 100));

    /**
     * Checks that both are present.
     *
     * @param trusted the budget of the trusted API
     * @param browser the budget of each signed-in user on the browser API
     * @throws NullPointerException if one is null
     */
    public RateLimits {
        Objects.requireNonNull(trusted, "trusted");
        Objects.requireNonNull(browser, "browser");
    }
}
