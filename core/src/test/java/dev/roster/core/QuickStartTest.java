package dev.roster.core;

import dev.roster.core.api.Roster;
import dev.roster.core.api.Session;
import dev.roster.core.api.UserSubscription;
import dev.roster.core.domain.App;
import dev.roster.core.domain.AppSettings;
import dev.roster.core.domain.UserPatch;
import dev.roster.core.domain.UserSnapshot;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's quick start compiles and does what it says; the README shows exactly this code. */
class QuickStartTest {

    private static final Path SOURCE = Path.of("src/test/java/dev/roster/core/QuickStartTest.java");
    private static final Path README = Path.of("../README.md");

    @Test
    void theQuickStartWorks() throws Exception {
        BlockingQueue<String> names = new LinkedBlockingQueue<>();
        // quick-start:begin
        try (Roster roster = Roster.builder().storageUrl("memory:").build()) {
            roster.saveApp(new App("my-app", "sk_test_0123456789abcdef", AppSettings.defaults()));
            roster.upsertUser("my-app", "alice", UserPatch.builder()
                    .name("Alice").email("alice@example.com").custom("country", "ca").build());

            Session session = roster.session("my-app", "alice");
            UserSnapshot alice = session.user("alice").get().join();   // public fields only

            UserSubscription subscription = session.user("alice")
                    .subscribe(snapshot -> names.add(snapshot.name()));
            subscription.connected().join();
            roster.upsertUser("my-app", "alice", UserPatch.builder().name("Alice Smith").build());
            // quick-start:end
            assertEquals("ca", alice.custom().get("country"));
            assertEquals("Alice", names.poll(10, TimeUnit.SECONDS));
            assertEquals("Alice Smith", names.poll(10, TimeUnit.SECONDS));
            subscription.unsubscribe();
        }
    }

    @Test
    void theReadmeShowsTheQuickStartVerbatim() throws IOException {
        String source = Files.readString(SOURCE);
        String snippet = source.substring(source.indexOf("// quick-start:begin\n") + "// quick-start:begin\n".length(),
                source.indexOf("            // quick-start:end"));
        String readme = Files.readString(README);
        for (String line : snippet.lines().map(String::strip).filter(l -> !l.isEmpty()).toList()) {
            assertTrue(readme.contains(line), () -> "README.md lacks the quick-start line: " + line);
        }
    }
}
