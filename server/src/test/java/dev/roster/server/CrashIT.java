package dev.roster.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A 2xx means stored, on every persistent store: the server process is killed with SIGKILL at a
 * random moment while several clients write single users, batches of 100 and updates, then
 * started again on the same store. Every acknowledged write must be there, every batch whole or
 * absent, and the store's change log without a hole and without an entry for a write that is not
 * there. The database itself is never killed: it stands for a server that outlives Roster.
 */
class CrashIT {

    private static final String APP = "crash";
    private static final String SECRET = "sk_test_" + "c".repeat(24);
    private static final int KILLS = 3;
    private static final int WRITERS = 4;
    private static final int BATCH = 100;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void h2File(@TempDir Path dir) throws Exception {
        try (CrashStore store = CrashStore.Jdbc.h2File(dir.resolve("data"))) {
            survivesKills("H2 file", dir, store);
        }
    }

    @Test
    void postgres(@TempDir Path dir) throws Exception {
        String server = System.getenv("ROSTER_TEST_POSTGRES_URL");
        assumeTrue(server != null, "set ROSTER_TEST_POSTGRES_URL to run the PostgreSQL crash test");
        try (CrashStore store = CrashStore.Jdbc.postgres(server)) {
            survivesKills("PostgreSQL", dir, store);
        }
    }

    @Test
    void mariadb(@TempDir Path dir) throws Exception {
        String server = System.getenv("ROSTER_TEST_MARIADB_URL");
        assumeTrue(server != null, "set ROSTER_TEST_MARIADB_URL to run the MariaDB crash test");
        try (CrashStore store = CrashStore.Jdbc.mariadb(server)) {
            survivesKills("MariaDB", dir, store);
        }
    }

    @Test
    void mongoJournal(@TempDir Path dir) throws Exception {
        try (CrashStore store = CrashStore.MongoJournal.start()) {
            survivesKills("MongoDB journal", dir, store);
        }
    }

    private void survivesKills(String name, Path dir, CrashStore store) throws Exception {
        Ledger ledger = new Ledger();
        for (int round = 0; round < KILLS; round++) {
            ServerProcess server = start(dir, store);
            try {
                String base = server.awaitListening() + "v1/" + APP + "/";
                if (round > 0) {
                    ledger.check(listUsers(base));
                }
                writeUntilKilled(server, base, round, ledger);
            } finally {
                if (server.process.isAlive()) {
                    server.kill();
                }
            }
            checkChangeLog(store);
        }
        ServerProcess server = start(dir, store);
        try {
            ledger.check(listUsers(server.awaitListening() + "v1/" + APP + "/"));
        } finally {
            if (server.process.isAlive()) {
                server.stopWithSigterm();
            }
        }
        checkChangeLog(store);
        System.out.printf("%s: %d kills, %d acknowledged writes (%d users in acknowledged batches), "
                        + "%d batches in flight at a kill of which %d whole and the others absent, 0 lost%n",
                name, KILLS, ledger.acknowledgedWrites(), ledger.acknowledgedBatchUsers(), ledger.inFlight(),
                ledger.inFlightWhole);
    }

    private static ServerProcess start(Path dir, CrashStore store) throws IOException {
        return ServerProcess.start(dir, "--port", "0", "--store", store.url(), "--app", APP + ":" + SECRET);
    }

    /** Writes from several threads until a random moment after the first answers, then kills the server. */
    private void writeUntilKilled(ServerProcess server, String base, int round, Ledger ledger) throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = round * WRITERS + w;
            Thread thread = new Thread(() -> {
                try {
                    write(base, writer, ledger);
                } catch (IOException gone) {
                    // the server was killed under this request: what it did is checked after the restart
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "crash-writer-" + writer);
            thread.start();
            writers.add(thread);
        }
        long started = System.nanoTime();
        long batchesBefore = ledger.acknowledgedBatches();
        while ((ledger.acknowledgedWrites() < 20 || ledger.acknowledgedBatches() == batchesBefore)
                && failure.get() == null && System.nanoTime() - started < 30_000_000_000L) {
            Thread.sleep(5);
        }
        if (failure.get() == null) {
            Thread.sleep(ThreadLocalRandom.current().nextLong(300, 1500));
        }
        server.kill();
        for (Thread thread : writers) {
            thread.join(30_000);
        }
        if (failure.get() != null) {
            throw new AssertionError("a write failed while the server was up", failure.get());
        }
        assertTrue(ledger.acknowledgedWrites() >= 20 && ledger.acknowledgedBatches() > batchesBefore,
                "too few writes before the kill to prove anything");
    }

    private void write(String base, int writer, Ledger ledger) throws IOException, InterruptedException {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (long seq = 0; ; seq++) {
            int choice = random.nextInt(10);
            if (choice < 4) {
                String id = "single-" + writer + "-" + seq;
                put(base + "users/" + id, "{\"name\": \"Single " + seq + "\"}");
                ledger.singles.add(id);
            } else if (choice < 7) {
                String tag = "batch-" + writer + "-" + seq;
                ObjectNode body = json.createObjectNode();
                for (int i = 0; i < BATCH; i++) {
                    body.putObject(tag + "-" + i).put("name", "Member " + i);
                }
                ledger.batches.put(tag, false);
                put(base + "users", body.toString());
                ledger.batches.put(tag, true);
            } else {
                long value = ledger.counterAttempted(writer);
                put(base + "users/counter-" + writer, "{\"name\": \"Counter\", \"custom\": {\"n\": \"" + value + "\"}}");
                ledger.counterAcknowledged(writer, value);
            }
        }
    }

