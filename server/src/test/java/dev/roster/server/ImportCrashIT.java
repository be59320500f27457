package dev.roster.server;

import dev.roster.core.api.Roster;
import dev.roster.core.domain.App;
import dev.roster.core.domain.AppSettings;
import dev.roster.core.domain.ConversationPatch;
import dev.roster.core.domain.ConversationView;
import dev.roster.core.domain.Message;
import dev.roster.core.domain.NewMessage;
import dev.roster.core.domain.UserPatch;
import dev.roster.http.RestApi;
import dev.roster.http.server.RosterHandler;
import dev.roster.http.source.TalkJsSource;
import dev.roster.server.copy.CopyProgress;
import dev.roster.server.copy.TalkJsImport;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code import} from a Roster on an H2 file served over HTTP into an H2 file killed with SIGKILL while it imports
 * a long conversation, then run again: the rerun imports only the messages the first run did not,
 * and the target ends up with every message once, at its original time. The test's process opens
 * the H2 file first with {@code AUTO_SERVER=TRUE}, so the import's process writes through the test's
 * database server and its open transaction dies with its connection, as with any database server.
 */
class ImportCrashIT {

    private static final String APP = "crash-import";
    private static final String SECRET = "sk_test_crash_import_crash_01";
    private static final int MESSAGES = 1_500;
    private static final long BASE = 1_600_000_000_000L;

    @Test
    void anImportKilledMidwayContinuesOnTheNextRun(@TempDir Path dir) throws Exception {
        String to = "jdbc:h2:file:" + dir.resolve("target") + ";AUTO_SERVER=TRUE";
        Server jetty = new Server();
        try (CrashStore sourceFile = CrashStore.Jdbc.h2File(dir.resolve("source"));
             Roster source = Roster.builder().storageUrl(sourceFile.url()).build()) {
            seed(source);
            ServerConnector connector = new ServerConnector(jetty);
            connector.setHost("127.0.0.1");
            connector.setPort(0);
            jetty.addConnector(connector);
            jetty.setHandler(new RosterHandler(RestApi.of(source)));
            jetty.start();
            String url = "http://127.0.0.1:" + connector.getLocalPort();
            try (Roster target = Roster.builder().storageUrl(to).build()) {
                ServerProcess run = ServerProcess.start(dir, List.of(ImportCommand.SECRET_VARIABLE + "=" + SECRET),
                        "import", "--source-url", url, "--source-app", APP, "--store", to);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (lastMessageAt(target) < BASE + MESSAGES / 5 * 1000L && run.process.isAlive()
                        && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                Thread.sleep(ThreadLocalRandom.current().nextLong(0, 300));
                assertTrue(run.process.isAlive(), "the import ended before the kill, so the test proves nothing: "
                        + run.lines);
                run.kill();

                int before = all(target).size();
                assertTrue(before > 0 && before < MESSAGES, "the kill came mid-import: " + before + " messages in");
                long started = System.nanoTime();
                CopyProgress rerun = TalkJsImport.of(TalkJsSource.builder(URI.create(url), APP, SECRET).build(), target)
                        .run();
                double took = (System.nanoTime() - started) / 1e9;
                assertEquals(MESSAGES, rerun.read().messages());
                assertEquals(MESSAGES - before, rerun.written().messages(), "the rerun imports only what the kill left out");
                List<Message> messages = all(target);
                Set<String> keys = new HashSet<>();
                messages.forEach(m -> keys.add(m.idempotencyKey()));
                assertEquals(MESSAGES, keys.size(), "no message twice");
                List<Long> times = messages.stream().map(Message::createdAt).toList();
                assertEquals(all(source).stream().map(Message::createdAt).toList(), times, "every message at its time");
                started = System.nanoTime();
                assertEquals(0, TalkJsImport.of(TalkJsSource.builder(URI.create(url), APP, SECRET).build(), target).run()
                        .written().total(), "a third run writes nothing");
                double compared = (System.nanoTime() - started) / 1e9;
                System.out.printf("import killed after %d of %d messages; the rerun read %s and imported the other %d"
                        + " in %.2f s; a third run read them all and wrote nothing in %.2f s%n", before, MESSAGES,
                        rerun.read(), rerun.written().messages(), took, compared);
            }
        } finally {
            jetty.stop();
        }
    }

    private static long lastMessageAt(Roster target) {
        if (target.findApp(APP).isEmpty()) {
            return 0;
        }
        Optional<ConversationView> view = target.conversations().find(APP, "long");
        return view.map(ConversationView::lastMessage).map(Message::createdAt).orElse(0L);
    }

    private static List<Message> all(Roster roster) {
        List<Message> all = new ArrayList<>();
        for (List<Message> page = roster.conversations().messages(APP, "long", null, 100); !page.isEmpty();
             page = page.size() < 100 ? List.of()
                     : roster.conversations().messages(APP, "long", page.get(page.size() - 1).id(), 100)) {
            all.addAll(page);
        }
        return all;
    }

    private static void seed(Roster roster) {
        roster.saveApp(new App(APP, SECRET, AppSettings.defaults()));
        roster.upsertUser(APP, "alice", UserPatch.builder().name("Alice").build());
        roster.upsertUser(APP, "bob", UserPatch.builder().name("Bob").build());
        roster.conversations().upsert(APP, "long", ConversationPatch.none().withParticipants("alice", "bob"));
        for (int from = 0; from < MESSAGES; from += 10) {
            List<NewMessage> page = new ArrayList<>();
            for (int m = from; m < from + 10; m++) {
                page.add(NewMessage.user(m % 2 == 0 ? "alice" : "bob", "m" + m).at(BASE + m * 1000L));
            }
            roster.conversations().importMessages(APP, "long", page);
        }
    }
}
