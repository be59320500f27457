package dev.roster.testkit;

import dev.roster.core.api.Roster;
import dev.roster.core.api.Webhooks;
import dev.roster.core.domain.Delivery;
import dev.roster.core.domain.DeliveryStatus;
import dev.roster.core.domain.ErrorCode;
import dev.roster.core.domain.FeedCursor;
import dev.roster.core.domain.NewMessage;
import dev.roster.core.domain.RosterException;
import dev.roster.core.domain.UserPatch;
import dev.roster.core.domain.Webhook;
import dev.roster.core.domain.WebhookRetry;
import dev.roster.core.domain.WebhookSettings;
import dev.roster.core.spi.Storage;
import dev.roster.core.spi.WebhookReply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Webhooks over the store (SPEC §11): each matching event posted once and signed, retried with
 * backoff until delivered or given up, in order per user and per conversation while others go on, a
 * manual retry, disabled and deleted webhooks, validated registrations, one sender per event
 * between two Rosters, and a send whose process died taken over when its lease ends. The posts go
 * to a {@link WebhookReceiver}; the test's clock drives every retry and lease.
 */
public abstract class WebhookDeliveryContract extends ConversationSupport {

    private static final WebhookRetry RETRY = new WebhookRetry(Duration.ofSeconds(1), Duration.ofSeconds(4),
            Duration.ofSeconds(60));
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    /** How long a test watches for a post that must not come. */
    private static final Duration QUIET = Duration.ofMillis(600);

    /** The receiver of this test's posts. */
    protected final WebhookReceiver receiver = new WebhookReceiver();

    /**
     * A second store on the data of {@link #storage()}, as another process would open it, or null
     * to run the second Roster over the same store object.
     *
     * @return the second store, which the test closes, or null
     */
    protected abstract Storage reopen();

    @Override
    protected Roster.Builder configure(Roster.Builder builder) {
        return builder.webhookTransport(receiver).webhookRetry(RETRY).webhookTimeout(TIMEOUT)
                .pollInterval(Duration.ofMillis(50));
    }

    private Webhooks webhooks() {
        return roster.webhooks();
    }

    private Webhook register(String... patterns) {
        return webhooks().put(app.id(), newId("hook"), new WebhookSettings("https://receiver.example/hooks",
                List.of(patterns), null, null)).webhook();
    }

    private void upsert(String userId, String name) {
        roster.upsertUser(app.id(), userId, UserPatch.builder().name(name).build());
    }

    private List<String> eventTypes(List<WebhookReceiver.Post> posts) {
        return posts.stream().map(post -> post.body().replaceAll(".*\"type\":\"([^\"]+)\".*", "$1")).toList();
    }

    private List<String> usersOf(List<WebhookReceiver.Post> posts) {
        return posts.stream().map(post -> post.body().replaceAll(".*\"userId\":\"([^\"]+)\".*", "$1")).toList();
    }

    private static void eventually(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("Not within " + WAIT + ": " + what);
            }
            sleep(Duration.ofMillis(20));
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

    private Delivery onlyDelivery(Webhook webhook) {
        List<Delivery> deliveries = webhooks().deliveries(app.id(), webhook.id(), null, Webhooks.MAX_LIMIT);
        assertEquals(1, deliveries.size(), deliveries.toString());
        return deliveries.get(0);
    }

    /** Whether the webhook has exactly one delivery, and it matches. */
    private boolean has(Webhook webhook, Predicate<Delivery> condition) {
        List<Delivery> deliveries = webhooks().deliveries(app.id(), webhook.id(), null, Webhooks.MAX_LIMIT);
        return deliveries.size() == 1 && condition.test(deliveries.get(0));
    }

    private static void assertInvalid(String field, Executable call) {
        RosterException error = assertThrows(RosterException.class, call);
        assertEquals(ErrorCode.INVALID_ARGUMENT, error.code(), error.getMessage());
        assertTrue(error.violations().byField().containsKey(field), field + " in " + error.violations());
    }

