package dev.roster.core.spi;

import dev.roster.core.domain.Delivery;
import dev.roster.core.domain.FeedCursor;
import dev.roster.core.domain.Webhook;

import java.util.List;
import java.util.Optional;

/**
 * Stores webhooks and their deliveries (SPEC §11), so that every process sharing the store sends
 * each event once and any of them takes over from one that died. Core decides everything: which
 * events a webhook gets, their order, when to retry; the store keeps values, applies the
 * conditional writes named below atomically, and orders deliveries by event id
 * ({@link FeedCursor#compareTo}). Every method is one atomic write or a consistent read.
 */
public interface WebhookStore {

    /**
     * Creates the webhook or replaces the registration with the same app and id.
     *
     * @param webhook the registration
     * @param start   where a new webhook's queue starts; for an existing one, where its queue moves
     *                to (core moves it when a webhook is enabled again), or null to keep its position
     * @return true if the webhook was created
     * @throws IllegalArgumentException if {@code start} is null for a webhook that does not exist
     */
    boolean save(Webhook webhook, FeedCursor start);

    /**
     * One webhook.
     *
     * @param appId     the app
     * @param webhookId the webhook
     * @return the webhook, or empty
     */
    Optional<StoredWebhook> find(String appId, String webhookId);

    /**
     * The app's webhooks.
     *
     * @param appId the app
     * @return the webhooks, by id
     */
    List<StoredWebhook> list(String appId);

    /** {@return every app's webhooks, by app id then id: what a dispatcher reads once per round} */
    List<StoredWebhook> all();

    /**
     * Removes a webhook with its deliveries.
     *
     * @param appId     the app
     * @param webhookId the webhook
     * @return true if it existed
     */
    boolean delete(String appId, String webhookId);

    /**
     * Queues deliveries and moves the webhook's queue to {@code through}. A delivery whose event the
     * webhook already has is left as stored; the queue's position only moves forward. Many processes
     * may queue the same events at once: they queue the same deliveries, so none is lost or doubled.
     * The deliveries are stored before (or with) the position, so that after a crash nothing queued
     * was skipped. Does nothing for a webhook that does not exist.
     *
     * @param appId      the app
     * @param webhookId  the webhook
     * @param deliveries the new deliveries, in event order
     * @param through    the cursor after the last event considered (matching or not)
     */
    void enqueue(String appId, String webhookId, List<Delivery> deliveries, FeedCursor through);

    /**
     * The webhook's pending deliveries, oldest event first, at most {@code max}.
     *
     * @param appId     the app
     * @param webhookId the webhook
     * @param max       the most to return
     * @return the deliveries
     */
    List<Delivery> pending(String appId, String webhookId, int max);

    /**
     * Claims pending deliveries for one send each: a delivery is claimed, and held until
     * {@code leaseUntil}, only if it is pending, due ({@code nextAttemptAt <= now}) and not held by a
     * lease that ends after {@code now}. At most one of many concurrent claims of a delivery
     * succeeds. One round trip where the engine allows.
     *
     * @param appId      the app
     * @param webhookId  the webhook
     * @param eventIds   the deliveries' events
     * @param now        the claimer's time, Unix milliseconds
     * @param leaseUntil when the claims lapse, Unix milliseconds
     * @return the events this call claimed, in the order given
     */
    List<FeedCursor> claim(String appId, String webhookId, List<FeedCursor> eventIds, long now, long leaseUntil);

    /**
     * Stores deliveries' status and attempt fields (every field but the event's own) and releases
     * their leases; a delivery that does not exist is skipped. One round trip where the engine
     * allows.
     *
     * @param deliveries the deliveries as they stand now
     */
    void update(List<Delivery> deliveries);

    /**
     * One delivery.
     *
     * @param appId     the app
     * @param webhookId the webhook
     * @param eventId   the event
     * @return the delivery, or empty
     */
    Optional<Delivery> delivery(String appId, String webhookId, FeedCursor eventId);

    /**
     * The webhook's delivery log, newest event first.
     *
     * @param appId     the app
     * @param webhookId the webhook
     * @param before    only events before this one, or null for the newest
     * @param limit     the most to return
     * @return the deliveries
     */
    List<Delivery> deliveries(String appId, String webhookId, FeedCursor before, int limit);

    /**
     * Removes delivered and failed deliveries of events made before {@code before}, of every
     * webhook, at most {@code max}; pending ones stay.
     *
     * @param before the time, Unix milliseconds
     * @param max    the most to remove
     * @return how many were removed
     */
    int prune(long before, int max);
}
