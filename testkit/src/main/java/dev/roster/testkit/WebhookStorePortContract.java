package dev.roster.testkit;

import dev.roster.core.domain.Delivery;
import dev.roster.core.domain.DeliveryStatus;
import dev.roster.core.domain.FeedCursor;
import dev.roster.core.domain.FeedEventType;
import dev.roster.core.domain.Webhook;
import dev.roster.core.domain.WebhookRetry;
import dev.roster.core.spi.StoredWebhook;
import dev.roster.core.spi.WebhookStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The webhook store port: registrations and queue positions kept as saved, deliveries queued once
 * whoever queues them, claimed by one caller at a time, and ordered by event id.
 */
public abstract class WebhookStorePortContract extends ContractSupport {

    private static final FeedCursor START = new FeedCursor(7, 0);

    private WebhookStore webhooks() {
        return storage().webhooks();
    }

    private Webhook webhook(String appId) {
        return new Webhook(appId, newId("hook"), "https://example.com/hooks/roster?x=1",
                List.of("user.*", "message.created"), "whsec_" + newId("secret"), true);
    }

    private static Delivery delivery(Webhook webhook, long position, int read) {
        return new Delivery(webhook.appId(), webhook.id(), new FeedCursor(position, read), FeedEventType.USER_UPDATED,
                "u" + position, null, "{\"id\":\"" + position + "." + read + "\",\"name\":\"Zoë 🚀\"}",
                1_700_000_000_000L + position, DeliveryStatus.PENDING, 0, 0, null, 0, 0, 0);
    }

    private boolean claimed(String appId, String webhookId, FeedCursor eventId, long now, long leaseUntil) {
        List<FeedCursor> claimed = webhooks().claim(appId, webhookId, List.of(eventId), now, leaseUntil);
        assertTrue(claimed.isEmpty() || claimed.equals(List.of(eventId)), claimed.toString());
        return !claimed.isEmpty();
    }

    @Test
    void aWebhookIsReadBackAsSavedWithItsQueuePosition() {
        Webhook saved = webhook(newId("app"));

        assertTrue(webhooks().save(saved, START));

        assertEquals(new StoredWebhook(saved, START), webhooks().find(saved.appId(), saved.id()).orElseThrow());
        assertEquals(List.of(new StoredWebhook(saved, START)), webhooks().list(saved.appId()));
    }

    @Test
    void savingAgainReplacesTheRegistrationAndKeepsOrMovesTheQueue() {
        Webhook first = webhook(newId("app"));
        webhooks().save(first, START);
        Webhook second = new Webhook(first.appId(), first.id(), "http://example.org/other", List.of("*"), "another-secret-1234",
                false);

        assertFalse(webhooks().save(second, null));
        assertEquals(new StoredWebhook(second, START), webhooks().find(first.appId(), first.id()).orElseThrow());

        webhooks().save(second.withEnabled(true), new FeedCursor(90, 2));
        assertEquals(new FeedCursor(90, 2), webhooks().find(first.appId(), first.id()).orElseThrow().queuedThrough());
    }

    @Test
    void aNewWebhookNeedsAQueueStart() {
        Webhook webhook = webhook(newId("app"));

        assertThrows(IllegalArgumentException.class, () -> webhooks().save(webhook, null));
        assertTrue(webhooks().find(webhook.appId(), webhook.id()).isEmpty());
    }

    @Test
    void listsAreOrderedByAppThenId() {
        String appId = newId("app");
        Webhook b = new Webhook(appId, "b", "https://example.com/b", List.of("*"), "secret-secret-b-1", true);
        Webhook a = new Webhook(appId, "a", "https://example.com/a", List.of("*"), "secret-secret-a-1", false);
        webhooks().save(b, START);
        webhooks().save(a, START);

        assertEquals(List.of("a", "b"), webhooks().list(appId).stream().map(s -> s.webhook().id()).toList());
        List<StoredWebhook> all = webhooks().all();
        int indexOfA = all.indexOf(new StoredWebhook(a, START));
        assertTrue(indexOfA >= 0 && all.get(indexOfA + 1).equals(new StoredWebhook(b, START)), all.toString());
        assertTrue(webhooks().list(newId("other")).isEmpty());
    }

    @Test
    void deletingRemovesTheWebhookAndItsDeliveries() {
        Webhook webhook = webhook(newId("app"));
        webhooks().save(webhook, START);
        webhooks().enqueue(webhook.appId(), webhook.id(), List.of(delivery(webhook, 8, 0)), new FeedCursor(9, 0));

        assertTrue(webhooks().delete(webhook.appId(), webhook.id()));

        assertFalse(webhooks().delete(webhook.appId(), webhook.id()));
        assertTrue(webhooks().find(webhook.appId(), webhook.id()).isEmpty());
        webhooks().save(webhook, START);
        assertTrue(webhooks().deliveries(webhook.appId(), webhook.id(), null, 10).isEmpty());
    }

