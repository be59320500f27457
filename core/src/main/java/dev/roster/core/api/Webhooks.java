package dev.roster.core.api;

import dev.roster.core.domain.Delivery;
import dev.roster.core.domain.ErrorCode;
import dev.roster.core.domain.FeedCursor;
import dev.roster.core.domain.QueryParameters;
import dev.roster.core.domain.RosterException;
import dev.roster.core.domain.Violations;
import dev.roster.core.domain.Webhook;
import dev.roster.core.domain.WebhookSettings;
import dev.roster.core.spi.ChangeLog;
import dev.roster.core.spi.StoredWebhook;
import dev.roster.core.spi.WebhookStore;
import dev.roster.core.spi.WebhookTransport;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The apps' webhooks (SPEC §11): each receives the change feed's events that match its patterns
 * as signed POSTs, at least once, in order per user and per conversation, retried with backoff,
 * one sender per event among every process that shares the store. Registrations and the delivery
 * log are kept in the store. Sending needs a {@link Roster.Builder#webhookTransport transport}.
 */
public final class Webhooks {

    /** The most deliveries one page of the delivery log holds. */
    public static final int MAX_LIMIT = 100;

    private final WebhookStore store;
    private final WebhookTransport transport;
    private final ChangeLog log;
    private final Consumer<String> requireApp;
    private final Clock clock;
    private final Runnable wake;

    Webhooks(WebhookStore store, WebhookTransport transport, ChangeLog log, Consumer<String> requireApp, Clock clock,
             Runnable wake) {
        this.store = store;
        this.transport = transport;
        this.log = log;
        this.requireApp = requireApp;
        this.clock = clock;
        this.wake = wake;
    }

    /**
     * What {@link #put} stored.
     *
     * @param webhook         the webhook as stored, with its secret
     * @param created         whether it is new
     * @param secretGenerated whether its secret was generated now: the only time to show it
     */
    public record Registered(Webhook webhook, boolean created, boolean secretGenerated) {
    }

    /**
     * Creates or replaces a webhook. A new one receives the events made from now on; one enabled
     * again receives the events made from then on, none of those made while it was disabled.
     *
     * @param appId     the app
     * @param webhookId the webhook's id
     * @param settings  the registration
     * @return the stored webhook
     * @throws RosterException {@link ErrorCode#NOT_FOUND} for an unknown app;
     *                         {@link ErrorCode#INVALID_ARGUMENT} naming {@code webhookId}, {@code url},
     *                         {@code events} (or {@code events[i]}) or {@code secret}, also for a URL
     *                         the transport refuses (a private address); {@link ErrorCode#UNAVAILABLE}
     *                         when this Roster has no transport
     */
    public Registered put(String appId, String webhookId, WebhookSettings settings) {
        Objects.requireNonNull(settings, "settings");
        requireApp.accept(appId);
        if (transport == null) {
            throw RosterException.of(ErrorCode.UNAVAILABLE, "This Roster sends no webhooks: build it with "
                    + "Roster.builder().webhookTransport(…)");
        }
        Optional<Webhook> existing = store.find(appId, webhookId).map(StoredWebhook::webhook);
        Webhook webhook = settings.applyTo(appId, webhookId, existing.orElse(null));
        transport.refusal(URI.create(webhook.url())).ifPresent(problem -> {
            throw RosterException.invalid("Events may not be sent to " + webhook.url() + ".",
                    Violations.of("url", problem));
        });
        boolean starts = existing.isEmpty() || webhook.enabled() && !existing.get().enabled();
        boolean created = store.save(webhook, starts ? new FeedCursor(log.head() + 1, 0) : null);
        wake.run();
        return new Registered(webhook, created, settings.secret() == null && existing.isEmpty());
    }

    /**
     * One webhook.
     *
     * @param appId     the app
     * @param webhookId the webhook
     * @return the webhook with its secret, or empty
     * @throws RosterException {@link ErrorCode#NOT_FOUND} for an unknown app
     */
    public Optional<Webhook> find(String appId, String webhookId) {
        requireApp.accept(appId);
        return store.find(appId, webhookId).map(StoredWebhook::webhook);
    }

    /**
     * The app's webhooks.
     *
     * @param appId the app
     * @return the webhooks, by id
     * @throws RosterException {@link ErrorCode#NOT_FOUND} for an unknown app
     */
    public List<Webhook> list(String appId) {
        requireApp.accept(appId);
        return store.list(appId).stream().map(StoredWebhook::webhook).toList();
    }

    /**
     * Removes a webhook and its delivery log; its pending deliveries are not sent.
     *
     * @param appId     the app
     * @param webhookId the webhook
     * @return true if it existed
     * @throws RosterException {@link ErrorCode#NOT_FOUND} for an unknown app
     */
    public boolean delete(String appId, String webhookId) {
        requireApp.accept(appId);
        return store.delete(appId, webhookId);
    }

    /**
     * The webhook's delivery log, newest event first: one entry per event with its status, attempts,
     * last response and next attempt. Deliveries are kept as long as the change feed keeps events.
     *
     * @param appId     the app
     * @param webhookId the webhook
     * @param before    only events before this one (a delivery's event id), or null for the newest
     * @param limit     1 to {@value #MAX_LIMIT}
     * @return the deliveries
     * @throws RosterException {@link ErrorCode#NOT_FOUND} for an unknown app or webhook;
     *                         {@link ErrorCode#INVALID_ARGUMENT} naming {@code limit}
     */
    public List<Delivery> deliveries(String appId, String webhookId, FeedCursor before, int limit) {
        QueryParameters.requireLimit(limit, MAX_LIMIT);
        requireWebhook(appId, webhookId);
        return store.deliveries(appId, webhookId, before, limit);
    }

    /**
     * Sends an event to the webhook again soon, whatever its delivery's status, with a new retry
     * window; its attempts so far stay counted.
     *
     * @param appId     the app
     * @param webhookId the webhook
     * @param eventId   the event's id
     * @return the delivery, pending
     * @throws RosterException {@link ErrorCode#NOT_FOUND} for an unknown app, webhook or delivery
     */
    public Delivery retry(String appId, String webhookId, FeedCursor eventId) {
        Objects.requireNonNull(eventId, "eventId");
        requireWebhook(appId, webhookId);
        Delivery delivery = store.delivery(appId, webhookId, eventId).orElseThrow(() -> RosterException.notFound(
                "Webhook " + webhookId + " has no delivery of event " + eventId + "."));
        Delivery retried = delivery.retried(clock.millis());
        store.update(List.of(retried));
        wake.run();
        return retried;
    }

    private void requireWebhook(String appId, String webhookId) {
        requireApp.accept(appId);
        if (store.find(appId, webhookId).isEmpty()) {
            throw RosterException.notFound("App " + appId + " has no webhook " + webhookId + ".");
        }
    }
}
