package dev.roster.http;

import com.nimbusds.jose.JWSAlgorithm;
import dev.roster.core.domain.App;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.roster.http.RestFixture.encode;
import static dev.roster.http.RestFixture.newId;
import static dev.roster.http.RestFixture.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The user lifecycle over the wire (SPEC §10): deactivate, reactivate and revokeTokens, their
 * errors, and what they refuse on the browser API, open streams included.
 */
class UserLifecycleEndpointTest {

    /** How soon an open stream of a refused user or token must end. */
    private static final Duration STREAM_END = Duration.ofSeconds(2);

    @RegisterExtension
    static final RestFixture http = RestFixture.jetty().api(api -> api.heartbeat(Duration.ofMillis(200)));

    private String me;

    @BeforeEach
    void newUser() {
        me = newId("me");
        ok(http.call("PUT", "/users/" + encode(me), "{\"name\": \"Me\"}"));
    }

    private RestFixture.Reply post(String path, String body) {
        return http.call("POST", path, body, "Content-Type", "application/json");
    }

    private Map<String, Object> user(String id) {
        return ok(http.call("GET", "/users/" + encode(id), null)).object();
    }

    /** A user token of {@code userId} issued at {@code iat} (null: without {@code iat}). */
    private static String token(App app, String userId, Instant iat) {
        return iat == null ? UserTokens.user(app, userId) : UserTokens.jwt(JWSAlgorithm.HS256, app.secretKey(),
                Map.of("tokenType", "user", "iss", app.id(), "sub", userId, "iat", Date.from(iat)));
    }

    /** A browser read of the user's own record with {@code credential}. */
    private RestFixture.Reply browserGet(String userId, String credential) {
        return http.send("GET", "/v1/" + http.app().id() + "/client/" + encode(userId) + "/users/" + encode(userId),
                null, "Authorization", "Bearer " + credential);
    }

    private SseClient stream(String userId, String credential) {
        SseClient sse = SseClient.open(http.client, http.url("/v1/" + http.app().id() + "/client/" + encode(userId)
                + "/users/" + encode(userId) + "/events"), "Authorization", "Bearer " + credential);
        assertEquals(200, sse.status);
        sse.next();
        return sse;
    }