    @Test
    void queuedDeliveriesAreReadBackWithEveryField() {
        Webhook webhook = webhook(newId("app"));
        webhooks().save(webhook, START);
        Delivery plain = delivery(webhook, 3_000_000_000L, 0);
        Delivery full = new Delivery(webhook.appId(), webhook.id(), new FeedCursor(3_000_000_000L, 1),
                FeedEventType.MESSAGE_CREATED, "sender", "conv", "{\"text\":\"" + "x".repeat(100_000) + "\"}", 42,
                DeliveryStatus.FAILED, 12, 503, "timed out after 10 s", 1_000, 2_000, 3_000);

        webhooks().enqueue(webhook.appId(), webhook.id(), List.of(plain, full), new FeedCursor(3_000_000_001L, 0));

        assertEquals(plain, webhooks().delivery(webhook.appId(), webhook.id(), plain.eventId()).orElseThrow());
        assertEquals(full, webhooks().delivery(webhook.appId(), webhook.id(), full.eventId()).orElseThrow());
        assertEquals(new FeedCursor(3_000_000_001L, 0),
                webhooks().find(webhook.appId(), webhook.id()).orElseThrow().queuedThrough());
        assertTrue(webhooks().delivery(webhook.appId(), webhook.id(), new FeedCursor(5, 5)).isEmpty());
    }

    @Test
    void queuingAnEventAgainKeepsTheStoredDeliveryAndTheQueueOnlyMovesForward() {
        Webhook webhook = webhook(newId("app"));
        webhooks().save(webhook, START);
        Delivery first = delivery(webhook, 10, 0);
        webhooks().enqueue(webhook.appId(), webhook.id(), List.of(first), new FeedCursor(11, 0));
        Delivery delivered = first.attempted(204, null, 5_000, WebhookRetry.DEFAULT);
        webhooks().update(List.of(delivered));

        webhooks().enqueue(webhook.appId(), webhook.id(), List.of(first, delivery(webhook, 10, 3)), new FeedCursor(10, 4));

        assertEquals(delivered, webhooks().delivery(webhook.appId(), webhook.id(), first.eventId()).orElseThrow());
        assertEquals(List.of(new FeedCursor(10, 3)),
                webhooks().pending(webhook.appId(), webhook.id(), 10).stream().map(Delivery::eventId).toList());
        assertEquals(new FeedCursor(11, 0), webhooks().find(webhook.appId(), webhook.id()).orElseThrow().queuedThrough());
    }

    @Test
    void queuingForAMissingWebhookStoresNothing() {
        Webhook webhook = webhook(newId("app"));

        webhooks().enqueue(webhook.appId(), webhook.id(), List.of(delivery(webhook, 1, 0)), new FeedCursor(2, 0));

        assertTrue(webhooks().find(webhook.appId(), webhook.id()).isEmpty());
        webhooks().save(webhook, START);
        assertTrue(webhooks().pending(webhook.appId(), webhook.id(), 10).isEmpty());
    }

    @Test
    void pendingDeliveriesComeOldestEventFirstAndLeaveOutFinishedOnes() {
        Webhook webhook = webhook(newId("app"));
        webhooks().save(webhook, START);
        List<Delivery> queued = List.of(delivery(webhook, 9, 0), delivery(webhook, 20, 1), delivery(webhook, 20, 2),
                delivery(webhook, 100, 0), delivery(webhook, 1_000, 0));
        webhooks().enqueue(webhook.appId(), webhook.id(), List.of(queued.get(3), queued.get(0), queued.get(4),
                queued.get(2), queued.get(1)), new FeedCursor(1_001, 0));
        webhooks().update(List.of(queued.get(2).attempted(200, null, 1, WebhookRetry.DEFAULT)));

        assertEquals(List.of(queued.get(0), queued.get(1), queued.get(3)),
                webhooks().pending(webhook.appId(), webhook.id(), 3));
        assertEquals(List.of(new FeedCursor(1_000, 0), new FeedCursor(100, 0), new FeedCursor(20, 2)),
                webhooks().deliveries(webhook.appId(), webhook.id(), null, 3).stream().map(Delivery::eventId).toList());
        assertEquals(List.of(new FeedCursor(20, 1), new FeedCursor(9, 0)),
                webhooks().deliveries(webhook.appId(), webhook.id(), new FeedCursor(20, 2), 10).stream()
                        .map(Delivery::eventId).toList());
    }

    @Test
    void aClaimHoldsTheDeliveryUntilItsLeaseEndsOrItIsUpdated() {
        Webhook webhook = webhook(newId("app"));
        webhooks().save(webhook, START);
        Delivery delivery = delivery(webhook, 5, 0);
        webhooks().enqueue(webhook.appId(), webhook.id(), List.of(delivery), new FeedCursor(6, 0));
        String app = webhook.appId();

        assertTrue(claimed(app, webhook.id(), delivery.eventId(), 1_000, 31_000));
        assertFalse(claimed(app, webhook.id(), delivery.eventId(), 30_999, 60_000), "held by a lease");
        assertTrue(claimed(app, webhook.id(), delivery.eventId(), 31_001, 61_000), "after the lease");

        Delivery retrying = delivery.attempted(500, null, 31_500, WebhookRetry.DEFAULT);
        webhooks().update(List.of(retrying));
        assertFalse(claimed(app, webhook.id(), delivery.eventId(), 32_000, 62_000), "not due yet");
        assertTrue(claimed(app, webhook.id(), delivery.eventId(), retrying.nextAttemptAt(), 90_000),
                "due, and the update released the lease");

        webhooks().update(List.of(retrying.attempted(200, null, 40_000, WebhookRetry.DEFAULT)));
        assertFalse(claimed(app, webhook.id(), delivery.eventId(), 100_000, 130_000), "delivered");
        assertFalse(claimed(app, webhook.id(), new FeedCursor(77, 0), 100_000, 130_000), "no such delivery");
    }

