package dev.roster.http;

import com.nimbusds.jose.JWSAlgorithm;
import dev.roster.core.domain.App;
import dev.roster.core.domain.AppSettings;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import static dev.roster.http.RestFixture.encode;
import static dev.roster.http.RestFixture.newId;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Identity verification of the browser API (SPEC §4): what is accepted, and every rejection as the same 401 with nothing done. */
class ClientIdentityTest {

    @RegisterExtension
    static final RestFixture http = RestFixture.jetty();

    private String me;

    @BeforeEach
    void newUser() {
        me = newId("me");
    }

    private RestFixture.Reply setName(String userId, String credential) {
        return setName(http.app(), userId, credential);
    }

    private RestFixture.Reply setName(App app, String userId, String credential) {
        String path = "/v1/" + app.id() + "/client/" + encode(me) + "/users/" + encode(userId);
        return credential == null
                ? http.send("PUT", path, "{\"name\": \"Set\"}")
                : http.send("PUT", path, "{\"name\": \"Set\"}", "Authorization", "Bearer " + credential);
    }

    private Map<String, Object> claims(String tokenType, String iss, String sub, Instant exp) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("tokenType", tokenType);
        claims.put("iss", iss);
        claims.put("sub", sub);
        if (exp != null) {
            claims.put("exp", Date.from(exp));
        }
        return claims;
    }

    @Test
    void aUserTokenAndTheLegacySignatureInEitherCaseAreAccepted() {
        assertEquals(200, setName(newId("u"), UserTokens.user(http.app(), me)).status(), "a token without exp");
        assertEquals(200, setName(newId("u"), UserTokens.user(http.app(), me, Instant.now().plusSeconds(60))).status());
        String signature = UserTokens.signature(http.app().secretKey(), me);
        assertEquals(200, setName(newId("u"), signature).status());
        assertEquals(200, setName(newId("u"), signature.toUpperCase(Locale.ROOT)).status());
    }

    @Test
    void aSixteenCharacterSecretKeySignsUserTokens() {
        App shortKey = http.roster().saveApp(new App(newId("app"), "0123456789abcdef", AppSettings.defaults()));
        assertEquals(200, setName(shortKey, newId("u"), UserTokens.user(shortKey, me)).status());
    }

    @Test
    void everyRejectionIsTheSame401AndChangesNothing() {
        App other = http.newApp();
        Instant later = Instant.now().plusSeconds(60);
        String secret = http.app().secretKey();
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("no token", null);
        cases.put("alg none", UserTokens.unsigned(claims("user", http.app().id(), me, later)));
        cases.put("HS384", UserTokens.jwt(JWSAlgorithm.HS384, secret, claims("user", http.app().id(), me, later)));
        cases.put("HS512", UserTokens.jwt(JWSAlgorithm.HS512, secret, claims("user", http.app().id(), me, later)));
        cases.put("wrong key", UserTokens.jwt(JWSAlgorithm.HS256, secret + "x", claims("user", http.app().id(), me, later)));
        cases.put("another app's token", UserTokens.user(other, me));
        cases.put("another app's iss with our key", UserTokens.jwt(JWSAlgorithm.HS256, secret, claims("user", other.id(), me, later)));
        cases.put("an app token", UserTokens.jwt(JWSAlgorithm.HS256, secret, claims("app", http.app().id(), me, later)));
        cases.put("no tokenType", UserTokens.jwt(JWSAlgorithm.HS256, secret, Map.of("iss", http.app().id(), "sub", me)));
        cases.put("expired", UserTokens.user(http.app(), me, Instant.now().minusSeconds(5)));
        cases.put("sub is another user", UserTokens.user(http.app(), me + "x"));
        cases.put("the secret key", secret);
        cases.put("another user's signature", UserTokens.signature(secret, me + "x"));
        cases.put("signature with another app's key", UserTokens.signature(other.secretKey(), me));
        cases.put("truncated signature", UserTokens.signature(secret, me).substring(2));
        cases.put("garbage", "a.b.c");
        String expected = null;
        for (Map.Entry<String, String> rejected : cases.entrySet()) {
            String userId = newId("u");
            RestFixture.Reply reply = setName(userId, rejected.getValue());
            assertEquals(401, reply.status(), rejected.getKey() + ": " + reply.text());
            assertEquals("UNAUTHENTICATED", reply.errorCode());
            expected = expected == null ? reply.text() : expected;
            assertEquals(expected, reply.text(), rejected.getKey() + ": the body must not hint which check failed");
            assertEquals(404, http.call("GET", "/users/" + encode(userId), null).status(),
                    rejected.getKey() + ": nothing may be written");
        }
        RestFixture.Reply basic = http.send("GET", "/v1/" + http.app().id() + "/client/" + me + "/users/x", null,
                "Authorization", "Basic " + UserTokens.user(http.app(), me));
        assertEquals(401, basic.status());
        RestFixture.Reply unknownApp = http.send("GET", "/v1/" + newId("noapp") + "/client/" + me + "/users/x", null,
                "Authorization", "Bearer " + UserTokens.user(http.app(), me));
        assertEquals(401, unknownApp.status());
    }

    @Test
    void everyBrowserRouteNeedsTheIdentity() {
        for (String route : RestApi.of(http.roster()).routes()) {
            if (!route.contains("/client/")) {
                continue;
            }
            String method = route.substring(0, route.indexOf(' '));
            String path = route.substring(route.indexOf(' ') + 1).replace("{appId}", http.app().id())
                    .replace("{me}", me).replace("{userId}", "u1").replace("{conversationId}", "c1");
            RestFixture.Reply reply = http.send(method, path, method.equals("GET") ? null : "{}",
                    "Authorization", "Bearer " + http.app().secretKey());
            assertEquals(401, reply.status(), route);
        }
    }

    @Test
    void anExpiryCanBeRequired() {
        try (RestFixture strict = RestFixture.jetty().api(api -> api.requireUserTokenExpiry(true)).start()) {
            App strictApp = strict.app();
            String path = "/v1/" + strictApp.id() + "/client/" + me + "/users/" + me;
            assertEquals(401, strict.send("GET", path, null, "Authorization", "Bearer " + UserTokens.user(strictApp, me)).status());
            assertEquals(200, strict.send("GET", path, null, "Authorization",
                    "Bearer " + UserTokens.user(strictApp, me, Instant.now().plusSeconds(60))).status());
        }
    }
}
