package dev.roster.core.spi;

import dev.roster.core.domain.FeedEvent;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The outbound side of webhooks: encodes an event as the body the receiver gets and posts it. Core
 * signs the body, decides when to post and records the outcome; an implementation must not block
 * the calling thread on the network.
 */
public interface WebhookTransport {

    /**
     * The event's JSON, exactly as the change feed's REST API shows it.
     *
     * @param event the event
     * @return the body to post
     */
    String encode(FeedEvent event);

    /**
     * Why events may not be sent to {@code url}, if they may not: for instance a loopback or
     * private address the operator did not allow. Checked when a webhook is registered.
     *
     * @param url the webhook's URL
     * @return the problem, to show as the {@code url} field's error, or empty when it may be used
     */
    Optional<String> refusal(URI url);

    /**
     * Posts {@code body} with {@code headers} (and {@code Content-Type: application/json}).
     *
     * @param url     where to post
     * @param headers the extra headers
     * @param body    the body
     * @param timeout the most time the whole exchange may take
     * @return the outcome once known; never completes exceptionally
     */
    CompletableFuture<WebhookReply> post(URI url, Map<String, String> headers, String body, Duration timeout);
}