    private static void assertRefused(SseClient sse, String code) throws Exception {
        SseClient.Event refused = sse.poll(STREAM_END);
        assertNotNull(refused, "no refusal within " + STREAM_END);
        assertEquals("refused", refused.name());
        assertEquals(code, ((Map<?, ?>) refused.data()).get("errorCode"));
        sse.ended().get(STREAM_END.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Test
    void deactivateAndReactivateAnswerAnEmptyObjectAndAreIdempotent() {
        for (int i = 0; i < 2; i++) {
            assertEquals(Map.of(), ok(post("/users/" + encode(me) + "/deactivate", "{}")).object());
        }
        Map<String, Object> deactivated = user(me);
        assertEquals(true, deactivated.get("deactivated"));
        assertTrue(deactivated.get("deactivatedAt") instanceof Number, deactivated.toString());

        for (int i = 0; i < 2; i++) {
            assertEquals(Map.of(), ok(post("/users/" + encode(me) + "/reactivate", null)).object());
        }
        Map<String, Object> active = user(me);
        assertEquals(false, active.get("deactivated"));
        assertNull(active.get("deactivatedAt"));
    }

    @Test
    void anUnknownUserIsA404() {
        String nobody = encode(newId("nobody"));
        for (String call : List.of("deactivate", "reactivate", "revokeTokens")) {
            RestFixture.Reply reply = post("/users/" + nobody + "/" + call, "{}");
            assertEquals(404, reply.status(), call);
            assertEquals("NOT_FOUND", reply.errorCode(), call);
        }
    }

    @Test
    void badBodiesAre400sNamingTheFieldAndWriteNothing() {
        long future = System.currentTimeMillis() + 3_600_000;
        Map<String, String> cases = Map.of(
                "/users/" + encode(me) + "/deactivate", "{\"reason\": 1}",
                "/users/" + encode(me) + "/reactivate", "{\"reason\": 1}",
                "/users/" + encode(me) + "/revokeTokens", "{\"before\": \"soon\"}",
                "/revokeTokens", "{\"before\": " + future + "}");
        cases.forEach((path, body) -> {
            RestFixture.Reply reply = post(path, body);
            assertEquals(400, reply.status(), path + " " + body);
            assertEquals("INVALID_ARGUMENT", reply.errorCode());
            assertTrue(reply.errors().containsKey(body.contains("before") ? "before" : "reason"), reply.text());
        });
        for (String body : List.of("{\"before\": " + future + "}", "{\"before\": 1.5}", "{\"before\": -1}",
                "{\"other\": 1}")) {
            RestFixture.Reply reply = post("/users/" + encode(me) + "/revokeTokens", body);
            assertEquals(400, reply.status(), body);
            assertTrue(reply.errors().containsKey(body.contains("other") ? "other" : "before"), reply.text());
        }
        Map<String, Object> unchanged = user(me);
        assertEquals(false, unchanged.get("deactivated"));
        assertNull(unchanged.get("tokensRevokedBefore"));
    }

    @Test
    void aDeactivatedUsersCredentialsAreRefusedWhileTrustedCallsWork() {
        String legacy = UserTokens.signature(http.app().secretKey(), me);
        String jwt = UserTokens.user(http.app(), me);
        ok(browserGet(me, jwt));

        ok(post("/users/" + encode(me) + "/deactivate", "{}"));

        for (String credential : List.of(legacy, jwt)) {
            RestFixture.Reply refused = browserGet(me, credential);
            assertEquals(401, refused.status());
            assertEquals("USER_DEACTIVATED", refused.errorCode());
        }
        ok(http.call("PUT", "/users/" + encode(me), "{\"name\": \"Still editable\"}"));
        assertEquals("Still editable", user(me).get("name"));
        ok(post("/users/" + encode(me) + "/reactivate", "{}"));
        ok(browserGet(me, jwt));
    }

    @Test
    void revokedTokensAreRefusedAndNewOnesAccepted() {
        String other = newId("other");
        ok(http.call("PUT", "/users/" + encode(other), "{\"name\": \"Other\"}"));
        Instant old = Instant.now().minusSeconds(60);
        ok(browserGet(me, token(http.app(), me, old)));

        ok(post("/users/" + encode(me) + "/revokeTokens", "{}"));

        for (String credential : List.of(token(http.app(), me, old), token(http.app(), me, null))) {
            RestFixture.Reply refused = browserGet(me, credential);
            assertEquals(401, refused.status());
            assertEquals("TOKEN_REVOKED", refused.errorCode());
        }
        assertTrue(user(me).get("tokensRevokedBefore") instanceof Number);
        ok(browserGet(me, token(http.app(), me, Instant.now().plusSeconds(1))));
        ok(browserGet(me, UserTokens.signature(http.app().secretKey(), me)));
        ok(browserGet(other, token(http.app(), other, old)));

        ok(post("/revokeTokens", "{\"before\": " + Instant.now().minusSeconds(30).toEpochMilli() + "}"));

        RestFixture.Reply appWide = browserGet(other, token(http.app(), other, old));
        assertEquals(401, appWide.status());
        assertEquals("TOKEN_REVOKED", appWide.errorCode());
        ok(browserGet(other, token(http.app(), other, Instant.now().minusSeconds(10))));
    }

    @Test
    void anOpenStreamEndsWhenItsUserIsDeactivated() throws Exception {
        try (SseClient sse = stream(me, UserTokens.signature(http.app().secretKey(), me))) {
            ok(post("/users/" + encode(me) + "/deactivate", "{}"));

            assertRefused(sse, "USER_DEACTIVATED");
        }
    }

    @Test
    void anOpenStreamEndsWhenItsTokenIsRevokedAndAStreamWithANewTokenStays() throws Exception {
        try (SseClient old = stream(me, token(http.app(), me, Instant.now().minusSeconds(60)));
             SseClient fresh = stream(me, token(http.app(), me, Instant.now().plusSeconds(30)))) {
            ok(post("/revokeTokens", "{}"));

            assertRefused(old, "TOKEN_REVOKED");
            assertNull(fresh.poll(Duration.ofSeconds(1)), "the stream with a new token goes on");
            assertTrue(!fresh.ended().isDone());
        }
    }

    @Test
    void anAppCanRefuseTheLegacySignature() {
        String legacy = UserTokens.signature(http.app().secretKey(), me);
        assertEquals(true, ok(http.call("GET", "/settings", null)).get("legacySignatures"));

        assertEquals(false, ok(http.call("PUT", "/settings", "{\"legacySignatures\": false}")).get("legacySignatures"));

        RestFixture.Reply refused = browserGet(me, legacy);
        assertEquals(401, refused.status());
        assertEquals("UNAUTHENTICATED", refused.errorCode());
        ok(browserGet(me, UserTokens.user(http.app(), me)));
        RestFixture.Reply bad = http.call("PUT", "/settings", "{\"legacySignatures\": \"no\"}");
        assertEquals(400, bad.status());
        assertTrue(bad.errors().containsKey("legacySignatures"), bad.text());
        assertEquals(true, ok(http.call("PUT", "/settings", "{\"legacySignatures\": null}")).get("legacySignatures"));
        ok(browserGet(me, legacy));
    }

    @Test
    void aDeactivatedUserCannotBeAddedToAConversation() {
        String friend = newId("friend");
        ok(http.call("PUT", "/users/" + encode(friend), "{\"name\": \"Friend\"}"));
        String conversation = newId("conv");
        ok(http.call("PUT", "/conversations/" + conversation, "{\"participants\": [\"" + friend + "\"]}"));
        ok(post("/users/" + encode(me) + "/deactivate", "{}"));

        RestFixture.Reply create = http.call("PUT", "/conversations/" + newId("conv"),
                "{\"participants\": [\"" + friend + "\", \"" + me + "\"]}");
        RestFixture.Reply join = http.call("PUT", "/conversations/" + conversation + "/participants/" + encode(me), "{}");

        assertEquals(400, create.status());
        assertTrue(create.errors().get("participants").toString().contains(me), create.text());
        assertEquals(400, join.status());
        assertTrue(join.errors().get("userId").toString().contains(me), join.text());
        Map<?, ?> participants = (Map<?, ?>) ok(http.call("GET", "/conversations/" + conversation, null))
                .get("participants");
        assertEquals(List.of(friend), List.copyOf(participants.keySet()));
    }
}
