package dev.roster.http;

import dev.roster.core.api.Roster;
import dev.roster.core.domain.App;
import dev.roster.core.domain.AppSettings;
import dev.roster.core.domain.RateLimit;
import dev.roster.core.domain.RateLimits;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static dev.roster.http.RestFixture.newId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Two Roster processes (two Rosters, two REST APIs, two servers) over one store (an H2 file,
 * PostgreSQL, MariaDB, MongoDB), each opening it by URL: a write through
 * A's REST API reaches a browser stream on B through the change log; stopping A leaves B working.
 * Prints the delay from a committed write on A to the event on B over 1,000 updates.
 */
class TwoProcessTest {

    private static final String POSTGRES_ENV = "ROSTER_TEST_POSTGRES_URL";
    private static final String MARIADB_ENV = "ROSTER_TEST_MARIADB_URL";
    private static final String MONGO_ENV = "ROSTER_TEST_MONGO_URI";
    private static final Duration POLL = Duration.ofMillis(10);
    private static final int UPDATES = 1_000;
    private static final int SUBSCRIPTIONS = 200;
    /** One browser user opens {@value #SUBSCRIPTIONS} streams at once, past the default browser burst. */
    private static final RateLimits UNMETERED = new RateLimits(new RateLimit(RateLimit.MAX, RateLimit.MAX),
            new RateLimit(RateLimit.MAX, RateLimit.MAX));

    /** One "process": a Roster opening the store by URL, its API and its server. */
    private static RestFixture start(String storeUrl) {
        return RestFixture.jetty().roster(roster -> roster.storageUrl(storeUrl).pollInterval(POLL).appTtl(Duration.ZERO))
                .api(api -> api.heartbeat(Duration.ofMillis(500))).start();
    }

    @Test
    void overAnH2File(@TempDir Path dir) {
        run("H2 file", "jdbc:h2:file:" + dir.resolve("roster").toAbsolutePath());
    }

    @Test
    void overPostgresql() throws SQLException {
        String server = System.getenv(POSTGRES_ENV);
        assumeTrue(server != null && !server.isBlank(), POSTGRES_ENV + " is not set; skipping the PostgreSQL run");
        String schema = "roster_http_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute(server, "CREATE SCHEMA " + schema);
        try {
            run("PostgreSQL", server + (server.contains("?") ? "&" : "?") + "currentSchema=" + schema);
        } finally {
            execute(server, "DROP SCHEMA " + schema + " CASCADE");
        }
    }

    @Test
    void overMariadb() throws SQLException {
        String server = System.getenv(MARIADB_ENV);
        assumeTrue(server != null && !server.isBlank(), MARIADB_ENV + " is not set; skipping the MariaDB run");
        String database = "roster_http_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute(server, "CREATE DATABASE " + database);
        try {
            run("MariaDB", server.replaceFirst("^(jdbc:mariadb://[^/?]+)/[^?]*", "$1/" + database));
        } finally {
            execute(server, "DROP DATABASE " + database);
        }
    }

    @Test
    void overMongodb() {
        String configured = System.getenv(MONGO_ENV);
        if (configured != null && !configured.isBlank()) {
            run("MongoDB", configured.replaceFirst("^(mongodb(\\+srv)?://[^/?]+)/?[^?]*", "$1/roster_http_"
                    + UUID.randomUUID().toString().replace("-", "").substring(0, 12)));
            return;
        }
        MongoServer server = new MongoServer(new MemoryBackend());
        try {
            server.bind("127.0.0.1", 0);
            run("mongo-java-server", "mongodb://127.0.0.1:" + server.getLocalAddress().getPort() + "/roster");
        } finally {
            server.shutdownNow();
        }
    }

    private static void execute(String url, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static void run(String store, String url) {
        RestFixture a = start(url);
        RestFixture b = start(url);
        try {
            App app = a.roster().saveApp(new App(newId("app"), "sk_test_" + UUID.randomUUID().toString().replace("-", ""),
                    AppSettings.defaults().withRateLimits(UNMETERED)));
            String me = newId("me");
            String watched = newId("w");
            String token = UserTokens.user(app, me);
            String path = "/v1/" + app.id() + "/client/" + me + "/users/" + watched + "/events";
            try (SseClient onB = SseClient.open(b.client, b.base() + path, "Authorization", "Bearer " + token);
                 SseClient onA = SseClient.open(a.client, a.base() + path, "Authorization", "Bearer " + token)) {
                assertEquals(null, onB.next().data());
                assertEquals(null, onA.next().data());
                assertEquals(200, a.call(app, "PUT", "/users/" + watched, "{\"name\": \"From A\"}").status());
                assertEquals("From A", name(onB.next()));
                assertEquals("From A", name(onA.next()));

                long[] delays = new long[UPDATES];
                for (int i = 0; i < UPDATES; i++) {
                    a.call(app, "PUT", "/users/" + watched, "{\"name\": \"n" + i + "\"}");
                    long committed = System.nanoTime();
                    SseClient.Event event = onB.next();
                    delays[i] = System.nanoTime() - committed;
                    assertEquals("n" + i, name(event), "B sees every update, in order");
                }
                Arrays.sort(delays);
                System.out.printf("[%s] write committed on A -> event on B over %d updates (pollInterval %d ms): "
                                + "median %.2f ms, p99 %.2f ms, worst %.2f ms%n", store, UPDATES, POLL.toMillis(),
                        delays[UPDATES / 2] / 1e6, delays[UPDATES * 99 / 100] / 1e6, delays[UPDATES - 1] / 1e6);

                a.close();
                onA.ended().orTimeout(SseClient.WAIT.toMillis(), TimeUnit.MILLISECONDS).join();
                assertEquals(200, b.call(app, "PUT", "/users/" + watched, "{\"name\": \"After A stopped\"}").status());
                assertEquals("After A stopped", name(onB.next()), "B is unaffected by A stopping");
            }
            manySubscriptions(store, b, app, me);
        } finally {
            a.close();
            b.close();
        }
    }

    private static void manySubscriptions(String store, RestFixture process, App app, String me) {
        String token = UserTokens.user(app, me);
        List<SseClient> streams = new ArrayList<>();
        List<String> users = new ArrayList<>();
        try {
            for (int i = 0; i < SUBSCRIPTIONS; i++) {
                String user = newId("s" + i);
                users.add(user);
                streams.add(SseClient.open(process.client, process.base() + "/v1/" + app.id() + "/client/" + me
                        + "/users/" + user + "/events", "Authorization", "Bearer " + token));
            }
            streams.forEach(stream -> assertEquals(null, stream.next().data()));
            int open = process.api().openStreams();
            assertTrue(open >= SUBSCRIPTIONS, "open streams: " + open);
            for (int start = 0; start < SUBSCRIPTIONS; start += 100) {
                StringBuilder body = new StringBuilder("{");
                for (int i = start; i < Math.min(SUBSCRIPTIONS, start + 100); i++) {
                    body.append(i == start ? "" : ",").append('"').append(users.get(i)).append("\": {\"name\": \"u").append(i).append("\"}");
                }
                assertEquals(200, process.call(app, "PUT", "/users", body.append('}').toString()).status());
            }
            for (int i = 0; i < SUBSCRIPTIONS; i++) {
                assertEquals("u" + i, name(streams.get(i).next()));
            }
            System.out.printf("[%s] one process held %d open subscription streams, each got its update%n", store, open);
        } finally {
            streams.forEach(SseClient::close);
        }
    }

    private static String name(SseClient.Event event) {
        return (String) ((Map<?, ?>) event.data()).get("name");
    }
}
