package dev.roster.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Two server processes over one database send each webhook event once: both write, both
 * dispatch, and the receiver counts every post. On every store two processes can share (an H2
 * file through its {@code AUTO_SERVER} mode, PostgreSQL, MariaDB, MongoDB).
 */
class WebhookTwoProcessIT {

    private static final String APP = "pair";
    private static final String SECRET = "sk_test_" + "p".repeat(24);
    private static final int USERS = 120;

    private final HookAdmin admin = new HookAdmin(SECRET);

    @Test
    void h2File(@TempDir Path dir) throws Exception {
        sendEachEventOnce("H2 file (AUTO_SERVER)", dir, "jdbc:h2:file:" + dir.resolve("roster") + ";AUTO_SERVER=TRUE");
    }

    @Test
    void postgres(@TempDir Path dir) throws Exception {
        String server = System.getenv("ROSTER_TEST_POSTGRES_URL");
        assumeTrue(server != null, "set ROSTER_TEST_POSTGRES_URL to run the PostgreSQL two-process webhook test");
        try (CrashStore store = CrashStore.Jdbc.postgres(server)) {
            sendEachEventOnce("PostgreSQL", dir, store.url());
        }
    }

    @Test
    void mariadb(@TempDir Path dir) throws Exception {
        String server = System.getenv("ROSTER_TEST_MARIADB_URL");
        assumeTrue(server != null, "set ROSTER_TEST_MARIADB_URL to run the MariaDB two-process webhook test");
        try (CrashStore store = CrashStore.Jdbc.mariadb(server)) {
            sendEachEventOnce("MariaDB", dir, store.url());
        }
    }

    @Test
    void mongo(@TempDir Path dir) throws Exception {
        try (CrashStore store = CrashStore.MongoJournal.start()) {
            sendEachEventOnce("MongoDB", dir, store.url());
        }
    }

    private void sendEachEventOnce(String name, Path dir, String storeUrl) throws Exception {
        try (HookReceiver receiver = new HookReceiver()) {
            ServerProcess a = start(dir, storeUrl);
            ServerProcess b = start(dir, storeUrl);
            try {
                String baseA = a.awaitListening() + "v1/" + APP + "/";
                String baseB = b.awaitListening() + "v1/" + APP + "/";
                String secret = admin.register(baseA, "pair", receiver, "user.created");
                for (int i = 0; i < USERS; i++) {
                    admin.createUser(i % 2 == 0 ? baseA : baseB, i);
                }
                receiver.awaitUsers(USERS);
                Thread.sleep(2_000);
                assertEquals(List.of(), receiver.badSignatures(secret));
                assertEquals(USERS, receiver.distinctEvents());
                System.out.printf("%s, two processes: %d webhook posts for %d events, %d sent twice%n", name,
                        receiver.posts(), receiver.distinctEvents(), receiver.posts() - receiver.distinctEvents());
                assertEquals(USERS, receiver.posts(), "an event was sent more than once");
            } finally {
                a.stopWithSigterm();
                b.stopWithSigterm();
            }
        }
    }

    private static ServerProcess start(Path dir, String storeUrl) throws IOException {
        return ServerProcess.start(dir, "--port", "0", "--store", storeUrl, "--app", APP + ":" + SECRET,
                "--webhook-allow-host", "127.0.0.1");
    }
}
