package dev.roster.server;

import dev.roster.core.api.Roster;
import dev.roster.core.domain.Access;
import dev.roster.core.domain.App;
import dev.roster.core.domain.AppSettings;
import dev.roster.core.domain.ConversationPatch;
import dev.roster.core.domain.ConversationQuery;
import dev.roster.core.domain.InboxEntry;
import dev.roster.core.domain.Message;
import dev.roster.core.domain.MessageType;
import dev.roster.core.domain.NewMessage;
import dev.roster.core.domain.Notify;
import dev.roster.core.domain.ParticipationPatch;
import dev.roster.core.domain.User;
import dev.roster.core.domain.UserConversation;
import dev.roster.core.domain.UserPatch;
import dev.roster.http.RestApi;
import dev.roster.http.server.RosterHandler;
import dev.roster.http.source.TalkJsSource;
import dev.roster.server.copy.CopyCounts;
import dev.roster.server.copy.CopyProgress;
import dev.roster.server.copy.TalkJsImport;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link TalkJsImport} and the {@code import} command, from a Roster on an H2 file served over a
 * real socket (with 429s carrying {@code Retry-After} and 503s mixed in) into every persistent store
 * reachable here (PostgreSQL and MariaDB when their variables are set): the target then answers as the source does (users, each user's listing with unread counts,
 * messages with their timestamps), and a second run, or a run after a failed one, writes no duplicate.
 */
class TalkJsImportTest {

    static final String APP = "import-app";
    static final String SECRET = "sk_test_import_import_01";
    static final int USERS = 130;
    static final int CONVERSATIONS = 12;
    static final int LONG_CONVERSATION = 230;
    /** Everything the source holds: the long conversation has a reply more, c-01 a message of a user who left. */
    static final CopyCounts ALL = new CopyCounts(1, USERS, CONVERSATIONS,
            (CONVERSATIONS - 1) * 3 + 1 + LONG_CONVERSATION + 1);

    @TempDir
    static Path dir;

    private static CopyStores.Store sourceStore;
    private static Roster source;
    private static Server jetty;
    private static Flaky flaky;
    private static String url;
    private static final List<Duration> WAITS = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void serveTheSource() throws Exception {
        sourceStore = CopyStores.open("h2", dir);
        source = Roster.builder().storageUrl(sourceStore.url()).build();
        seed(source);
        jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        flaky = new Flaky(new RosterHandler(RestApi.of(source)));
        jetty.setHandler(flaky);
        jetty.start();
        url = "http://127.0.0.1:" + connector.getLocalPort();
    }

    @AfterAll
    static void stop() throws Exception {
        jetty.stop();
        source.close();
        sourceStore.close();
    }

    static List<String> kinds() {
        return CopyStores.kinds();
    }

    @ParameterizedTest(name = "into {0}")
    @MethodSource("kinds")
    void importsEverythingOnceAndTheTargetAnswersAsTheSource(String kind) throws Exception {
        try (CopyStores.Store target = CopyStores.open(kind, dir)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = ImportCommand.run(List.of("--source-url", url, "--source-app", APP, "--store", target.url()),
                    Map.of(ImportCommand.SECRET_VARIABLE, SECRET), TalkJsImportTest::fast, print(out), print(err), true);
            String printed = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
            assertEquals(0, code, printed);
            assertTrue(printed.contains("\r[####################] 100% of conversations | 1/1 apps, 130/130 users, "
                    + "12/12 conversations, 265/265 messages | "), "the last line has the totals: " + printed);
            assertTrue(printed.contains("read " + ALL + "; wrote " + ALL), printed);
            assertTrue(printed.contains("Created app " + APP + " with the source app's secret key"), printed);
            assertTrue(WAITS.contains(Duration.ofSeconds(1)), "the 429s' Retry-After was honoured: " + WAITS);

            try (Roster roster = Roster.builder().storageUrl(target.url()).build()) {
                assertEquals(SECRET, roster.app(APP).secretKey());
                assertEquals(answers(source), answers(roster), "the target answers as the source does");
                List<CopyProgress> reports = new ArrayList<>();
                CopyProgress second = TalkJsImport.of(fast(TalkJsSource.builder(URI.create(url), APP, SECRET)).build(),
                        roster).onProgress(reports::add).run();
                assertEquals(ALL, second.read());
                assertEquals(CopyCounts.NONE, second.written(), "a second run writes nothing");
                assertPacedByTheConversations(reports);
                assertEquals(answers(source), answers(roster));
            }
        }
    }

