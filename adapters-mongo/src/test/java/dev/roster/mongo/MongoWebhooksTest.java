package dev.roster.mongo;

import com.mongodb.client.model.Filters;
import dev.roster.core.domain.Delivery;
import dev.roster.core.domain.DeliveryStatus;
import dev.roster.core.domain.FeedCursor;
import dev.roster.core.domain.FeedEventType;
import dev.roster.core.domain.Webhook;
import dev.roster.core.domain.WebhookRetry;
import dev.roster.core.spi.WebhookStore;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The MongoDB webhook store beyond the port contract: two processes (two stores over one
 * database) claiming and queuing at once, an enqueue stopped between its two writes, a delete
 * finished by deleting again, bodies of several megabytes, bounded pruning and the indexes.
 */
class MongoWebhooksTest {

    private static final FeedCursor START = new FeedCursor(1, 0);
    private static final long AT = 1_700_000_000_000L;

    private final MongoFixture fixture = new MongoFixture();
    private final MongoStorage first = fixture.journaled(Duration.ofSeconds(30));
    private final MongoStorage second = fixture.journaled(Duration.ofSeconds(30));
    private final Webhook webhook = new Webhook("app-" + UUID.randomUUID(), "hook", "https://example.com/hook",
            List.of("*"), "whsec_0123456789abcdef", true);

    @AfterEach
    void close() {
        first.close();
        second.close();
        fixture.close();
    }

    private static Delivery delivery(Webhook webhook, long position, String body) {
        return new Delivery(webhook.appId(), webhook.id(), new FeedCursor(position, 0), FeedEventType.USER_CREATED,
                "u" + position, null, body, AT + position, DeliveryStatus.PENDING, 0, 0, null, 0, 0, 0);
    }

    private List<Delivery> deliveries(int from, int to) {
        return IntStream.range(from, to).mapToObj(p -> delivery(webhook, p, "{\"n\":" + p + "}")).toList();
    }

