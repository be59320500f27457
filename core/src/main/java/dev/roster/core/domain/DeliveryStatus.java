package dev.roster.core.domain;

/** Where a webhook {@link Delivery} stands. */
public enum DeliveryStatus {
    /** Not delivered yet: waiting for its first attempt, for an earlier event, or for its next retry. */
    PENDING,
    /** The receiver answered 2xx. */
    DELIVERED,
    /** Every retry failed until the retry policy gave up; a manual retry sends it again. */
    FAILED
}