    /**
     * Progress after the app, each page of users, the conversations' listing page and its end, then
     * each conversation: no total before the listing ends, then the conversations' share, totals
     * with the messages estimated from those read, and a time left once one is done.
     */
    private static void assertPacedByTheConversations(List<CopyProgress> reports) {
        assertEquals(1 + 3 + 1 + 1 + CONVERSATIONS, reports.size(), reports.toString());
        reports.subList(0, 5).forEach(report -> assertTrue(report.done().isEmpty(), "no total yet: " + report));
        assertEquals("1 apps, 130 users, 0 conversations, 0 messages | 131 items/s | listing conversations for the"
                + " totals: 12 so far", CopyCommand.ProgressPrinter.line(reports.get(4), Duration.ofSeconds(1), true));
        List<CopyProgress> paced = reports.subList(5, reports.size());
        for (int done = 0; done <= CONVERSATIONS; done++) {
            CopyProgress report = paced.get(done);
            assertEquals(done, report.read().conversations());
            assertEquals(CONVERSATIONS, report.expected().conversations(), report.toString());
            assertEquals((double) done / CONVERSATIONS, report.done().orElseThrow(), 1e-9);
            assertEquals(done > 0, report.timeLeft(Duration.ofSeconds(1)).isPresent(), report.toString());
        }
        CopyProgress half = paced.get(CONVERSATIONS / 2);
        assertEquals(new CopyCounts(1, USERS, CONVERSATIONS, 494), half.expected(),
                "six conversations with 247 messages make 494 for twelve (the long one came first)");
        String line = CopyCommand.ProgressPrinter.line(half, Duration.ofSeconds(1), true);
        assertTrue(line.matches("\\[##########----------] 50% of conversations \\| 1/1 apps, 130/130 users, "
                + "6/12 conversations, 247/~494 messages \\| 384 items/s \\| ETA \\d+s at [\\d.,]+ conversations/s"),
                line);
        CopyProgress last = paced.get(CONVERSATIONS);
        assertEquals(ALL, last.expected(), "the estimate ends as the count");
        assertEquals(Optional.of(Duration.ZERO), last.timeLeft(Duration.ofSeconds(1)));
    }

    @Test
    void aListingPastTheKeptConversationsIsListedAgainFromTheLastKeptOne() throws Exception {
        try (CopyStores.Store target = CopyStores.open("h2", dir);
             Roster roster = Roster.builder().storageUrl(target.url()).build()) {
            TalkJsSource reader = fast(TalkJsSource.builder(URI.create(url), APP, SECRET)).build();
            int listings = flaky.listings();
            CopyProgress first = TalkJsImport.of(reader, roster).intoApp("relisted").secretForNewApp(SECRET)
                    .keepingListed(5).run();
            assertEquals(2, flaky.listings() - listings,
                    "the count's page, then the page after the fifth conversation");
            assertEquals(ALL, first.read());
            assertEquals(ALL, first.written());
            assertEquals(answers(source, APP), answers(roster, "relisted"));
            listings = flaky.listings();
            CopyProgress second = TalkJsImport.of(reader, roster).intoApp("relisted").run();
            assertEquals(1, flaky.listings() - listings, "within the kept conversations, one listing in all");
            assertEquals(CopyCounts.NONE, second.written());
        }
    }

