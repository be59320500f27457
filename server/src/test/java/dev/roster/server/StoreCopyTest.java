package dev.roster.server;

import dev.roster.core.api.Roster;
import dev.roster.core.domain.Access;
import dev.roster.core.domain.App;
import dev.roster.core.domain.AppSettings;
import dev.roster.core.domain.ConversationPatch;
import dev.roster.core.domain.ConversationQuery;
import dev.roster.core.domain.FeedCursor;
import dev.roster.core.domain.MessagePatch;
import dev.roster.core.domain.MessageType;
import dev.roster.core.domain.NewMessage;
import dev.roster.core.domain.Notify;
import dev.roster.core.domain.ParticipationPatch;
import dev.roster.core.domain.UserConversation;
import dev.roster.core.domain.UserOrder;
import dev.roster.core.domain.UserPatch;
import dev.roster.core.domain.UserQuery;
import dev.roster.core.domain.Webhook;
import dev.roster.core.spi.Storage;
import dev.roster.core.spi.StorageProvider;
import dev.roster.core.spi.StoredWebhook;
import dev.roster.server.copy.CopyCounts;
import dev.roster.server.copy.CopyProgress;
import dev.roster.server.copy.Difference;
import dev.roster.server.copy.StoreCopy;
import dev.roster.server.copy.Verification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link StoreCopy} and the {@code copy} command between every pair of persistent stores reachable
 * here: everything arrives (checked item by item by {@code verify} and through a Roster over the
 * target), a second run writes nothing, and {@code verify} reports what differs.
 */
class StoreCopyTest {

    static final String APP = "copy-app";
    static final String OTHER_APP = "copy-other";
    static final int USERS = 150;
    static final int LONG_CONVERSATION = 620;

    @TempDir
    static Path dir;

    /** One seeded source per kind, shared by the tests: seeding is the slow part. */
    private static final Map<String, CopyStores.Store> SOURCES = new LinkedHashMap<>();

    static CopyStores.Store source(String kind) throws SQLException {
        CopyStores.Store store = SOURCES.get(kind);
        if (store == null) {
            store = CopyStores.open(kind, dir);
            SOURCES.put(kind, store);
            seed(store.url());
        }
        return store;
    }

    @AfterAll
    static void dropSources() throws Exception {
        for (CopyStores.Store store : SOURCES.values()) {
            store.close();
        }
    }

    static Stream<Arguments> pairs() {
        List<String> kinds = CopyStores.kinds();
        return kinds.stream().flatMap(from -> kinds.stream().filter(to -> !to.equals(from))
                .map(to -> Arguments.of(from, to)));
    }

    @ParameterizedTest(name = "{0} to {1}")
    @MethodSource("pairs")
    void copiesEverythingOnceBetweenEveryPair(String fromKind, String toKind) throws Exception {
        CopyStores.Store source = source(fromKind);
        try (CopyStores.Store target = CopyStores.open(toKind, dir)) {
            List<CopyProgress> reports = new ArrayList<>();
            try (Storage from = StorageProvider.openUrl(source.url()); Storage to = StorageProvider.openUrl(target.url())) {
                CopyProgress first = StoreCopy.between(from, to).onProgress(reports::add).copy();
                assertEquals(new CopyCounts(2, USERS + 1, 31, first.read().messages()), first.read());
                assertEquals(first.read(), first.written(), "into an empty store everything is written");
                assertEquals(first.read(), first.expected(), "the totals counted before the copy");
                assertEquals(first.read(), StoreCopy.between(from, to).count(), "a dry run counts the same");
                assertTrue(first.read().messages() > LONG_CONVERSATION, "messages: " + first.read());
                assertTrue(reports.size() > 5, "progress after every page: " + reports.size());
                assertEquals(first, reports.get(reports.size() - 1));
                assertEquals(2, webhooks(from).size());
                assertEquals(webhooks(from), webhooks(to), "the webhook registrations");

                CopyProgress second = StoreCopy.between(from, to).copy();
                assertEquals(first.read(), second.read());
                assertEquals(CopyCounts.NONE, second.written(), "a second run writes nothing");

                Verification verification = StoreCopy.between(from, to).verify();
                assertEquals(List.of(), verification.differences());
                assertEquals(verification.source(), verification.target());
                assertEquals(verification.sourceDigests(), verification.targetDigests());
                assertEquals(first.read(), verification.source().values().stream().reduce(CopyCounts.NONE, CopyCounts::plus));
            }
            assertEquals(readBack(source.url()), readBack(target.url()), "the target answers as the source does");
        }
    }

