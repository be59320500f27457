package dev.roster.testkit;

import dev.roster.core.domain.FeedEvent;
import dev.roster.core.domain.WebhookSignature;
import dev.roster.core.spi.WebhookReply;
import dev.roster.core.spi.WebhookTransport;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A webhook transport that is its own receiver, for the contract suite: it records every post,
 * checks nothing itself and answers as the test scripts it ({@link #answer}, 200 by default).
 * Events are encoded as a small JSON object of their id, type, user and conversation. The real
 * outbound HTTP path is tested in {@code roster-adapters-http}; here the store's part is under test.
 * Refuses every URL whose host is {@code private.example}.
 */
public final class WebhookReceiver implements WebhookTransport {

    /** The host this transport refuses, standing for a private address. */
    public static final String REFUSED_HOST = "private.example";

    private final List<Post> posts = new ArrayList<>();
    private volatile Function<Post, CompletableFuture<WebhookReply>> answer =
            post -> CompletableFuture.completedFuture(WebhookReply.status(200));

    /**
     * One post received.
     *
     * @param url     where it was posted
     * @param headers its headers
     * @param body    its body
     */
    public record Post(URI url, Map<String, String> headers, String body) {

        /** {@return the {@code Roster-Event-Id} header} */
        public String eventId() {
            return headers.get("Roster-Event-Id");
        }

        /** {@return the {@code Roster-Webhook-Id} header} */
        public String webhookId() {
            return headers.get("Roster-Webhook-Id");
        }

        /**
         * Whether the signature header signs the body with {@code secret}, within five minutes of
         * {@code now}.
         *
         * @param secret the webhook's secret
         * @param now    the receiver's time
         * @return true when valid
         */
        public boolean signedWith(String secret, Instant now) {
            return WebhookSignature.verify(secret, headers.get(WebhookSignature.HEADER), body, now.getEpochSecond(), 300);
        }
    }

    /**
     * How the receiver answers from now on.
     *
     * @param answer the reply to each post, completed when the receiver answers (or never)
     */
    public void answer(Function<Post, CompletableFuture<WebhookReply>> answer) {
        this.answer = answer;
    }

    /** {@return every post received until now, in the order received} */
    public synchronized List<Post> posts() {
        return List.copyOf(posts);
    }

    /**
     * The posts received for one webhook.
     *
     * @param webhookId the webhook
     * @return its posts, in the order received
     */
    public synchronized List<Post> posts(String webhookId) {
        return posts.stream().filter(post -> webhookId.equals(post.webhookId())).toList();
    }

    @Override
    public String encode(FeedEvent event) {
        return "{\"id\":\"" + event.id() + "\",\"type\":\"" + event.type().wire() + "\",\"userId\":"
                + quoted(event.userId()) + ",\"conversationId\":" + quoted(event.conversationId()) + "}";
    }

    @Override
    public Optional<String> refusal(URI url) {
        return REFUSED_HOST.equals(url.getHost()) ? Optional.of("is a private address") : Optional.empty();
    }

    @Override
    public CompletableFuture<WebhookReply> post(URI url, Map<String, String> headers, String body, Duration timeout) {
        Post post = new Post(url, Map.copyOf(headers), body);
        synchronized (this) {
            posts.add(post);
        }
        return answer.apply(post);
    }

    private static String quoted(String text) {
        return text == null ? "null" : "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