    @Test
    void ofManyConcurrentClaimsOneWins() throws Exception {
        Webhook webhook = webhook(newId("app"));
        webhooks().save(webhook, START);
        Delivery delivery = delivery(webhook, 5, 0);
        webhooks().enqueue(webhook.appId(), webhook.id(), List.of(delivery), new FeedCursor(6, 0));
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> claims = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                claims.add(() -> claimed(webhook.appId(), webhook.id(), delivery.eventId(), 1_000, 60_000));
            }
            int won = 0;
            for (Future<Boolean> claim : threads.invokeAll(claims)) {
                won += claim.get() ? 1 : 0;
            }
            assertEquals(1, won);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void oneCallClaimsTheClaimableOfManyAndUpdatesMany() {
        Webhook webhook = webhook(newId("app"));
        webhooks().save(webhook, START);
        List<Delivery> queued = List.of(delivery(webhook, 8, 0), delivery(webhook, 9, 0), delivery(webhook, 10, 0));
        webhooks().enqueue(webhook.appId(), webhook.id(), queued, new FeedCursor(11, 0));
        webhooks().update(List.of(queued.get(1).attempted(500, null, 1_000, WebhookRetry.DEFAULT)));

        List<FeedCursor> claimed = webhooks().claim(webhook.appId(), webhook.id(), List.of(new FeedCursor(10, 0),
                new FeedCursor(9, 0), new FeedCursor(8, 0), new FeedCursor(77, 0)), 1_500, 60_000);

        assertEquals(List.of(new FeedCursor(10, 0), new FeedCursor(8, 0)), claimed, "9 is not due, 77 does not exist");
        assertTrue(webhooks().claim(webhook.appId(), webhook.id(), claimed, 2_000, 60_000).isEmpty(), "held");
        List<Delivery> delivered = List.of(queued.get(0).attempted(200, null, 2_000, WebhookRetry.DEFAULT),
                queued.get(2).attempted(204, null, 2_000, WebhookRetry.DEFAULT), delivery(webhook, 78, 0));
        webhooks().update(delivered);
        assertEquals(List.of(queued.get(1).attempted(500, null, 1_000, WebhookRetry.DEFAULT)),
                webhooks().pending(webhook.appId(), webhook.id(), 10));
        assertEquals(delivered.subList(0, 2), List.of(
                webhooks().delivery(webhook.appId(), webhook.id(), new FeedCursor(8, 0)).orElseThrow(),
                webhooks().delivery(webhook.appId(), webhook.id(), new FeedCursor(10, 0)).orElseThrow()));
        assertTrue(webhooks().delivery(webhook.appId(), webhook.id(), new FeedCursor(78, 0)).isEmpty());
    }

    @Test
    void anUpdateOfAMissingDeliveryStoresNothing() {
        Webhook webhook = webhook(newId("app"));
        webhooks().save(webhook, START);

        webhooks().update(List.of(delivery(webhook, 4, 0)));

        assertTrue(webhooks().deliveries(webhook.appId(), webhook.id(), null, 10).isEmpty());
    }

    @Test
    void pruningRemovesOnlyFinishedDeliveriesOfOlderEvents() {
        Webhook webhook = webhook(newId("app"));
        webhooks().save(webhook, START);
        Delivery oldDelivered = delivery(webhook, 1, 0);
        Delivery oldFailed = delivery(webhook, 2, 0);
        Delivery oldPending = delivery(webhook, 3, 0);
        Delivery recentDelivered = delivery(webhook, 50, 0);
        webhooks().enqueue(webhook.appId(), webhook.id(), List.of(oldDelivered, oldFailed, oldPending, recentDelivered),
                new FeedCursor(51, 0));
        WebhookRetry giveUp = new WebhookRetry(
                Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ZERO);
        webhooks().update(List.of(oldDelivered.attempted(200, null, 9, giveUp)));
        webhooks().update(List.of(oldFailed.attempted(500, null, 9, giveUp)));
        webhooks().update(List.of(recentDelivered.attempted(200, null, 9, giveUp)));

        int removed = webhooks().prune(1_700_000_000_000L + 10, 1_000);

        assertTrue(removed >= 2, "removed " + removed);
        assertEquals(List.of(new FeedCursor(50, 0), new FeedCursor(3, 0)),
                webhooks().deliveries(webhook.appId(), webhook.id(), null, 10).stream().map(Delivery::eventId).toList());
    }
}