    @Test
    void verifyReportsEveryDifferenceAndTheCommandExitsWithThree() throws Exception {
        CopyStores.Store source = source("h2");
        try (CopyStores.Store target = CopyStores.open("mongo", dir)) {
            assertEquals(0, command("copy", "--from", source.url(), "--to", target.url(), "--app", APP, "--verify"));
            try (Roster roster = Roster.builder().storageUrl(target.url()).build()) {
                roster.upsertUser(APP, "user-7", UserPatch.builder().name("Changed").build());
                roster.upsertUser(APP, "zz-only-in-target", UserPatch.builder().name("Extra").build());
                String older = roster.conversations().messages(APP, "c-00", null, 100).get(50).id();
                roster.conversations().deleteMessage(APP, "c-00", older);
            }
            try (Storage from = StorageProvider.openUrl(source.url()); Storage to = StorageProvider.openUrl(target.url())) {
                Set<String> found = StoreCopy.between(from, to).onlyApp(APP).verify().differences().stream()
                        .map(Difference::toString).collect(Collectors.toSet());
                assertEquals(4, found.size(), found.toString());
                assertTrue(found.contains(APP + " user user-7: differs"), found.toString());
                assertTrue(found.contains(APP + " user zz-only-in-target: only in the target"), found.toString());
                assertTrue(found.stream().anyMatch(d -> d.matches(APP + " message c-00/\\S+: missing in the target")),
                        found.toString());
                assertTrue(found.contains(APP + " conversation c-00: differs"),
                        "the delete changed the participations' unread counts: " + found);
            }
            assertEquals(CopyCommand.DIFFERENCES, command("copy", "--from", source.url(), "--to", target.url(),
                    "--app", APP, "--dry-run", "--verify"));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertEquals(CopyCommand.DIFFERENCES, CopyCommand.run(List.of("--from", source.url(), "--to", target.url(),
                    "--app", APP, "--verify"), new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(new ByteArrayOutputStream()), false));
            String printed = out.toString(StandardCharsets.UTF_8);
            assertTrue(printed.contains("wrote 0 apps, 1 users, 1 conversations, 1 messages"), printed);
            assertTrue(printed.lines().anyMatch(line -> line.matches("\\d+% \\| 1/1 apps, .* items/s \\| ETA \\d+s")),
                    "a progress line with the share done and the time left: " + printed);
            assertTrue(printed.contains("  " + APP + " user zz-only-in-target: only in the target\n1 differences"),
                    "a copy mends what the target lacks or holds otherwise, never deletes: " + printed);
        }
    }

