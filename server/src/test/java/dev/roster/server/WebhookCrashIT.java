package dev.roster.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Webhooks are delivered at least once across {@code kill -9}, on every persistent store: the
 * server is killed while a receiver holds a delivery unanswered (sent, never recorded), started
 * again on the same store, and every event of every acknowledged write must reach the receiver,
 * the held one again, each with a valid signature.
 */
class WebhookCrashIT {

    private static final String APP = "hooks";
    private static final String SECRET = "sk_test_" + "h".repeat(24);
    private static final int BEFORE_KILL = 40;
    private static final int AFTER_KILL = 20;
    private static final int HOLD_AT = 25;

    private final HookAdmin admin = new HookAdmin(SECRET);

    @Test
    void h2File(@TempDir Path dir) throws Exception {
        try (CrashStore store = CrashStore.Jdbc.h2File(dir.resolve("data"))) {
            redeliversAfterAKill("H2 file", dir, store);
        }
    }

    @Test
    void postgres(@TempDir Path dir) throws Exception {
        String server = System.getenv("ROSTER_TEST_POSTGRES_URL");
        assumeTrue(server != null, "set ROSTER_TEST_POSTGRES_URL to run the PostgreSQL webhook crash test");
        try (CrashStore store = CrashStore.Jdbc.postgres(server)) {
            redeliversAfterAKill("PostgreSQL", dir, store);
        }
    }

    @Test
    void mariadb(@TempDir Path dir) throws Exception {
        String server = System.getenv("ROSTER_TEST_MARIADB_URL");
        assumeTrue(server != null, "set ROSTER_TEST_MARIADB_URL to run the MariaDB webhook crash test");
        try (CrashStore store = CrashStore.Jdbc.mariadb(server)) {
            redeliversAfterAKill("MariaDB", dir, store);
        }
    }

    @Test
    void mongoJournal(@TempDir Path dir) throws Exception {
        try (CrashStore store = CrashStore.MongoJournal.start()) {
            redeliversAfterAKill("MongoDB journal", dir, store);
        }
    }

    private void redeliversAfterAKill(String name, Path dir, CrashStore store) throws Exception {
        try (HookReceiver receiver = new HookReceiver(HOLD_AT)) {
            ServerProcess server = start(dir, store);
            String secret;
            try {
                String base = server.awaitListening() + "v1/" + APP + "/";
                secret = admin.register(base, "crash", receiver, "user.*");
                for (int i = 0; i < BEFORE_KILL; i++) {
                    admin.createUser(base, i);
                }
                receiver.awaitHeld();
            } finally {
                server.kill();
            }
            receiver.release();
            String heldEvent = receiver.heldEvent();
            server = start(dir, store);
            try {
                String base = server.awaitListening() + "v1/" + APP + "/";
                for (int i = BEFORE_KILL; i < BEFORE_KILL + AFTER_KILL; i++) {
                    admin.createUser(base, i);
                }
                receiver.awaitUsers(BEFORE_KILL + AFTER_KILL);
            } finally {
                server.stopWithSigterm();
            }
            assertEquals(List.of(), receiver.badSignatures(secret), "posts whose signature does not verify");
            assertTrue(receiver.countOf(heldEvent) >= 2, "the held delivery " + heldEvent + " was not sent again");
            int redelivered = receiver.posts() - receiver.distinctEvents();
            System.out.printf("%s: webhook posts %d for %d events, %d sent again after the kill (the held one "
                    + "and those in flight with it), 0 lost%n", name, receiver.posts(), receiver.distinctEvents(),
                    redelivered);
        }
    }

    private static ServerProcess start(Path dir, CrashStore store) throws IOException {
        return ServerProcess.start(dir, "--port", "0", "--store", store.url(), "--app", APP + ":" + SECRET,
                "--webhook-allow-host", "127.0.0.1", "--webhook-timeout", "1");
    }
}
