package dev.roster.http;

import com.nimbusds.jose.JWSAlgorithm;
import dev.roster.core.domain.App;
import dev.roster.core.domain.AppSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static dev.roster.http.RestFixture.newId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Two Roster processes over one H2 file, with Roster's default poll interval and app cache: a
 * deactivation and a revocation made through A are honoured by B's browser API and end B's
 * streams within 2 s (SPEC §10), and a third process opened after both stopped still honours them.
 */
class TwoProcessLifecycleTest {

    /** The bound SPEC §10 sets for every process. */
    private static final Duration WITHIN = Duration.ofSeconds(2);

    /** One "process" with Roster's defaults: a Roster opening the store by URL, its API and its server. */
    private static RestFixture start(String storeUrl) {
        return RestFixture.jetty().roster(roster -> roster.storageUrl(storeUrl)).start();
    }

    private static String token(App app, String userId, Instant iat) {
        return UserTokens.jwt(JWSAlgorithm.HS256, app.secretKey(),
                Map.of("tokenType", "user", "iss", app.id(), "sub", userId, "iat", Date.from(iat)));
    }

    private static RestFixture.Reply browserGet(RestFixture process, App app, String userId, String credential) {
        return process.send("GET", "/v1/" + app.id() + "/client/" + userId + "/users/" + userId, null,
                "Authorization", "Bearer " + credential);
    }

    private static SseClient stream(RestFixture process, App app, String userId, String credential) {
        SseClient sse = SseClient.open(process.client, process.base() + "/v1/" + app.id() + "/client/" + userId
                + "/users/" + userId + "/events", "Authorization", "Bearer " + credential);
        assertEquals(200, sse.status);
        sse.next();
        return sse;
    }

    /** Waits at most {@link #WITHIN} for {@code process} to answer {@code code} to the credential. */
    private static void refusedWithin(RestFixture process, App app, String userId, String credential, String code) {
        long deadline = System.nanoTime() + WITHIN.toNanos();
        RestFixture.Reply reply = browserGet(process, app, userId, credential);
        while (reply.status() != 401 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
            reply = browserGet(process, app, userId, credential);
        }
        assertEquals(401, reply.status(), "refused within " + WITHIN + ": " + reply.text());
        assertEquals(code, reply.errorCode());
    }

    private static void endsWithin(SseClient sse, String code) throws Exception {
        SseClient.Event refused = sse.poll(WITHIN);
        assertNotNull(refused, "the stream was not refused within " + WITHIN);
        assertEquals("refused", refused.name());
        assertEquals(code, ((Map<?, ?>) refused.data()).get("errorCode"));
        sse.ended().get(WITHIN.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Test
    void deactivationAndRevocationThroughOneProcessAreHonouredByTheOther(@TempDir Path dir) throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("roster").toAbsolutePath();
        App app;
        String gone = newId("gone");
        String revoked = newId("revoked");
        Instant old = Instant.now().minusSeconds(60);
        try (RestFixture a = start(url); RestFixture b = start(url)) {
            app = a.roster().saveApp(new App(newId("app"), "sk_test_" + UUID.randomUUID().toString().replace("-", ""),
                    AppSettings.defaults()));
            for (String user : new String[] {gone, revoked}) {
                assertEquals(200, a.call(app, "PUT", "/users/" + user, "{\"name\": \"" + user + "\"}").status());
                assertEquals(200, browserGet(b, app, user, token(app, user, old)).status());
            }
            try (SseClient goneOnB = stream(b, app, gone, token(app, gone, old));
                 SseClient revokedOnB = stream(b, app, revoked, token(app, revoked, old))) {
                assertEquals(200, a.call(app, "POST", "/users/" + gone + "/deactivate", "{}").status());

                refusedWithin(b, app, gone, token(app, gone, Instant.now()), "USER_DEACTIVATED");
                endsWithin(goneOnB, "USER_DEACTIVATED");

                assertEquals(200, a.call(app, "POST", "/revokeTokens", "{}").status());

                refusedWithin(b, app, revoked, token(app, revoked, old), "TOKEN_REVOKED");
                endsWithin(revokedOnB, "TOKEN_REVOKED");
                assertEquals(200, browserGet(b, app, revoked, token(app, revoked, Instant.now().plusSeconds(1)))
                        .status(), "a token issued after the revocation");
            }
        }
        try (RestFixture restarted = start(url)) {
            assertEquals("USER_DEACTIVATED", browserGet(restarted, app, gone, token(app, gone, Instant.now())).errorCode());
            assertEquals("TOKEN_REVOKED", browserGet(restarted, app, revoked, token(app, revoked, old)).errorCode());
        }
    }
}