    @Test
    void followAppliesWhatTheSourceWritesAfterTheCopy() throws Exception {
        try (CopyStores.Store source = CopyStores.open("mongo", dir); CopyStores.Store target = CopyStores.open("h2", dir);
             Roster writer = Roster.builder().storageUrl(source.url()).build();
             Storage from = StorageProvider.openUrl(source.url()); Storage to = StorageProvider.openUrl(target.url())) {
            writer.saveApp(new App(APP, "sk_test_copy_copy_copy_01", AppSettings.defaults()));
            writer.upsertUser(APP, "before", UserPatch.builder().name("Before").build());
            writer.conversations().upsert(APP, "c-doomed", ConversationPatch.none().withParticipants("before"));
            StoreCopy copy = StoreCopy.between(from, to);
            long followFrom = copy.followFrom();
            copy.copy();
            AtomicBoolean stop = new AtomicBoolean();
            CompletableFuture<Long> reached = CompletableFuture.supplyAsync(() -> {
                try {
                    return copy.follow(followFrom, Duration.ofMillis(20), stop::get);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            writer.upsertUser(APP, "before", UserPatch.builder().name("Changed").build());
            writer.upsertUser(APP, "after", UserPatch.builder().name("After").build());
            writer.conversations().upsert(APP, "c-new", ConversationPatch.none().withParticipants("before", "after"));
            writer.conversations().send(APP, "c-new", List.of(NewMessage.user("after", "hello")));
            writer.conversations().delete(APP, "c-doomed");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!StoreCopy.between(from, to).verify().clean() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            stop.set(true);
            assertEquals(from.changes().head(), reached.get(30, TimeUnit.SECONDS), "the follow reached the source's head");
            assertEquals(List.of(), StoreCopy.between(from, to).verify().differences());
            assertEquals("Changed", to.users().load(APP, List.of("before")).get("before").value().name());
            assertTrue(to.conversations().load(APP, List.of("c-doomed")).isEmpty(), "a delete is followed");
        }
    }

    @Test
    void badOptionsAreAUsageErrorAndAnUnknownAppNamesIt() throws Exception {
        assertEquals(2, command("copy", "--from", "memory:"));
        assertEquals(2, command("copy", "--from", "memory:", "--to", "memory:"));
        assertEquals(2, command("copy", "--to", "memory:", "--from", "jdbc:h2:mem:a", "--frm", "x"));
        assertEquals(0, command("copy", "--help"));
        assertEquals(2, command("copy", "--from", "memory:", "--to", "jdbc:h2:mem:b", "--dry-run", "--follow"));
        CopyStores.Store source = source("h2");
        try (CopyStores.Store target = CopyStores.open("h2", dir)) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = CopyCommand.run(List.of("--from", source.url(), "--to", target.url(), "--app", "nope"),
                    new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8), false);
            assertEquals(2, code);
            assertEquals("app: no app nope in the source store", err.toString(StandardCharsets.UTF_8).trim());
        }
    }

    private static int command(String... args) {
        List<String> all = List.of(args);
        return CopyCommand.run(all.subList(1, all.size()), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(new ByteArrayOutputStream()), false);
    }

    /**
     * Two apps, one with its tokens revoked; users with every field, one deactivated, one with
     * revoked tokens, one active; conversations with participants who read, left or were
     * changed; a deleted conversation; a long imported conversation (more than one page of messages)
     * with an edited, a deleted, a system and a keyed message.
     */
    static void seed(String url) {
        try (Roster roster = Roster.builder().storageUrl(url).build()) {
            roster.saveApp(new App(APP, "sk_test_copy_copy_copy_01", AppSettings.defaults().withClientUserSync(true)
                    .withDefaultLocale("nl-NL")));
            roster.saveApp(new App(OTHER_APP, "sk_test_copy_copy_copy_02", AppSettings.defaults()));
            Map<String, UserPatch> batch = new LinkedHashMap<>();
            for (int i = 0; i < USERS; i++) {
                Map<String, Object> json = new TreeMap<>(Map.of("name", i % 2 == 0 ? "Ünïcode " + i : "user " + i,
                        "email", List.of("u" + i + "@example.com"), "phone", List.of("+3161234" + i),
                        "custom", Map.of("tier", "t" + i % 3, "weird key", "v\"" + i),
                        "pushTokens", Map.of("fcm:token-" + i, true), "role", i % 5 == 0 ? "admin" : "default",
                        "welcomeMessage", "hi " + i, "availabilityText", "away"));
                batch.put("user-" + i, UserPatch.fromJson(json, "user-" + i, true));
                if (batch.size() == 100) {
                    roster.upsertUsers(APP, batch);
                    batch.clear();
                }
            }
            roster.upsertUsers(APP, batch);
            roster.upsertUser(OTHER_APP, "user-0", UserPatch.builder().name("Other app").build());
            roster.deactivateUser(APP, "user-140");
            roster.recordActivity(APP, "user-141");
            roster.revokeUserTokens(APP, "user-10", null);
            roster.revokeTokens(OTHER_APP, null);
            var conversations = roster.conversations();
            for (int c = 0; c < 31; c++) {
                String id = String.format("c-%02d", c);
                conversations.upsert(APP, id, ConversationPatch.none().withSubject("Subject " + c)
                        .withCustom("topic", "t" + c).withParticipants("user-" + c, "user-" + (c + 1), "user-" + (c + 2)));
                conversations.send(APP, id, List.of(NewMessage.user("user-" + c, "hello " + c), NewMessage.system("joined")));
            }
            conversations.markRead(APP, "c-03", "user-4");
            conversations.leave(APP, "c-04", "user-5");
            conversations.patchParticipant(APP, "c-05", "user-6", ParticipationPatch.fromJson(Map.of("access", "Read"), false));
            conversations.putParticipant(APP, "c-06", "user-100", Access.READ_WRITE, Notify.MENTIONS_ONLY);
            conversations.upsert(APP, "c-gone", ConversationPatch.none().withParticipants("user-1"));
            conversations.delete(APP, "c-gone");
            List<NewMessage> imported = new ArrayList<>();
            for (int m = 0; m < LONG_CONVERSATION; m++) {
                imported.add(new NewMessage(MessageType.USER_MESSAGE, "user-" + (m % 3), "m" + m, new TreeMap<>(Map.of("n", "" + m)),
                        null, m == 7 ? "key-7" : null, 1_600_000_000_000L + m * 1000L));
            }
            for (int from = 0; from < imported.size(); from += 10) {
                conversations.importMessages(APP, "c-00", imported.subList(from, Math.min(imported.size(), from + 10)));
            }
            List<String> recent = conversations.messages(APP, "c-00", null, 3).stream().map(m -> m.id()).toList();
            conversations.editMessage(APP, "c-00", recent.get(1), MessagePatch.fromJson(Map.of("text", "edited")));
            conversations.deleteMessage(APP, "c-00", recent.get(2));
        }
        try (Storage storage = StorageProvider.openUrl(url)) {
            storage.webhooks().save(new Webhook(APP, "crm", "https://crm.example/hooks", List.of("user.*"),
                    "whsec_copy_copy_copy_01", true), FeedCursor.START);
            storage.webhooks().save(new Webhook(APP, "search", "https://search.example/in", List.of("*"),
                    "whsec_copy_copy_copy_02", false), FeedCursor.START);
        }
    }

    private static List<Webhook> webhooks(Storage storage) {
        return storage.webhooks().list(APP).stream().map(StoredWebhook::webhook).toList();
    }

    /** What a Roster over the store answers: users by name, and each seeded user's inbox. */
    private static List<Object> readBack(String url) {
        try (Roster roster = Roster.builder().storageUrl(url).build()) {
            List<Object> answers = new ArrayList<>(roster.listUsers(APP, UserQuery.of(UserOrder.NAME, 100)));
            for (int i = 0; i < 40; i++) {
                List<UserConversation> inbox = roster.conversations().list(APP, ConversationQuery.builder("user-" + i)
                        .limit(30).build());
                answers.add(inbox);
            }
            answers.add(roster.conversations().messages(APP, "c-00", null, 100));
            return answers;
        }
    }
}