    @Test
    void eachMatchingEventIsPostedOnceSignedAndNamed() {
        Webhook created = register("user.created");
        Webhook everything = register("*");
        String u1 = newId("u");
        String u2 = newId("u");

        upsert(u1, "Ann");
        upsert(u1, "Anna");
        upsert(u2, "Bob");

        eventually("three posts to the * webhook", () -> receiver.posts(everything.id()).size() >= 3);
        eventually("two posts to the user.created webhook", () -> receiver.posts(created.id()).size() >= 2);
        sleep(QUIET);
        List<WebhookReceiver.Post> all = receiver.posts(everything.id());
        assertEquals(List.of("user.created", "user.updated"),
                eventTypes(all.stream().filter(post -> post.body().contains(u1)).toList()), "u1's events in order");
        assertEquals(List.of("user.created"), eventTypes(all.stream().filter(post -> post.body().contains(u2)).toList()));
        assertEquals(3, all.size());
        assertEquals(Set.of(u1, u2), Set.copyOf(usersOf(receiver.posts(created.id()))));
        assertEquals(2, receiver.posts(created.id()).size());
        for (WebhookReceiver.Post post : receiver.posts(everything.id())) {
            assertTrue(post.signedWith(everything.secret(), clock.instant()), post.toString());
            assertFalse(post.signedWith(created.secret(), clock.instant()), "signed with another webhook's secret");
            assertTrue(post.body().contains("\"id\":\"" + post.eventId() + "\""), post.toString());
        }
        List<Delivery> log = webhooks().deliveries(app.id(), everything.id(), null, Webhooks.MAX_LIMIT);
        assertEquals(3, log.size());
        assertTrue(log.stream().allMatch(d -> d.status() == DeliveryStatus.DELIVERED && d.attempts() == 1
                && d.responseCode() == 200), log.toString());
    }

    @Test
    void aNewWebhookReceivesOnlyTheEventsMadeAfterIt() {
        String before = newId("u");
        upsert(before, "Early");
        Webhook webhook = register("user.*");
        String after = newId("u");

        upsert(after, "Late");

        eventually("the later event", () -> !receiver.posts(webhook.id()).isEmpty());
        sleep(QUIET);
        assertEquals(List.of(after), usersOf(receiver.posts(webhook.id())));
    }

    @Test
    void aFailedPostIsRetriedAfterItsBackoffUntilDelivered() {
        Webhook webhook = register("user.*");
        receiver.answer(post -> CompletableFuture.completedFuture(WebhookReply.status(
                receiver.posts(webhook.id()).size() == 1 ? 503 : 204)));
        long firstAt = clock.millis();

        upsert(newId("u"), "Ann");

        eventually("the failed attempt recorded", () -> has(webhook, d -> d.attempts() == 1));
        Delivery failed = onlyDelivery(webhook);
        assertEquals(DeliveryStatus.PENDING, failed.status());
        assertEquals(503, failed.responseCode());
        assertEquals(firstAt + 1_000, failed.nextAttemptAt());
        sleep(QUIET);
        assertEquals(1, receiver.posts(webhook.id()).size(), "retried before its backoff");

        clock.advance(Duration.ofSeconds(1));

        eventually("delivered on the retry", () -> has(webhook, d -> d.status() == DeliveryStatus.DELIVERED));
        assertEquals(2, onlyDelivery(webhook).attempts());
        assertEquals(204, onlyDelivery(webhook).responseCode());
        assertEquals(2, receiver.posts(webhook.id()).size());
    }

    @Test
    void aUsersLaterEventsWaitForItsFailingOneWhileOtherUsersGoOn() {
        Webhook webhook = register("user.*");
        String slow = newId("slow");
        String fast = newId("fast");
        receiver.answer(post -> CompletableFuture.completedFuture(WebhookReply.status(
                post.body().contains(slow) ? 500 : 200)));

        upsert(slow, "First");
        upsert(slow, "Second");
        upsert(fast, "Other");

        eventually("the other user's event", () -> usersOf(receiver.posts(webhook.id())).contains(fast));
        sleep(QUIET);
        assertEquals(List.of(slow, fast), usersOf(receiver.posts(webhook.id())), "the slow user's second event waits");

        receiver.answer(post -> CompletableFuture.completedFuture(WebhookReply.status(200)));
        clock.advance(Duration.ofSeconds(1));

        eventually("the slow user's events", () -> receiver.posts(webhook.id()).size() == 4);
        List<WebhookReceiver.Post> posts = receiver.posts(webhook.id());
        assertEquals(List.of("user.created", "user.created", "user.created", "user.updated"), eventTypes(posts));
        assertEquals(List.of(slow, fast, slow, slow), usersOf(posts));
    }

    @Test
    void aConversationsLaterEventsWaitForItsFailingOneWhileOtherConversationsGoOn() {
        String ann = newUser();
        String bob = newUser();
        String cid = newUser();
        String slow = newConversation(ann, bob);
        String fast = newConversation(cid);
        Webhook webhook = register("message.created");
        AtomicBoolean failing = new AtomicBoolean(true);
        receiver.answer(post -> CompletableFuture.completedFuture(WebhookReply.status(
                failing.get() && post.body().contains("\"conversationId\":\"" + slow + "\"") ? 500 : 200)));

        conversations().send(app.id(), slow, List.of(NewMessage.user(ann, "first")));
        conversations().send(app.id(), slow, List.of(NewMessage.user(bob, "second")));
        conversations().send(app.id(), fast, List.of(NewMessage.user(cid, "elsewhere")));

        eventually("the other conversation's message", () -> usersOf(receiver.posts(webhook.id())).contains(cid));
        sleep(QUIET);
        assertEquals(List.of(ann, cid), usersOf(receiver.posts(webhook.id())), "bob's message in the slow one waits");

        failing.set(false);
        clock.advance(Duration.ofSeconds(1));

        eventually("the slow conversation's messages", () -> receiver.posts(webhook.id()).size() == 4);
        assertEquals(List.of(ann, cid, ann, bob), usersOf(receiver.posts(webhook.id())));
    }

