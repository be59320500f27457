package dev.roster.core.domain;

import java.util.Objects;

/**
 * One event's delivery to one webhook, as its delivery log shows it (SPEC §11).
 *
 * @param appId          the app
 * @param webhookId      the webhook
 * @param eventId        the event's id in the change feed
 * @param type           the event's type
 * @param userId         the user the event concerns, or null
 * @param conversationId the conversation the event concerns, or null
 * @param body           the JSON body posted, exactly as signed
 * @param at             when the event's change was made, Unix milliseconds
 * @param status         where the delivery stands
 * @param attempts       how many times it was posted
 * @param responseCode   the HTTP status of the last attempt, 0 before the first or when no answer came
 * @param error          why the last attempt failed when no answer came (a timeout, a refused
 *                       connection), or null
 * @param firstAttemptAt when the first attempt since the delivery was queued or manually retried
 *                       was made, Unix milliseconds, 0 before it
 * @param lastAttemptAt  when the last attempt was made, Unix milliseconds, 0 before the first
 * @param nextAttemptAt  when a pending delivery is due, Unix milliseconds (0: at once); 0 once it
 *                       is delivered or failed
 */
public record Delivery(String appId, String webhookId, FeedCursor eventId, FeedEventType type, String userId,
                       String conversationId, String body, long at, DeliveryStatus status, int attempts,
                       int responseCode, String error, long firstAttemptAt, long lastAttemptAt, long nextAttemptAt) {

    /**
     * Checks the fields.
     *
     * @param appId          the app
     * @param webhookId      the webhook
     * @param eventId        the event's id
     * @param type           the event's type
     * @param userId         the user, or null
     * @param conversationId the conversation, or null
     * @param body           the body
     * @param at             when the change was made
     * @param status         the status
     * @param attempts       the attempts made
     * @param responseCode   the last HTTP status or 0
     * @param error          the last error or null
     * @param firstAttemptAt the first attempt's time or 0
     * @param lastAttemptAt  the last attempt's time or 0
     * @param nextAttemptAt  when it is due
     * @throws NullPointerException if a required field is null
     */
    public Delivery {
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(webhookId, "webhookId");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(status, "status");
    }

    /**
     * A delivery of {@code event} to a webhook, queued and due at once.
     *
     * @param webhookId the webhook
     * @param event     the event
     * @param body      the event's JSON as it will be posted
     * @return the pending delivery
     */
    public static Delivery queued(String webhookId, FeedEvent event, String body) {
        return new Delivery(event.appId(), webhookId, event.id(), event.type(), event.userId(), event.conversationId(),
                body, event.at(), DeliveryStatus.PENDING, 0, 0, null, 0, 0, 0);
    }

    /**
     * This delivery after an attempt: delivered on a 2xx, else pending until the retry policy's
     * next attempt, or failed once it gives up.
     *
     * @param responseCode the HTTP status received, 0 when no answer came
     * @param error        why no answer came, or null
     * @param now          when the attempt was made, Unix milliseconds
     * @param retry        the retry policy
     * @return the delivery after the attempt
     */
    public Delivery attempted(int responseCode, String error, long now, WebhookRetry retry) {
        int tried = attempts + 1;
        long first = firstAttemptAt == 0 ? now : firstAttemptAt;
        if (responseCode >= 200 && responseCode < 300) {
            return with(DeliveryStatus.DELIVERED, tried, responseCode, null, first, now, 0);
        }
        if (now - first >= retry.giveUpAfter().toMillis()) {
            return with(DeliveryStatus.FAILED, tried, responseCode, error, first, now, 0);
        }
        return with(DeliveryStatus.PENDING, tried, responseCode, error, first, now, now + retry.delayMillis(tried));
    }

    /**
     * This delivery queued again by a manual retry: pending, due at {@code now}, with a new retry
     * window; its attempts so far stay counted.
     *
     * @param now the time of the retry, Unix milliseconds
     * @return the pending delivery
     */
    public Delivery retried(long now) {
        return with(DeliveryStatus.PENDING, attempts, responseCode, error, 0, lastAttemptAt, now);
    }

    private Delivery with(DeliveryStatus status, int attempts, int responseCode, String error, long firstAttemptAt,
                          long lastAttemptAt, long nextAttemptAt) {
        return new Delivery(appId, webhookId, eventId, type, userId, conversationId, body, at, status, attempts,
                responseCode, error, firstAttemptAt, lastAttemptAt, nextAttemptAt);
    }
}