    private void put(String url, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(request(url).PUT(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), () -> "PUT " + url + ": " + response.body());
    }

    private HttpRequest.Builder request(String url) {
        return HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + SECRET)
                .header("Content-Type", "application/json");
    }

    /** Every user of the app by id, read page by page through the REST API. */
    private Map<String, JsonNode> listUsers(String base) throws IOException, InterruptedException {
        Map<String, JsonNode> users = new HashMap<>();
        String after = null;
        while (true) {
            String url = base + "users?limit=100"
                    + (after == null ? "" : "&startingAfter=" + URLEncoder.encode(after, StandardCharsets.UTF_8));
            HttpResponse<String> response = client.send(request(url).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            JsonNode page = json.readTree(response.body()).get("data");
            for (JsonNode user : page) {
                users.put(user.get("id").asText(), user);
                after = user.get("id").asText();
            }
            if (page.size() < 100) {
                return users;
            }
        }
    }

    /** Positions 1, 2, 3, … and, per user, one entry for each version from 1 to the stored one. */
    private static void checkChangeLog(CrashStore store) throws Exception {
        List<Long> positions = store.positions();
        for (int i = 0; i < positions.size(); i++) {
            long position = positions.get(i);
            assertEquals(i + 1, position, () -> "the change log has a hole before position " + position + " (of "
                    + positions.size() + " entries, the last " + positions.get(positions.size() - 1) + ")");
        }
        Map<String, Long> versions = store.userVersions(APP);
        Map<String, Set<Long>> logged = store.loggedUserVersions(APP);
        List<String> wrong = new ArrayList<>();
        versions.forEach((id, version) -> {
            Set<Long> expected = LongStream.rangeClosed(1, version).boxed().collect(TreeSet::new, TreeSet::add, TreeSet::addAll);
            if (!expected.equals(logged.get(id))) {
                wrong.add(id + " at version " + version + " logged as " + logged.get(id));
            }
        });
        logged.keySet().stream().filter(id -> !versions.containsKey(id))
                .forEach(id -> wrong.add(id + " is not stored but logged as " + logged.get(id)));
        assertEquals(List.of(), wrong.subList(0, Math.min(10, wrong.size())),
                wrong.size() + " users whose change log entries are not one per version");
    }

    /** What the clients were told, to hold the store to after a restart. */
    private static final class Ledger {

        final Set<String> singles = ConcurrentHashMap.newKeySet();
        /** Batch tag → whether it was acknowledged; absent when never sent. */
        final Map<String, Boolean> batches = new ConcurrentHashMap<>();
        private final AtomicLongArray countersAttempted = new AtomicLongArray(KILLS * WRITERS);
        private final AtomicLongArray countersAcknowledged = new AtomicLongArray(KILLS * WRITERS);
        private final AtomicLong counterWrites = new AtomicLong();
        private final Set<String> inFlightWholeTags = ConcurrentHashMap.newKeySet();
        int inFlightWhole;

        long counterAttempted(int writer) {
            return countersAttempted.incrementAndGet(writer);
        }

        void counterAcknowledged(int writer, long value) {
            countersAcknowledged.set(writer, value);
            counterWrites.incrementAndGet();
        }

        long acknowledgedWrites() {
            return singles.size() + batches.values().stream().filter(acked -> acked).count() + counterWrites.get();
        }

        long acknowledgedBatches() {
            return batches.values().stream().filter(acked -> acked).count();
        }

        long acknowledgedBatchUsers() {
            return acknowledgedBatches() * BATCH;
        }

        long inFlight() {
            return batches.values().stream().filter(acked -> !acked).count();
        }

        void check(Map<String, JsonNode> users) {
            List<String> lost = new ArrayList<>();
            for (String id : singles) {
                if (!users.containsKey(id)) {
                    lost.add(id);
                }
            }
            batches.forEach((tag, acknowledged) -> {
                long present = LongStream.range(0, BATCH).filter(i -> users.containsKey(tag + "-" + i)).count();
                if (acknowledged && present != BATCH) {
                    lost.add(tag + " (" + present + " of " + BATCH + ")");
                } else if (!acknowledged) {
                    assertTrue(present == 0 || present == BATCH, tag + " is half there: " + present + " of " + BATCH);
                    if (present == BATCH && inFlightWholeTags.add(tag)) {
                        inFlightWhole++;
                    }
                }
            });
            for (int writer = 0; writer < countersAttempted.length(); writer++) {
                long acknowledged = countersAcknowledged.get(writer);
                if (acknowledged == 0) {
                    continue;
                }
                JsonNode counter = users.get("counter-" + writer);
                long stored = counter == null ? 0 : Long.parseLong(counter.get("custom").get("n").asText());
                if (stored < acknowledged || stored > countersAttempted.get(writer)) {
                    lost.add("counter-" + writer + " holds " + stored + ", acknowledged " + acknowledged);
                }
            }
            assertEquals(List.of(), lost, "acknowledged writes missing after the restart");
        }
    }
}