    @Test
    void ofClaimsFromTwoProcessesExactlyOneWinsEachDelivery() throws Exception {
        first.webhooks().save(webhook, START);
        List<Delivery> queued = deliveries(10, 110);
        first.webhooks().enqueue(webhook.appId(), webhook.id(), queued, new FeedCursor(110, 0));
        Map<FeedCursor, AtomicInteger> wins = new ConcurrentHashMap<>();
        queued.forEach(d -> wins.put(d.eventId(), new AtomicInteger()));
        CountDownLatch go = new CountDownLatch(1);
        List<Callable<Void>> claimers = new ArrayList<>();
        for (WebhookStore store : List.of(first.webhooks(), second.webhooks(), first.webhooks(), second.webhooks())) {
            List<Delivery> order = new ArrayList<>(queued);
            Collections.shuffle(order);
            claimers.add(() -> {
                go.await();
                for (Delivery d : order) {
                    if (!store.claim(webhook.appId(), webhook.id(), List.of(d.eventId()), 1_000, 61_000).isEmpty()) {
                        wins.get(d.eventId()).incrementAndGet();
                    }
                }
                return null;
            });
        }

        ExecutorService threads = Executors.newFixedThreadPool(claimers.size());
        try {
            List<Future<Void>> running = claimers.stream().map(threads::submit).toList();
            go.countDown();
            for (Future<Void> claimer : running) {
                claimer.get(60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }

        assertEquals(Set.of(1), wins.values().stream().map(AtomicInteger::get).collect(Collectors.toSet()));
    }

    @Test
    void twoProcessesQueuingTheSameEventsStoreEachOnceAndTheQueueEndsAtTheFurthest() throws Exception {
        first.webhooks().save(webhook, START);
        List<Callable<Void>> queuers = new ArrayList<>();
        for (MongoStorage store : List.of(first, second)) {
            int batch = store == first ? 20 : 30;
            queuers.add(() -> {
                for (int from = 10; from < 70; from += batch) {
                    store.webhooks().enqueue(webhook.appId(), webhook.id(), deliveries(from, from + batch),
                            new FeedCursor(from + batch, 0));
                }
                return null;
            });
        }

        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (Future<Void> queuer : threads.invokeAll(queuers)) {
                queuer.get();
            }
        } finally {
            threads.shutdownNow();
        }

        assertEquals(deliveries(10, 70), second.webhooks().pending(webhook.appId(), webhook.id(), 1_000));
        assertEquals(new FeedCursor(70, 0),
                first.webhooks().find(webhook.appId(), webhook.id()).orElseThrow().queuedThrough());
        assertEquals(60, fixture.database().getCollection("webhook_deliveries").countDocuments());
    }

    @Test
    void anEnqueueStoppedBeforeItMovesTheQueueLeavesItsDeliveriesForTheNextToQueueAgain() {
        first.webhooks().save(webhook, START);
        List<Delivery> queued = deliveries(10, 13);
        first.injectFaults((stage, index) -> {
            if (FaultPoint.QUEUED.equals(stage)) {
                throw new IllegalStateException("crashed after storing the deliveries");
            }
        });

        assertThrows(IllegalStateException.class,
                () -> first.webhooks().enqueue(webhook.appId(), webhook.id(), queued, new FeedCursor(13, 0)));

        assertEquals(START, second.webhooks().find(webhook.appId(), webhook.id()).orElseThrow().queuedThrough());
        assertEquals(queued, second.webhooks().pending(webhook.appId(), webhook.id(), 10));
        Delivery delivered = queued.get(0).attempted(200, null, 5_000, WebhookRetry.DEFAULT);
        second.webhooks().update(List.of(delivered));
        second.webhooks().enqueue(webhook.appId(), webhook.id(), queued, new FeedCursor(13, 0));
        assertEquals(new FeedCursor(13, 0),
                second.webhooks().find(webhook.appId(), webhook.id()).orElseThrow().queuedThrough());
        assertEquals(delivered, second.webhooks().delivery(webhook.appId(), webhook.id(), delivered.eventId())
                .orElseThrow());
        assertEquals(queued.subList(1, 3), second.webhooks().pending(webhook.appId(), webhook.id(), 10));
    }

    @Test
    void deletingAgainRemovesTheDeliveriesADeleteStoppedHalfwayLeft() {
        first.webhooks().save(webhook, START);
        first.webhooks().enqueue(webhook.appId(), webhook.id(), deliveries(10, 15), new FeedCursor(15, 0));
        fixture.database().getCollection("webhooks").deleteOne(Filters.eq(MongoWebhooks.APP, webhook.appId()));

        assertFalse(second.webhooks().delete(webhook.appId(), webhook.id()));

        assertEquals(0, fixture.database().getCollection("webhook_deliveries").countDocuments());
    }

    @Test
    void bodiesOfSeveralMegabytesAreStoredWhole() {
        first.webhooks().save(webhook, START);
        List<Delivery> large = IntStream.range(10, 13)
                .mapToObj(p -> delivery(webhook, p, "{\"text\":\"" + "é".repeat(2_000_000) + p + "\"}")).toList();

        first.webhooks().enqueue(webhook.appId(), webhook.id(), large, new FeedCursor(13, 0));

        assertEquals(large, second.webhooks().pending(webhook.appId(), webhook.id(), 10));
    }

    @Test
    void pruningRemovesAtMostMaxAtATime() {
        first.webhooks().save(webhook, START);
        List<Delivery> queued = deliveries(10, 15);
        first.webhooks().enqueue(webhook.appId(), webhook.id(), queued, new FeedCursor(15, 0));
        first.webhooks().update(queued.stream().map(d -> d.attempted(204, null, 5_000, WebhookRetry.DEFAULT)).toList());

        assertEquals(2, second.webhooks().prune(AT + 100, 2));
        assertEquals(3, second.webhooks().prune(AT + 100, 10));
        assertEquals(0, second.webhooks().prune(AT + 100, 10));
        assertTrue(first.webhooks().deliveries(webhook.appId(), webhook.id(), null, 10).isEmpty());
    }

    @Test
    void theWebhookCollectionsHaveTheirNamedIndexes() {
        assertTrue(indexNames("webhooks").contains("webhooks_app_id"));
        assertTrue(indexNames("webhook_deliveries").containsAll(Set.of("webhook_deliveries_event",
                "webhook_deliveries_pending", "webhook_deliveries_prune")));
    }

    private Set<String> indexNames(String collection) {
        return fixture.database().getCollection(collection).listIndexes().into(new ArrayList<Document>()).stream()
                .map(d -> d.getString("name")).collect(Collectors.toSet());
    }
}
