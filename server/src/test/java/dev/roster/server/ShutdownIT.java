package dev.roster.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * SIGTERM stops a server in the right order: it stops taking requests, ends its event streams and
 * their presence sessions, and only then closes the store. Two servers share one PostgreSQL
 * database; the one that stays up must see the other's streaming user offline at once, not after
 * the presence window (15 s).
 */
class ShutdownIT {

    private static final String APP = "shutdown";
    private static final String SECRET = "sk_test_" + "s".repeat(24);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void sigtermEndsStreamsAndTheirPresenceBeforeClosingTheStore(@TempDir Path dir) throws Exception {
        String server = System.getenv("ROSTER_TEST_POSTGRES_URL");
        assumeTrue(server != null, "set ROSTER_TEST_POSTGRES_URL: the test needs a store two processes share");
        try (CrashStore store = CrashStore.Jdbc.postgres(server)) {
            ServerProcess streaming = start(dir, store);
            String streamingBase = streaming.awaitListening();
            ServerProcess staying = start(dir, store);
            try {
                String stayingBase = staying.awaitListening();
                assertEquals(200, send(trusted(stayingBase + "v1/" + APP + "/users/alice")
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"name\": \"Alice\"}"))).statusCode());

                HttpResponse<InputStream> stream = client.send(HttpRequest.newBuilder(
                                URI.create(streamingBase + "v1/" + APP + "/client/alice/users/alice/events"))
                        .header("Authorization", "Bearer " + signature("alice"))
                        .GET().build(), HttpResponse.BodyHandlers.ofInputStream());
                assertEquals(200, stream.statusCode());
                assertTrue(awaitSessions(stayingBase, "alice", false, Duration.ofSeconds(10)),
                        "the stream made alice online");
                List<Thread> openers = keepOpeningStreams(streamingBase, "bob");

                streaming.stopWithSigterm();
                long stopped = System.nanoTime();
                for (Thread opener : openers) {
                    opener.join(10_000);
                }
                for (String user : List.of("alice", "bob")) {
                    assertTrue(awaitSessions(stayingBase, user, true, Duration.ofSeconds(2)),
                            user + " is still online in the other process after the streaming one stopped");
                }
                assertTrue(System.nanoTime() - stopped < TimeUnit.SECONDS.toNanos(12));
                assertTrue(streaming.lines.stream().noneMatch(line -> line.contains("WARN") || line.contains("ERROR")),
                        "the stop logged a failure: " + streaming.lines);
                stream.body().close();
            } finally {
                if (streaming.process.isAlive()) {
                    streaming.kill();
                }
                staying.stopWithSigterm();
            }
        }
    }

    private static ServerProcess start(Path dir, CrashStore store) throws Exception {
        return ServerProcess.start(dir, "--port", "0", "--store", store.url(), "--app", APP + ":" + SECRET);
    }

    /**
     * Threads that open streams of {@code userId} one after another, each left open, until the
     * server stops answering: some are opened while it stops.
     */
    private List<Thread> keepOpeningStreams(String base, String userId) throws Exception {
        assertEquals(200, send(trusted(base + "v1/" + APP + "/users/" + userId)
                .PUT(HttpRequest.BodyPublishers.ofString("{\"name\": \"Bob\"}"))).statusCode());
        List<Thread> openers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Thread opener = new Thread(() -> {
                try {
                    while (true) {
                        client.send(HttpRequest.newBuilder(
                                        URI.create(base + "v1/" + APP + "/client/" + userId + "/users/" + userId + "/events"))
                                .header("Authorization", "Bearer " + signature(userId))
                                .timeout(Duration.ofSeconds(10))
                                .GET().build(), HttpResponse.BodyHandlers.ofInputStream());
                    }
                } catch (Exception stopped) {
                    // the server no longer accepts connections
                }
            }, "stream-opener-" + i);
            opener.setDaemon(true);
            opener.start();
            openers.add(opener);
        }
        Thread.sleep(300);
        return openers;
    }

    /** Polls the user's sessions in the other process until they are empty ({@code offline}) or not. */
    private boolean awaitSessions(String base, String userId, boolean offline, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        do {
            HttpResponse<String> sessions = send(trusted(base + "v1/" + APP + "/users/" + userId + "/sessions").GET());
            assertEquals(200, sessions.statusCode(), sessions.body());
            if (sessions.body().equals("[]") == offline) {
                return true;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        return false;
    }

    private HttpRequest.Builder trusted(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + SECRET);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** TalkJS's older identity signature: hex HMAC-SHA256 of the user id with the secret key. */
    private static String signature(String userId) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(userId.getBytes(StandardCharsets.UTF_8)));
    }
}
