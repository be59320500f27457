package dev.roster.core.spi;

import dev.roster.core.domain.FeedCursor;
import dev.roster.core.domain.Webhook;

import java.util.Objects;

/**
 * A webhook as its store keeps it: the registration and how far into the change feed its
 * deliveries are queued.
 *
 * @param webhook      the registration
 * @param queuedThrough every matching event up to this cursor has a delivery
 */
public record StoredWebhook(Webhook webhook, FeedCursor queuedThrough) {

    /**
     * Checks the fields.
     *
     * @param webhook      the registration
     * @param queuedThrough the queue's position
     * @throws NullPointerException if a field is null
     */
    public StoredWebhook {
        Objects.requireNonNull(webhook, "webhook");
        Objects.requireNonNull(queuedThrough, "queuedThrough");
    }
}
