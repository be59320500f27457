package dev.roster.core.internal;

import dev.roster.core.api.Roster;
import dev.roster.core.domain.App;
import dev.roster.core.domain.AppSettings;
import dev.roster.core.domain.FeedEvent;
import dev.roster.core.domain.UserPatch;
import dev.roster.core.domain.WebhookSettings;
import dev.roster.core.spi.WebhookReply;
import dev.roster.core.spi.WebhookTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dispatcher's window over the memory store: deliveries claimed ahead of their posts, at most
 * {@link WebhookDispatcher#MAX_IN_FLIGHT} posts of a webhook in flight, and a claimed delivery
 * that could not be posted in time left to its lease.
 */
class WebhookDispatcherTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    private static final Duration QUIET = Duration.ofMillis(400);
    private static final int USERS = 100;

    private final ManualClock clock = new ManualClock();
    private final HoldingTransport transport = new HoldingTransport();
    private Roster roster;

    @AfterEach
    void close() {
        if (roster != null) {
            roster.close();
        }
    }

    @Test
    void atMostTheWindowIsInFlightAndEachCompletedPostStartsAnother() {
        start(Duration.ofHours(1));

        eventually("the window full", () -> transport.count() == WebhookDispatcher.MAX_IN_FLIGHT);
        sleep(QUIET);
        assertEquals(WebhookDispatcher.MAX_IN_FLIGHT, transport.count(), "no more than the window in flight");

        transport.complete(0, WebhookReply.status(204));
        eventually("the next post", () -> transport.count() == WebhookDispatcher.MAX_IN_FLIGHT + 1);
        sleep(QUIET);
        assertEquals(WebhookDispatcher.MAX_IN_FLIGHT + 1, transport.count());
    }

    @Test
    void aClaimedDeliveryNotPostedWithinTheTimeoutOfItsClaimWaitsForItsLease() {
        start(Duration.ofMillis(50));
        eventually("the window full", () -> transport.count() == WebhookDispatcher.MAX_IN_FLIGHT);

        clock.advance(TIMEOUT.plusMillis(1));
        for (int i = 0; i < WebhookDispatcher.MAX_IN_FLIGHT; i++) {
            transport.complete(i, WebhookReply.status(204));
        }
        sleep(QUIET);
        assertEquals(WebhookDispatcher.MAX_IN_FLIGHT, transport.count(),
                "the claimed ones could no longer complete within their leases, so none was posted");

        transport.answerAtOnce(WebhookReply.status(204));
        clock.advance(TIMEOUT.multipliedBy(2));
        eventually("the rest posted after their leases", () -> transport.count() == USERS);
        assertEquals(USERS, transport.eventIds().size(), "each event posted once");
    }

    private void start(Duration pollInterval) {
        roster = Roster.builder().storageUrl("memory:").clock(clock).webhookTransport(transport)
                .webhookTimeout(TIMEOUT).pollInterval(pollInterval).build();
        roster.saveApp(new App("app", "sk_test_dispatcher_app", AppSettings.defaults()));
        roster.webhooks().put("app", "hook", new WebhookSettings("https://receiver.example/hooks", List.of("user.*"),
                null, null));
        Map<String, UserPatch> users = new LinkedHashMap<>();
        for (int i = 0; i < USERS; i++) {
            users.put("u" + i, UserPatch.builder().name("User " + i).build());
        }
        roster.upsertUsers("app", users);
    }

    private static void eventually(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            sleep(Duration.ofMillis(10));
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A clock the test moves. */
    private static final class ManualClock extends Clock {
        private final AtomicLong millis = new AtomicLong(1_700_000_000_000L);

        void advance(Duration duration) {
            millis.addAndGet(duration.toMillis());
        }

        @Override
        public long millis() {
            return millis.get();
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("one zone");
        }
    }

    /** Holds every post's reply until the test completes it, or answers at once once told to. */
    private static final class HoldingTransport implements WebhookTransport {
        private final List<CompletableFuture<WebhookReply>> replies = new ArrayList<>();
        private final List<String> eventIds = new ArrayList<>();
        private WebhookReply atOnce;

        @Override
        public String encode(FeedEvent event) {
            return "{\"id\":\"" + event.id() + "\"}";
        }

        @Override
        public Optional<String> refusal(URI url) {
            return Optional.empty();
        }

        @Override
        public synchronized CompletableFuture<WebhookReply> post(URI url, Map<String, String> headers, String body,
                                                                 Duration timeout) {
            eventIds.add(headers.get("Roster-Event-Id"));
            CompletableFuture<WebhookReply> reply = atOnce == null ? new CompletableFuture<>()
                    : CompletableFuture.completedFuture(atOnce);
            replies.add(reply);
            return reply;
        }

        synchronized int count() {
            return replies.size();
        }

        synchronized Set<String> eventIds() {
            return new HashSet<>(eventIds);
        }

        synchronized void answerAtOnce(WebhookReply reply) {
            atOnce = reply;
        }

        void complete(int index, WebhookReply reply) {
            CompletableFuture<WebhookReply> future;
            synchronized (this) {
                future = replies.get(index);
            }
            future.complete(reply);
        }
    }
}
