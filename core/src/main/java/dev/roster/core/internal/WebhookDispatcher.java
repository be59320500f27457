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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sends the change feed's events to webhooks (SPEC §11), on one daemon thread, in rounds: when
 * woken by a write, when a webhook's claimed deliveries run low, and at least every poll interval.
 * A round, for each enabled webhook:
 * <ol>
 *   <li><b>records</b> the outcomes of the posts that completed since the last round, in one store
 *       write;</li>
 *   <li><b>queues</b> the feed's events after the webhook's queue position that match its
 *       patterns, as pending deliveries ({@link WebhookStore#enqueue}: every process may queue the
 *       same events, the store keeps one delivery of each); only when the feed may have moved (a
 *       write woke the round, which then comes at least {@link #FEED_GAP} after the last read of
 *       the feed; the last round did not reach the feed's end; or a poll interval passed);</li>
 *   <li><b>claims</b> the pending deliveries that are due and have no earlier pending delivery of
 *       the same user or conversation (so each user's and each conversation's events arrive in
 *       order), with a lease, up to {@value #CLAIM_WINDOW} held per webhook: of many processes one
 *       sends each, and if that one dies before recording the outcome, another sends it again once
 *       the lease ends (at least once).</li>
 * </ol>
 * Claimed deliveries are posted asynchronously ({@link WebhookTransport#post}), up to
 * {@value #MAX_IN_FLIGHT} per webhook at a time; each completed post starts the next claimed one
 * at once, so posts do not wait for rounds, and a slow or dead receiver holds only its own
 * webhook's deliveries, never writes or other webhooks. A claimed delivery whose lease would end
 * before its post could complete is not posted: it is claimed again once its lease ends.
 */
public final class WebhookDispatcher implements AutoCloseable {

    /** The most feed events one round queues per webhook. */
    static final int QUEUE_PAGE = 500;
    /** The most posts of one webhook in flight from this process. */
    static final int MAX_IN_FLIGHT = 64;
    /** The most deliveries of one webhook claimed and not yet recorded by this process. */
    static final int CLAIM_WINDOW = 4 * MAX_IN_FLIGHT;
    /** The most pending deliveries one round considers per webhook: past the ones held, room to claim. */
    static final int PENDING_WINDOW = CLAIM_WINDOW + 2 * MAX_IN_FLIGHT;
    /**
     * The least time between two reads of the feed that writes ask for (a poll interval, if shorter):
     * a round that a write woke sooner waits for it, so that under a stream of writes one read
     * queues the events of several.
     */
    static final Duration FEED_GAP = Duration.ofMillis(100);
    private static final System.Logger LOG = System.getLogger(WebhookDispatcher.class.getName());

    private final WebhookStore store;
    private final FeedReader feed;
    private final WebhookTransport transport;
    private final Clock clock;
    private final WebhookRetry retry;
    private final Duration timeout;
    private final long leaseMillis;
    /** How long a post may take before it counts as failed: twice the timeout. */
    private final Duration outcomeWait;
    private final long pollNanos;
    private final long feedGapNanos;
    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
    private final Queue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean feedMoved = new AtomicBoolean(true);
    private final PollingThread thread;
    private volatile boolean closed;
    private boolean feedBehind;
    private long feedReadAt;

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
        this.outcomeWait = timeout.multipliedBy(2);
        this.pollNanos = pollInterval.toNanos();
        this.feedGapNanos = Math.min(pollNanos, FEED_GAP.toNanos());
        this.feedReadAt = System.nanoTime() - pollNanos;
        this.thread = new PollingThread("roster-webhooks", pollInterval, this::round,
                "A webhook round failed; retrying at the next poll");
    }

    /** Asks for a round now that reads the feed, for example after a write or a manual retry. */
    public void wake() {
        feedMoved.set(true);
        thread.wake();
    }

    /**
     * Stops the rounds, waiting for the one in progress, and starts no more posts. Outcomes of posts
     * still in flight are not recorded, and claimed deliveries not posted stay claimed: those
     * deliveries are sent again when their leases end.
     */
    @Override
    public void close() {
        closed = true;
        thread.close();
    }

    /** One round over every enabled webhook; true if a queue has more events waiting right now. */
    private boolean round() {
        recordOutcomes();
        boolean moved = feedMoved.getAndSet(false);
        if (moved && !feedBehind) {
            awaitFeedGap();
        }
        long now = System.nanoTime();
        boolean readFeed = moved || feedBehind || now - feedReadAt >= pollNanos;
        if (readFeed) {
            feedReadAt = now;
        }
        boolean more = false;
        Set<String> enabled = new HashSet<>();
        for (StoredWebhook stored : store.all()) {
            if (stored.webhook().enabled()) {
                enabled.add(laneKey(stored.webhook()));
                try {
                    more |= dispatch(stored, readFeed);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "Dispatching webhook " + stored.webhook().id() + " of app "
                            + stored.webhook().appId() + " failed; retrying at the next round", e);
                }
            }
        }
        lanes.entrySet().removeIf(entry -> !enabled.contains(entry.getKey()) && entry.getValue().dropBacklog());
        feedBehind = more;
        return more;
    }

    /** Waits until {@link #FEED_GAP} has passed since the last read of the feed. */
    private void awaitFeedGap() {
        long wait = feedReadAt + feedGapNanos - System.nanoTime();
        if (wait > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private boolean dispatch(StoredWebhook stored, boolean readFeed) {
        Webhook webhook = stored.webhook();
        Lane lane = lanes.computeIfAbsent(laneKey(webhook), key -> new Lane());
        lane.registration(webhook);
        if (!readFeed) {
            send(webhook, stored.queuedThrough(), lane);
            return false;
        }
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
        send(webhook, through, lane);
        return !scan.reachedEnd() && !through.equals(stored.queuedThrough());
    }

    private static String laneKey(Webhook webhook) {
        return webhook.appId() + '\u0000' + webhook.id();
    }

    /**
     * Claims what is due, when the webhook's lane runs low, and posts it. Only deliveries before
     * {@code queuedThrough} count: every one of them was stored before that position was, so none
     * of an earlier event is still on its way into the store while a later one of the same user is
     * considered.
     */
    private void send(Webhook webhook, FeedCursor queuedThrough, Lane lane) {
        int room = lane.room();
        if (room > 0) {
            Set<String> users = new HashSet<>();
            Set<String> conversations = new HashSet<>();
            long now = clock.millis();
            Map<FeedCursor, Delivery> due = new LinkedHashMap<>();
            for (Delivery delivery : store.pending(webhook.appId(), webhook.id(), PENDING_WINDOW)) {
                if (delivery.eventId().compareTo(queuedThrough) > 0 || due.size() >= room) {
                    break;
                }
                boolean userWaits = delivery.userId() != null && !users.add(delivery.userId());
                boolean conversationWaits = delivery.conversationId() != null
                        && !conversations.add(delivery.conversationId());
                if (!userWaits && !conversationWaits && delivery.nextAttemptAt() <= now
                        && !lane.holds(delivery.eventId())) {
                    due.put(delivery.eventId(), delivery);
                }
            }
            if (!due.isEmpty()) {
                long leaseUntil = now + leaseMillis;
                List<Claimed> claimed = new ArrayList<>();
                for (FeedCursor eventId : store.claim(webhook.appId(), webhook.id(), List.copyOf(due.keySet()), now,
                        leaseUntil)) {
                    claimed.add(new Claimed(due.get(eventId), leaseUntil));
                }
                lane.add(claimed);
            }
        }
        pump(lane);
    }

    /** Posts the lane's claimed deliveries while it has room in flight; from any thread. */
    private void pump(Lane lane) {
        for (Post next = lane.nextToPost(clock.millis(), outcomeWait.toMillis()); next != null && !closed;
             next = lane.nextToPost(clock.millis(), outcomeWait.toMillis())) {
            post(next, lane);
        }
    }

    private void post(Post post, Lane lane) {
        Webhook webhook = post.webhook();
        Delivery delivery = post.delivery();
        CompletableFuture<WebhookReply> sent;
        try {
            long sentAt = clock.millis();
            Map<String, String> headers = Map.of(
                    "Roster-Webhook-Id", webhook.id(),
                    "Roster-Event-Id", delivery.eventId().toString(),
                    WebhookSignature.HEADER, WebhookSignature.sign(webhook.secret(), sentAt / 1000, delivery.body()));
            sent = transport.post(URI.create(webhook.url()), headers, delivery.body(), timeout);
        } catch (RuntimeException e) {
            sent = CompletableFuture.completedFuture(WebhookReply.failed("the post could not be sent: " + e));
        }
        sent.completeOnTimeout(WebhookReply.failed("no outcome within " + outcomeWait),
                outcomeWait.toMillis(), TimeUnit.MILLISECONDS).whenComplete((reply, error) -> {
                    WebhookReply outcome = reply != null ? reply : WebhookReply.failed(String.valueOf(error));
                    outcomes.add(new Outcome(delivery.attempted(outcome.status(), outcome.error(), clock.millis(),
                            retry), lane));
                    if (lane.posted()) {
                        thread.wake();
                    }
                    pump(lane);
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
            done.forEach(outcome -> outcome.lane().release(outcome.delivery().eventId()));
        }
    }

    /**
     * One webhook's deliveries held by this process: claimed and waiting to be posted, in flight,
     * or completed with the outcome not yet recorded. Guarded by its own monitor.
     */
    private static final class Lane {

        private final Set<FeedCursor> held = new HashSet<>();
        private final Queue<Claimed> backlog = new ArrayDeque<>();
        private int inFlight;
        private Webhook webhook;

        /** {@return how many more may be claimed now: none while the backlog can fill every free post} */
        synchronized int room() {
            return backlog.size() >= MAX_IN_FLIGHT ? 0 : CLAIM_WINDOW - held.size();
        }

        synchronized boolean holds(FeedCursor eventId) {
            return held.contains(eventId);
        }

        synchronized void add(List<Claimed> claimed) {
            for (Claimed c : claimed) {
                held.add(c.delivery().eventId());
                backlog.add(c);
            }
        }

        /**
         * The next claimed delivery to post, counted in flight, or null when none may go now. One
         * whose lease ends less than {@code outcomeMillis} after {@code now} is dropped unsent.
         */
        synchronized Post nextToPost(long now, long outcomeMillis) {
            while (inFlight < MAX_IN_FLIGHT && !backlog.isEmpty()) {
                Claimed next = backlog.poll();
                if (next.leaseUntil() - outcomeMillis >= now) {
                    inFlight++;
                    return new Post(webhook, next.delivery());
                }
                held.remove(next.delivery().eventId());
            }
            return null;
        }

        /** Counts a completed post; true if a round should come now to record it and claim more. */
        synchronized boolean posted() {
            inFlight--;
            return inFlight == 0 || backlog.size() < MAX_IN_FLIGHT;
        }

        synchronized void release(FeedCursor eventId) {
            held.remove(eventId);
        }

        /**
         * Forgets the claimed deliveries not posted yet: their leases end and they are claimed again.
         *
         * @return whether the lane holds nothing any more
         */
        synchronized boolean dropBacklog() {
            for (Claimed c = backlog.poll(); c != null; c = backlog.poll()) {
                held.remove(c.delivery().eventId());
            }
            return held.isEmpty();
        }

        /** Posts from now on go with this registration (a new URL or secret, say). */
        synchronized void registration(Webhook webhook) {
            this.webhook = webhook;
        }
    }

    /** A claimed delivery and the end of its lease. */
    private record Claimed(Delivery delivery, long leaseUntil) {
    }

    /** A delivery to post now, with the webhook's registration at that moment. */
    private record Post(Webhook webhook, Delivery delivery) {
    }

    /** A post's outcome, waiting to be recorded, and the lane it leaves once recorded. */
    private record Outcome(Delivery delivery, Lane lane) {
    }
}
