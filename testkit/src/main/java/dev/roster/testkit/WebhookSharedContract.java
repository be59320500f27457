package dev.roster.testkit;

import dev.roster.core.domain.Delivery;
import dev.roster.core.domain.DeliveryStatus;
import dev.roster.core.domain.FeedCursor;
import dev.roster.core.domain.FeedEventType;
import dev.roster.core.domain.Webhook;
import dev.roster.core.domain.WebhookRetry;
import dev.roster.core.spi.Capability;
import dev.roster.core.spi.WebhookStore;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Capability#SHARED_BETWEEN_PROCESSES} for webhooks: two stores opened on the same data, as
 * two processes would open them, keep one registration and one queue, queue the same events once
 * whichever of them queues them, and of their concurrent claims of a delivery exactly one wins; a
 * lease that one took is taken over by the other once it ends.
 */
public abstract class WebhookSharedContract extends TwoProcessContract {

    private static final FeedCursor START = new FeedCursor(1, 0);
    private static final int EVENTS = 60;

    private WebhookStore here() {
        return storage().webhooks();
    }

    private WebhookStore there() {
        return other.webhooks();
    }

    private Webhook savedWebhook() {
        Webhook webhook = new Webhook(app.id(), newId("hook"), "https://example.com/hooks", List.of("*"),
                "whsec_" + newId("secret"), true);
        here().save(webhook, START);
        return webhook;
    }

    private static Delivery delivery(Webhook webhook, long position) {
        return new Delivery(webhook.appId(), webhook.id(), new FeedCursor(position, 0), FeedEventType.USER_UPDATED,
                "u" + position, null, "{\"id\":\"" + position + ".0\"}", 1_700_000_000_000L + position,
                DeliveryStatus.PENDING, 0, 0, null, 0, 0, 0);
    }

    private static List<Delivery> deliveries(Webhook webhook) {
        List<Delivery> all = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            all.add(delivery(webhook, 10 + i));
        }
        return all;
    }

    @Test
    void aWebhookSavedByOneProcessIsReadAndQueuedByTheOther() {
        Webhook webhook = savedWebhook();

        there().enqueue(webhook.appId(), webhook.id(), List.of(delivery(webhook, 5)), new FeedCursor(6, 0));

        assertEquals(webhook, there().find(webhook.appId(), webhook.id()).orElseThrow().webhook());
        assertEquals(new FeedCursor(6, 0), here().find(webhook.appId(), webhook.id()).orElseThrow().queuedThrough());
        assertEquals(List.of(delivery(webhook, 5)), here().pending(webhook.appId(), webhook.id(), 10));
    }

    /** Both processes queue the same events at once, a page at a time, as two dispatchers would. */
    @Test
    void eventsQueuedByBothProcessesAtOnceAreQueuedOnce() throws Exception {
        Webhook webhook = savedWebhook();
        List<Delivery> expected = deliveries(webhook);
        List<Callable<Boolean>> dispatchers = new ArrayList<>();
        for (WebhookStore store : List.of(here(), there())) {
            dispatchers.add(() -> {
                for (int from = 0; from < EVENTS; from += 6) {
                    List<Delivery> page = expected.subList(from, from + 6);
                    store.enqueue(webhook.appId(), webhook.id(), page, page.get(5).eventId());
                }
                return true;
            });
        }

        runAll(dispatchers);

        assertEquals(expected, here().pending(webhook.appId(), webhook.id(), 2 * EVENTS));
        assertEquals(expected.get(EVENTS - 1).eventId(),
                there().find(webhook.appId(), webhook.id()).orElseThrow().queuedThrough());
    }

    /** Two senders in each process try every delivery, each in its own order: every delivery is won once. */
    @Test
    void ofClaimsFromBothProcessesEachDeliveryIsWonOnce() throws Exception {
        Webhook webhook = savedWebhook();
        List<Delivery> queued = deliveries(webhook);
        here().enqueue(webhook.appId(), webhook.id(), queued, queued.get(EVENTS - 1).eventId());
        List<Callable<List<FeedCursor>>> senders = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            WebhookStore store = i % 2 == 0 ? here() : there();
            List<FeedCursor> order = new ArrayList<>(queued.stream().map(Delivery::eventId).toList());
            Collections.shuffle(order, new Random(i));
            senders.add(() -> {
                List<FeedCursor> won = new ArrayList<>();
                for (FeedCursor eventId : order) {
                    if (!store.claim(webhook.appId(), webhook.id(), List.of(eventId), 1_000, 61_000).isEmpty()) {
                        won.add(eventId);
                    }
                }
                return won;
            });
        }

        List<FeedCursor> won = new ArrayList<>();
        runAll(senders).forEach(won::addAll);

        assertEquals(queued.stream().map(Delivery::eventId).sorted().toList(), won.stream().sorted().toList());
    }

    @Test
    void aLeaseTakenByOneProcessIsTakenOverByTheOtherWhenItEnds() {
        Webhook webhook = savedWebhook();
        Delivery delivery = delivery(webhook, 5);
        here().enqueue(webhook.appId(), webhook.id(), List.of(delivery), new FeedCursor(6, 0));
        FeedCursor id = delivery.eventId();

        assertFalse(here().claim(webhook.appId(), webhook.id(), List.of(id), 1_000, 31_000).isEmpty());
        assertTrue(there().claim(webhook.appId(), webhook.id(), List.of(id), 30_000, 60_000).isEmpty(),
                "held by the first process");
        assertFalse(there().claim(webhook.appId(), webhook.id(), List.of(id), 31_001, 61_000).isEmpty(),
                "the first one's lease ended");
        Delivery delivered = delivery.attempted(204, null, 31_500, WebhookRetry.DEFAULT);
        there().update(List.of(delivered));

        assertEquals(delivered, here().delivery(webhook.appId(), webhook.id(), id).orElseThrow());
        assertTrue(here().claim(webhook.appId(), webhook.id(), List.of(id), 100_000, 130_000).isEmpty(), "delivered");
    }

    private static <T> List<T> runAll(List<Callable<T>> tasks) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(tasks.size());
        try {
            List<T> results = new ArrayList<>();
            for (Future<T> task : threads.invokeAll(tasks, WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                results.add(task.get());
            }
            return results;
        } finally {
            threads.shutdownNow();
        }
    }
}