    @Test
    void aDeliveryFailsOnceTheRetryWindowIsOverAndAManualRetrySendsItAgain() {
        Webhook webhook = register("user.*");
        receiver.answer(post -> CompletableFuture.completedFuture(WebhookReply.failed("connection refused")));
        upsert(newId("u"), "Ann");
        eventually("the first attempt", () -> has(webhook, d -> d.attempts() == 1));
        assertEquals("connection refused", onlyDelivery(webhook).error());
        assertEquals(0, onlyDelivery(webhook).responseCode());

        clock.advance(Duration.ofSeconds(61));

        eventually("failed after the window", () -> has(webhook, d -> d.status() == DeliveryStatus.FAILED));
        assertEquals(2, onlyDelivery(webhook).attempts());
        receiver.answer(post -> CompletableFuture.completedFuture(WebhookReply.status(200)));

        Delivery retried = webhooks().retry(app.id(), webhook.id(), onlyDelivery(webhook).eventId());

        assertEquals(DeliveryStatus.PENDING, retried.status());
        eventually("delivered after the manual retry", () -> has(webhook, d -> d.status() == DeliveryStatus.DELIVERED));
        assertEquals(3, onlyDelivery(webhook).attempts());
        assertEquals(3, receiver.posts(webhook.id()).size());
        RosterException unknown = assertThrows(RosterException.class,
                () -> webhooks().retry(app.id(), webhook.id(), new FeedCursor(999_999_999, 0)));
        assertEquals(ErrorCode.NOT_FOUND, unknown.code());
    }

    @Test
    void aDisabledWebhookGetsNothingAndEnabledAgainOnlyTheLaterEvents() {
        String id = newId("hook");
        WebhookSettings off = new WebhookSettings("https://receiver.example/a", List.of("user.*"), null, false);
        Webhook webhook = webhooks().put(app.id(), id, off).webhook();
        assertFalse(webhook.enabled());
        upsert(newId("u"), "While off");
        sleep(QUIET);
        assertTrue(receiver.posts(id).isEmpty());

        webhooks().put(app.id(), id, new WebhookSettings(off.url(), off.events(), null, true));
        String later = newId("u");
        upsert(later, "While on");

        eventually("the event made after enabling", () -> !receiver.posts(id).isEmpty());
        sleep(QUIET);
        assertEquals(List.of(later), usersOf(receiver.posts(id)));
    }

    @Test
    void aDeletedWebhookGetsNothingMore() {
        Webhook webhook = register("user.*");

        assertTrue(webhooks().delete(app.id(), webhook.id()));
        upsert(newId("u"), "Ann");

        sleep(QUIET);
        assertTrue(receiver.posts(webhook.id()).isEmpty());
        assertTrue(webhooks().find(app.id(), webhook.id()).isEmpty());
        assertFalse(webhooks().delete(app.id(), webhook.id()));
        RosterException gone = assertThrows(RosterException.class,
                () -> webhooks().deliveries(app.id(), webhook.id(), null, 10));
        assertEquals(ErrorCode.NOT_FOUND, gone.code());
    }

    @Test
    void aBadRegistrationNamesTheFieldAndStoresNothing() {
        List<String> users = List.of("user.*");
        assertInvalid("url", () -> webhooks().put(app.id(), "h", new WebhookSettings("ftp://x.example/", users, null, null)));
        assertInvalid("url", () -> webhooks().put(app.id(), "h", new WebhookSettings("not a url", users, null, null)));
        assertInvalid("url", () -> webhooks().put(app.id(), "h",
                new WebhookSettings("https://" + WebhookReceiver.REFUSED_HOST + "/in", users, null, null)));
        assertInvalid("events", () -> webhooks().put(app.id(), "h",
                new WebhookSettings("https://ok.example/", List.of(), null, null)));
        assertInvalid("events[1]", () -> webhooks().put(app.id(), "h",
                new WebhookSettings("https://ok.example/", List.of("user.created", "nope.*"), null, null)));
        assertInvalid("secret", () -> webhooks().put(app.id(), "h",
                new WebhookSettings("https://ok.example/", users, "short", null)));
        assertInvalid("webhookId", () -> webhooks().put(app.id(), "a/b",
                new WebhookSettings("https://ok.example/", users, null, null)));
        RosterException unknownApp = assertThrows(RosterException.class, () -> webhooks().put(newId("app"), "h",
                new WebhookSettings("https://ok.example/", users, null, null)));
        assertEquals(ErrorCode.NOT_FOUND, unknownApp.code());

        assertTrue(webhooks().list(app.id()).isEmpty());
    }

