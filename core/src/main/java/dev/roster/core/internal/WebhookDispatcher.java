package dev.roster.core.internal;

import dev.roster.core.domain.Delivery;
import dev.roster.core.domain.ErrorCode;
import dev.roster.core.domain.FeedCursor;
import dev.roster.core.domain.FeedEvent;
import dev.roster.core.domain.RosterException;
import dev.roster.core.domain.Webhook;
import dev.roster.core.domain.WebhookRetry;
import dev.roster.core.domain.WebhookSignature;
import dev.roster.core.spi.StoredWebhook;
import dev.roster.core.spi.WebhookReply;
import dev.roster.core.spi.WebhookStore;
import dev.roster.core.spi.WebhookTransport;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * Sends the change feed's events to webhooks (SPEC §11), on one daemon thread, in rounds: when
 * woken by a write and at least every poll interval. A round, for each enabled webhook:
 * <ol>
 *   <li><b>queues</b> the feed's events after the webhook's queue position that match its
 *       patterns, as pending deliveries ({@link WebhookStore#enqueue}: every process may queue the
 *       same events, the store keeps one delivery of each);</li>
 *   <li><b>sends</b> the pending deliveries that are due and have no earlier pending delivery of
 *       the same user or conversation (so each user's and each conversation's events arrive in
 *       order), each after {@link WebhookStore#claim claiming} it with a lease: of many processes
 *       one sends it, and if that one dies before recording the outcome, another sends it again
 *       once the lease ends (at least once).</li>
 * </ol>
 * Posts are asynchronous ({@link WebhookTransport#post}), up to {@value #MAX_IN_FLIGHT} per webhook;
 * their outcomes are recorded together at the start of the next round, so a slow or dead receiver
 * holds only its own webhook's deliveries, never writes or other webhooks.
 */
public final class WebhookDispatcher implements AutoCloseable {

    /** The most feed events one round queues per webhook. */
    static final int QUEUE_PAGE = 500;
    /** The most posts of one webhook in flight from this process. */
    static final int MAX_IN_FLIGHT = 64;
    /** The most pending deliveries one round considers per webhook. */
    static final int PENDING_WINDOW = 4 * MAX_IN_FLIGHT;
    private static final System.Logger LOG = System.getLogger(WebhookDispatcher.class.getName());

    private final WebhookStore store;
    private final FeedReader feed;
    private final WebhookTransport transport;
    private final Clock clock;
    private final WebhookRetry retry;
    private final Duration timeout;
    private final long leaseMillis;
    private final Map<String, Set<FeedCursor>> inFlight = new ConcurrentHashMap<>();
    private final Queue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
    private final PollingThread thread;

    /**
     * Starts dispatching.
     *
     * @param timeout the most one post may take; a claim's lease is three times as long
     */
    public WebhookDispatcher(WebhookStore store, FeedReader feed, WebhookTransport transport, Clock clock,
                             WebhookRetry retry, Duration timeout, Duration pollInterval) {
        this.store = store;
        this.feed = feed;
        this.transport = transport;
        this.clock = clock;
        this.retry = retry;
        this.timeout = timeout;
        this.leaseMillis = timeout.toMillis() * 3;
        this.thread = new PollingThread("roster-webhooks", pollInterval, this::round,
                "A webhook round failed; retrying at the next poll");
    }

    /** Asks for a round now, for example after a write or a manual retry. */
    public void wake() {
        thread.wake();
    }

    /**
     * Stops the rounds, waiting for the one in progress. Outcomes of posts still in flight are not
     * recorded: those deliveries are sent again when their leases end.
     */
    @Override
    public void close() {
        thread.close();
    }

    /** One round over every enabled webhook; true if a queue has more events waiting right now. */
    private boolean round() {
        recordOutcomes();
        boolean more = false;
        for (StoredWebhook stored : store.all()) {
            if (stored.webhook().enabled()) {
                try {
                    more |= dispatch(stored);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "Dispatching webhook " + stored.webhook().id() + " of app "
                            + stored.webhook().appId() + " failed; retrying at the next round", e);
                }
            }
        }
        return more;
    }

    private boolean dispatch(StoredWebhook stored) {
        Webhook webhook = stored.webhook();
        FeedReader.Scan scan;
        try {
            scan = feed.read(webhook.appId(), stored.queuedThrough(), QUEUE_PAGE, QUEUE_PAGE);
        } catch (RosterException e) {
            if (e.code() != ErrorCode.CURSOR_EXPIRED) {
                throw e;
            }
            LOG.log(System.Logger.Level.WARNING, "Webhook " + webhook.id() + " of app " + webhook.appId()
                    + " fell behind the change feed's retention: the events it missed are not sent");
            store.save(webhook, FeedCursor.START);
            return true;
        }
        FeedCursor through = scan.page().next();
        if (!through.equals(stored.queuedThrough())) {
            List<Delivery> deliveries = new ArrayList<>();
            for (FeedEvent event : scan.page().events()) {
                if (webhook.matches(event.type())) {
                    deliveries.add(Delivery.queued(webhook.id(), event, transport.encode(event)));
                }
            }
            store.enqueue(webhook.appId(), webhook.id(), deliveries, through);
        }
        send(webhook, through);
        return !scan.reachedEnd() && !through.equals(stored.queuedThrough());
    }

    /**
     * Sends what is due. Only deliveries before {@code queuedThrough} count: every one of them was
     * stored before that position was, so none of an earlier event is still on its way into the
     * store while a later one of the same user is considered.
     */
    private void send(Webhook webhook, FeedCursor queuedThrough) {
        Set<FeedCursor> flying = inFlight.computeIfAbsent(webhook.appId() + '\u0000' + webhook.id(),
                key -> ConcurrentHashMap.newKeySet());
        Set<String> users = new HashSet<>();
        Set<String> conversations = new HashSet<>();
        long now = clock.millis();
        Map<FeedCursor, Delivery> due = new LinkedHashMap<>();
        for (Delivery delivery : store.pending(webhook.appId(), webhook.id(), PENDING_WINDOW)) {
            if (delivery.eventId().compareTo(queuedThrough) > 0 || flying.size() + due.size() >= MAX_IN_FLIGHT) {
                break;
            }
            boolean userWaits = delivery.userId() != null && !users.add(delivery.userId());
            boolean conversationWaits = delivery.conversationId() != null
                    && !conversations.add(delivery.conversationId());
            if (!userWaits && !conversationWaits && delivery.nextAttemptAt() <= now
                    && !flying.contains(delivery.eventId())) {
                due.put(delivery.eventId(), delivery);
            }
        }
        if (due.isEmpty()) {
            return;
        }
        for (FeedCursor claimed : store.claim(webhook.appId(), webhook.id(), List.copyOf(due.keySet()), now,
                now + leaseMillis)) {
            flying.add(claimed);
            post(webhook, due.get(claimed), flying);
        }
    }

    private void post(Webhook webhook, Delivery delivery, Set<FeedCursor> flying) {
        long sentAt = clock.millis();
        Map<String, String> headers = Map.of(
                "Roster-Webhook-Id", webhook.id(),
                "Roster-Event-Id", delivery.eventId().toString(),
                WebhookSignature.HEADER, WebhookSignature.sign(webhook.secret(), sentAt / 1000, delivery.body()));
        transport.post(URI.create(webhook.url()), headers, delivery.body(), timeout)
                .completeOnTimeout(WebhookReply.failed("no outcome within " + timeout.multipliedBy(2)),
                        timeout.multipliedBy(2).toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((reply, error) -> {
                    WebhookReply outcome = reply != null ? reply : WebhookReply.failed(String.valueOf(error));
                    outcomes.add(new Outcome(delivery.attempted(outcome.status(), outcome.error(), clock.millis(),
                            retry), flying));
                    wake();
                });
    }

    /**
     * Records every outcome that came in since the last round, in one store write, and only then
     * lets those deliveries be considered again. A failed write leaves them claimed: each is sent
     * again when its lease ends.
     */
    private void recordOutcomes() {
        List<Outcome> done = new ArrayList<>();
        for (Outcome outcome = outcomes.poll(); outcome != null; outcome = outcomes.poll()) {
            done.add(outcome);
        }
        if (done.isEmpty()) {
            return;
        }
        try {
            store.update(done.stream().map(Outcome::delivery).toList());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Recording " + done.size() + " webhook deliveries failed; they are "
                    + "sent again when their leases end", e);
        } finally {
            done.forEach(outcome -> outcome.flying().remove(outcome.delivery().eventId()));
        }
    }

    /** A post's outcome, waiting to be recorded, and the in-flight set it leaves once recorded. */
    private record Outcome(Delivery delivery, Set<FeedCursor> flying) {
    }
}