    @Test
    void aRunAfterAFailedOneContinuesWithoutDuplicates() throws Exception {
        try (CopyStores.Store target = CopyStores.open("h2", dir);
             Roster roster = Roster.builder().storageUrl(target.url()).build()) {
            TalkJsSource reader = fast(TalkJsSource.builder(URI.create(url), APP, SECRET)).attempts(2).build();
            flaky.failAfter(flaky.requests() + 8);
            String failure;
            try {
                TalkJsImport.of(reader, roster).intoApp("copy-of-import").secretForNewApp(SECRET).run();
                failure = "none";
            } catch (IllegalStateException e) {
                failure = e.getMessage();
            } finally {
                flaky.failAfter(Integer.MAX_VALUE);
            }
            assertTrue(failure.contains("answered 500") && failure.contains("attempt 2 of 2"), failure);
            CopyProgress rest = TalkJsImport.of(reader, roster).intoApp("copy-of-import").run();
            assertTrue(rest.written().total() < rest.read().total(), "the rerun wrote only the rest: " + rest);
            assertEquals(answers(source, APP), answers(roster, "copy-of-import"));
        }
    }

    @Test
    void verifyCountsAndDigestsBothSidesNamesEveryItemTheTargetHoldsOtherwiseAndExitsWithThree() throws Exception {
        try (CopyStores.Store target = CopyStores.open("h2", dir)) {
            List<String> args = List.of("--source-url", url, "--source-app", APP, "--store", target.url());
            Map<String, String> environment = Map.of(ImportCommand.SECRET_VARIABLE, SECRET);
            assertEquals(0, ImportCommand.run(args, environment, TalkJsImportTest::fast, print(new ByteArrayOutputStream()),
                    print(new ByteArrayOutputStream()), false));
            String reply;
            try (Roster roster = Roster.builder().storageUrl(target.url()).build()) {
                roster.upsertUser(APP, "user-003", UserPatch.builder().name("Changed").build());
                reply = roster.conversations().messages(APP, "c-00", null, 1).get(0).id();
                roster.conversations().deleteMessage(APP, "c-00", reply);
                roster.conversations().patchParticipant(APP, "c-02", "user-004", ParticipationPatch.none().withReadUntil(1));
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            List<String> compareOnly = new ArrayList<>(args);
            compareOnly.addAll(List.of("--dry-run", "--verify"));
            assertEquals(CopyCommand.DIFFERENCES, ImportCommand.run(compareOnly, environment, TalkJsImportTest::fast,
                    print(out), print(new ByteArrayOutputStream()), false));
            String printed = out.toString(StandardCharsets.UTF_8);
            Matcher counted = verifyLine(printed);
            assertEquals(List.of(ALL.toString(), new CopyCounts(1, USERS, CONVERSATIONS, ALL.messages() - 1).toString()),
                    List.of(counted.group(1), counted.group(3)), "the target lacks one message: " + printed);
            assertNotEquals(counted.group(2), counted.group(4), "the digests differ: " + printed);
            String sourceReply = source.conversations().messages(APP, "c-00", null, 1).get(0).id();
            assertTrue(printed.contains("  " + APP + " user user-003: differs\n  " + APP
                    + " message c-00/" + sourceReply + ": missing in the target\n  " + APP
                    + " conversation c-02: differs\n3 differences\n"), printed);
            out.reset();
            assertEquals(0, ImportCommand.run(args, environment, TalkJsImportTest::fast, print(out),
                    print(new ByteArrayOutputStream()), false));
            printed = out.toString(StandardCharsets.UTF_8);
            assertTrue(printed.contains("; wrote 0 apps, 1 users, 2 conversations, 1 messages"),
                    "the import mends them all (c-00 gets its message back): " + printed);
            out.reset();
            assertEquals(0, ImportCommand.run(compareOnly, environment, TalkJsImportTest::fast, print(out),
                    print(new ByteArrayOutputStream()), false));
            printed = out.toString(StandardCharsets.UTF_8);
            counted = verifyLine(printed);
            assertEquals(List.of(ALL.toString(), ALL.toString()), List.of(counted.group(1), counted.group(3)), printed);
            assertEquals(counted.group(2), counted.group(4), "the digests agree: " + printed);
            assertTrue(printed.endsWith("Verified: no difference\n"), printed);
        }
    }

    /** The verification's line of the app: each side's counts (groups 1 and 3) and digest (2 and 4). */
    private static Matcher verifyLine(String printed) {
        Matcher line = Pattern.compile("Verify " + APP + ": source (.+) \\(digest (\\p{XDigit}{12})\\), target (.+)"
                + " \\(digest (\\p{XDigit}{12})\\)\n").matcher(printed);
        assertTrue(line.find(), printed);
        return line;
    }

    @Test
    void dryRunCountsAndWritesNothing() throws Exception {
        try (CopyStores.Store target = CopyStores.open("h2", dir)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertEquals(0, ImportCommand.run(List.of("--source-url", url, "--source-app", APP, "--store", target.url(),
                    "--dry-run"), Map.of(ImportCommand.SECRET_VARIABLE, SECRET), TalkJsImportTest::fast, print(out),
                    print(new ByteArrayOutputStream()), false));
            String printed = out.toString(StandardCharsets.UTF_8);
            assertTrue(printed.contains("Dry run: the source holds " + ALL + "; nothing written"), printed);
            try (Roster roster = Roster.builder().storageUrl(target.url()).build()) {
                assertEquals(List.of(), roster.allApps());
            }
        }
    }

    @Test
    void theSecretNeverComesFromTheCommandLineAndAWrongOneFailsClearly() throws Exception {
        List<String> base = List.of("--source-url", url, "--source-app", APP, "--store", "memory:");
        assertEquals(0, command(List.of("--help"), Map.of()));
        assertEquals(2, command(base, Map.of()), "no secret");
        List<String> onTheLine = new ArrayList<>(base);
        onTheLine.addAll(List.of("--source-secret", SECRET));
        assertEquals(2, command(onTheLine, Map.of(ImportCommand.SECRET_VARIABLE, SECRET)));
        assertEquals(2, command(List.of("--source-url", url, "--store", "memory:"), Map.of(ImportCommand.SECRET_VARIABLE, SECRET)));
        Path file = dir.resolve("secret.txt");
        Files.writeString(file, SECRET + "\n");
        List<String> fromFile = new ArrayList<>(base);
        fromFile.addAll(List.of("--source-secret-file", file.toString(), "--dry-run"));
        assertEquals(0, command(fromFile, Map.of()));

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(1, ImportCommand.run(base, Map.of(ImportCommand.SECRET_VARIABLE, "sk_test_wrong_wrong_wrong"),
                TalkJsImportTest::fast, print(new ByteArrayOutputStream()), print(err), false));
        String printed = err.toString(StandardCharsets.UTF_8);
        assertTrue(printed.startsWith("The import stopped: GET " + url + "/v1/" + APP + "/users?limit=100 answered 401"),
                printed);
    }

    private static int command(List<String> args, Map<String, String> environment) {
        return ImportCommand.run(args, environment, TalkJsImportTest::fast, print(new ByteArrayOutputStream()),
                print(new ByteArrayOutputStream()), false);
    }

    /** Backoffs and Retry-After waits recorded, not slept. */
    private static TalkJsSource.Builder fast(TalkJsSource.Builder builder) {
        return builder.backoff(Duration.ofMillis(1), Duration.ofMillis(8)).sleeper(WAITS::add);
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    /**
     * Users with every field (one deactivated), conversations whose participants read, write or
     * only read, with each notify setting and read markers; a long conversation of more than two
     * pages with a system message and a reply; a message of a user who left; every conversation
     * with messages at distinct times.
     */
    private static void seed(Roster roster) {
        roster.saveApp(new App(APP, SECRET, AppSettings.defaults()));
        Map<String, UserPatch> batch = new HashMap<>();
        for (int i = 0; i < USERS; i++) {
            Map<String, Object> json = new TreeMap<>(Map.of("name", i % 2 == 0 ? "Ünïcode " + i : "user " + i,
                    "email", List.of("u" + i + "@example.com", "second" + i + "@example.com"),
                    "phone", List.of("+3161234" + i), "custom", Map.of("tier", "t" + i % 3, "weird key", "v\"" + i),
                    "pushTokens", Map.of("fcm:token-" + i, true), "role", i % 5 == 0 ? "admin" : "default",
                    "welcomeMessage", "hi " + i, "availabilityText", "away", "locale", "nl-NL",
                    "photoUrl", "https://example.com/" + i + ".png"));
            batch.put(String.format("user-%03d", i), UserPatch.fromJson(json, String.format("user-%03d", i), true));
            if (batch.size() == 100) {
                roster.upsertUsers(APP, batch);
                batch.clear();
            }
        }
        roster.upsertUsers(APP, batch);
        var conversations = roster.conversations();
        long base = 1_600_000_000_000L;
        for (int c = 0; c < CONVERSATIONS; c++) {
            String id = String.format("c-%02d", c);
            conversations.upsert(APP, id, ConversationPatch.none().withSubject("Subject " + c).withCustom("topic", "t" + c)
                    .withPhotoUrl(c % 2 == 0 ? "https://example.com/c.png" : null));
            String a = String.format("user-%03d", c);
            String b = String.format("user-%03d", c + 1);
            String reader = String.format("user-%03d", c + 2);
            conversations.putParticipant(APP, id, a, Access.READ_WRITE, Notify.ALL);
            conversations.putParticipant(APP, id, b, Access.READ_WRITE, c % 2 == 0 ? Notify.MENTIONS_ONLY : Notify.OFF);
            conversations.putParticipant(APP, id, reader, Access.READ, Notify.ALL);
            long at = base + c * 1_000_000L;
            if (c == 0) {
                for (int from = 0; from < LONG_CONVERSATION; from += 10) {
                    List<NewMessage> page = new ArrayList<>();
                    for (int m = from; m < Math.min(LONG_CONVERSATION, from + 10); m++) {
                        page.add(m == 5 ? NewMessage.system("joined").at(at + m * 1000L)
                                : new NewMessage(MessageType.USER_MESSAGE, m % 2 == 0 ? a : b, "m" + m,
                                new TreeMap<>(Map.of("n", "" + m)), null, null, at + m * 1000L));
                    }
                    conversations.importMessages(APP, id, page);
                }
                List<Message> recent = conversations.messages(APP, id, null, 100);
                String older = conversations.messages(APP, id, recent.get(99).id(), 100).get(50).id();
                conversations.importMessages(APP, id, List.of(new NewMessage(MessageType.USER_MESSAGE, a, "a reply",
                        new TreeMap<>(), older, null, at + LONG_CONVERSATION * 1000L)));
            } else {
                conversations.importMessages(APP, id, List.of(NewMessage.user(a, "hello " + c).at(at),
                        NewMessage.user(b, "hi " + c).at(at + 1000), NewMessage.system("note").at(at + 2000)));
            }
            conversations.patchParticipant(APP, id, reader, ParticipationPatch.none().withReadUntil(at + 1000));
            conversations.patchParticipant(APP, id, a, ParticipationPatch.none().withReadUntil(c % 3 == 0 ? 0 : at + 2000));
        }
        conversations.putParticipant(APP, "c-01", "user-100", Access.READ_WRITE, Notify.ALL);
        conversations.importMessages(APP, "c-01", List.of(NewMessage.user("user-100", "bye").at(base + 1_000_000L + 500)));
        conversations.leave(APP, "c-01", "user-100");
        roster.deactivateUser(APP, "user-007");
    }

    private static List<Object> answers(Roster roster) {
        return answers(roster, APP);
    }

    /**
     * What a Roster answers, without what an import cannot keep (createdAt, join times, message
     * ids): every user; each user's listing with unread counts; every conversation's messages.
     */
    private static List<Object> answers(Roster roster, String app) {
        List<Object> answers = new ArrayList<>();
        for (List<User> page = roster.listUsers(app, null, 100); !page.isEmpty();
             page = page.size() < 100 ? List.of() : roster.listUsers(app, page.get(page.size() - 1).id(), 100)) {
            page.forEach(user -> answers.add(List.of(user.id(), user.name(), user.email(), user.phone(),
                    String.valueOf(user.photoUrl()), String.valueOf(user.welcomeMessage()), user.role(),
                    String.valueOf(user.locale()), user.custom(), user.pushTokens(),
                    String.valueOf(user.availabilityText()), user.deactivated())));
        }
        for (int i = 0; i < CONVERSATIONS + 2; i++) {
            List<UserConversation> inbox = roster.conversations().list(app,
                    ConversationQuery.builder(String.format("user-%03d", i)).limit(30).build());
            for (UserConversation entry : inbox) {
                Map<String, List<Object>> participants = new TreeMap<>();
                entry.view().participants().forEach((userId, e) -> participants.put(userId, participant(e)));
                var c = entry.view().conversation();
                answers.add(List.of(i, c.id(), String.valueOf(c.subject()), String.valueOf(c.photoUrl()), c.custom(),
                        participants, entry.unreadMessageCount(), entry.isUnread(),
                        entry.view().lastMessage().text(), entry.view().lastMessage().createdAt()));
            }
        }
        for (int c = 0; c < CONVERSATIONS; c++) {
            String id = String.format("c-%02d", c);
            Map<String, String> texts = new HashMap<>();
            List<Message> all = new ArrayList<>();
            for (List<Message> page = roster.conversations().messages(app, id, null, 100); !page.isEmpty();
                 page = page.size() < 100 ? List.of()
                         : roster.conversations().messages(app, id, page.get(page.size() - 1).id(), 100)) {
                all.addAll(page);
            }
            all.forEach(m -> texts.put(m.id(), m.text()));
            all.forEach(m -> answers.add(List.of(id, m.type(), String.valueOf(m.senderId()), m.text(), m.custom(),
                    m.createdAt(), String.valueOf(texts.get(m.referencedMessageId())))));
        }
        return answers;
    }

    private static List<Object> participant(InboxEntry entry) {
        return List.of(entry.access(), entry.notification(), entry.readUntil(), entry.unreadCount(), entry.isUnread());
    }

    /**
     * Answers every fifth request 429 with {@code Retry-After: 1} and every seventh 503, and every
     * request 500 past {@link #failAfter a set count}; passes the rest to the REST API, counting
     * the conversations' listing pages among them.
     */
    static final class Flaky extends Handler.Wrapper {
        private final AtomicInteger requests = new AtomicInteger();
        private final AtomicInteger listings = new AtomicInteger();
        private volatile int failAfter = Integer.MAX_VALUE;

        Flaky(Handler api) {
            super(api);
        }

        int requests() {
            return requests.get();
        }

        /** {@return the requests for a page of the app's conversations that were answered} */
        int listings() {
            return listings.get();
        }

        void failAfter(int count) {
            failAfter = count;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            int n = requests.incrementAndGet();
            if (n > failAfter) {
                return answer(response, callback, 500, null);
            }
            if (n % 5 == 2) {
                return answer(response, callback, 429, "1");
            }
            if (n % 7 == 3) {
                return answer(response, callback, 503, null);
            }
            if (request.getHttpURI().getPath().equals("/v1/" + APP + "/conversations")) {
                listings.incrementAndGet();
            }
            return super.handle(request, response, callback);
        }

        private static boolean answer(Response response, Callback callback, int status, String retryAfter) {
            response.setStatus(status);
            if (retryAfter != null) {
                response.getHeaders().put(HttpHeader.RETRY_AFTER, retryAfter);
            }
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            response.write(true, ByteBuffer.wrap(("{\"errorCode\": \"FLAKY\", \"reason\": \"status " + status + "\"}")
                    .getBytes(StandardCharsets.UTF_8)), callback);
            return true;
        }
    }
}