    @Test
    void aGeneratedSecretIsShownOnceAndKeptWhenTheWebhookIsReplaced() {
        String id = newId("hook");
        WebhookSettings settings = new WebhookSettings("https://receiver.example/a", List.of("*"), null, null);

        Webhooks.Registered first = webhooks().put(app.id(), id, settings);
        Webhooks.Registered second = webhooks().put(app.id(), id,
                new WebhookSettings("https://receiver.example/b", List.of("message.*"), null, null));

        assertTrue(first.created() && first.secretGenerated(), first.toString());
        assertTrue(first.webhook().secret().startsWith("whsec_"));
        assertFalse(second.created() || second.secretGenerated(), second.toString());
        assertEquals(first.webhook().secret(), second.webhook().secret());
        assertEquals(new Webhook(app.id(), id, "https://receiver.example/b", List.of("message.*"),
                first.webhook().secret(), true), webhooks().find(app.id(), id).orElseThrow());
        assertEquals(List.of(second.webhook()), webhooks().list(app.id()));
    }

    @Test
    void theDeliveryLogPagesNewestFirst() {
        Webhook webhook = register("user.*");
        for (int i = 0; i < 5; i++) {
            upsert(newId("u" + i), "User " + i);
        }
        eventually("five deliveries", () -> webhooks().deliveries(app.id(), webhook.id(), null, 10).stream()
                .filter(d -> d.status() == DeliveryStatus.DELIVERED).count() == 5);
        List<Delivery> all = webhooks().deliveries(app.id(), webhook.id(), null, 10);

        List<Delivery> first = webhooks().deliveries(app.id(), webhook.id(), null, 2);
        List<Delivery> second = webhooks().deliveries(app.id(), webhook.id(), first.get(1).eventId(), 2);

        assertEquals(all.subList(0, 2), first);
        assertEquals(all.subList(2, 4), second);
        assertTrue(all.get(0).eventId().compareTo(all.get(4).eventId()) > 0, "newest first");
        assertInvalid("limit", () -> webhooks().deliveries(app.id(), webhook.id(), null, 0));
        assertInvalid("limit", () -> webhooks().deliveries(app.id(), webhook.id(), null, Webhooks.MAX_LIMIT + 1));
    }

    @Test
    void twoRostersOverOneStoreSendEachEventOnce() {
        Webhook webhook = register("user.*");
        Storage second = reopen();
        try (Roster other = configure(Roster.builder().storage(second != null ? second : storage()).clock(clock))
                .build()) {
            int events = 40;
            for (int i = 0; i < events; i++) {
                (i % 2 == 0 ? roster : other).upsertUser(app.id(), newId("u" + i),
                        UserPatch.builder().name("User " + i).build());
            }

            eventually("every event", () -> receiver.posts(webhook.id()).size() >= events);
            sleep(QUIET);
            Set<String> distinct = new HashSet<>();
            receiver.posts(webhook.id()).forEach(post -> distinct.add(post.eventId()));
            assertEquals(events, distinct.size());
            assertEquals(events, receiver.posts(webhook.id()).size(), "an event was sent twice");
        } finally {
            if (second != null) {
                second.close();
            }
        }
    }

    @Test
    void aSendWhoseProcessDiedIsTakenOverWhenItsLeaseEnds() {
        Webhook webhook = register("user.*");
        receiver.answer(post -> new CompletableFuture<>());
        upsert(newId("u"), "Ann");
        eventually("the first post", () -> receiver.posts(webhook.id()).size() == 1);
        roster.close();
        receiver.answer(post -> CompletableFuture.completedFuture(WebhookReply.status(200)));
        roster = builder().build();
        sleep(QUIET);
        assertEquals(1, receiver.posts(webhook.id()).size(), "sent again while its claim held");

        clock.advance(TIMEOUT.multipliedBy(3).plusMillis(1));

        eventually("sent again after the lease", () -> has(webhook, d -> d.status() == DeliveryStatus.DELIVERED));
        List<WebhookReceiver.Post> posts = receiver.posts(webhook.id());
        assertEquals(2, posts.size());
        assertEquals(posts.get(0).eventId(), posts.get(1).eventId());
    }
}
