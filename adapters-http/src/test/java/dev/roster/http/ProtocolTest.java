package dev.roster.http;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.roster.core.domain.App;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static dev.roster.http.RestFixture.newId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Authentication, versions, methods, sizes and the error shape, over real HTTP. */
class ProtocolTest {

    @RegisterExtension
    static final RestFixture http = RestFixture.jetty();


    private RestFixture.Reply getUsers(String... headers) {
        return http.send("GET", "/v1/" + http.app().id() + "/users", null, headers);
    }

    private String token(JWSAlgorithm algorithm, String secret, Map<String, Object> claims) {
        try {
            JWTClaimsSet.Builder set = new JWTClaimsSet.Builder();
            claims.forEach(set::claim);
            SignedJWT jwt = new SignedJWT(new JWSHeader(algorithm), set.build());
            jwt.sign(new MACSigner(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, Object> appClaims(String iss, String tokenType, Instant exp) {
        return exp == null ? Map.of("tokenType", tokenType, "iss", iss)
                : Map.of("tokenType", tokenType, "iss", iss, "exp", Date.from(exp));
    }

    @Test
    void theSecretKeyAndAValidAppTokenAreAccepted() {
        assertEquals(200, getUsers("Authorization", "Bearer " + http.app().secretKey()).status());
        String jwt = token(JWSAlgorithm.HS256, http.app().secretKey(), appClaims(http.app().id(), "app", Instant.now().plusSeconds(60)));
        assertEquals(200, getUsers("Authorization", "Bearer " + jwt).status());
        assertEquals(200, getUsers("Authorization", "bearer " + http.app().secretKey()).status());
    }

    @Test
    void everyBadCredentialIsTheSame401() {
        App other = http.newApp();
        Instant later = Instant.now().plusSeconds(60);
        List<String[]> cases = List.of(
                new String[] {},
                new String[] {"Authorization", "Bearer "},
                new String[] {"Authorization", "Bearer wrong-key-wrong-key-wrong"},
                new String[] {"Authorization", http.app().secretKey()},
                new String[] {"Authorization", "Basic " + http.app().secretKey()},
                new String[] {"Authorization", "Bearer " + other.secretKey()},
                new String[] {"Authorization", "Bearer " + http.app().secretKey().substring(1)},
                new String[] {"Authorization", "Bearer " + token(JWSAlgorithm.HS256, http.app().secretKey(), appClaims(http.app().id(), "user", later))},
                new String[] {"Authorization", "Bearer " + token(JWSAlgorithm.HS256, http.app().secretKey(), appClaims(other.id(), "app", later))},
                new String[] {"Authorization", "Bearer " + token(JWSAlgorithm.HS256, http.app().secretKey(), appClaims(http.app().id(), "app", Instant.now().minusSeconds(5)))},
                new String[] {"Authorization", "Bearer " + token(JWSAlgorithm.HS256, http.app().secretKey(), appClaims(http.app().id(), "app", null))},
                new String[] {"Authorization", "Bearer " + token(JWSAlgorithm.HS256, other.secretKey(), appClaims(http.app().id(), "app", later))},
                new String[] {"Authorization", "Bearer " + token(JWSAlgorithm.HS384, http.app().secretKey(), appClaims(http.app().id(), "app", later))},
                new String[] {"Authorization", "Bearer " + new PlainJWT(new JWTClaimsSet.Builder()
                        .claim("tokenType", "app").issuer(http.app().id()).expirationTime(Date.from(later)).build()).serialize()},
                new String[] {"Authorization", "Bearer a.b.c"});
        String expected = null;
        for (String[] headers : cases) {
            RestFixture.Reply reply = getUsers(headers);
            assertEquals(401, reply.status(), String.join(" ", headers));
            assertEquals("UNAUTHENTICATED", reply.errorCode());
            expected = expected == null ? reply.text() : expected;
            assertEquals(expected, reply.text(), "the body must not hint which check failed");
        }
        RestFixture.Reply unknownApp = http.send("GET", "/v1/" + newId("noapp") + "/users", null,
                "Authorization", "Bearer " + http.app().secretKey());
        assertEquals(401, unknownApp.status());
        assertEquals(expected, unknownApp.text());
    }

    @Test
    void aRejectedCredentialWritesNothing() {
        String id = newId("u");
        http.send("PUT", "/v1/" + http.app().id() + "/users/" + id, "{\"name\": \"N\"}", "Authorization", "Bearer nope");
        assertEquals(404, http.call("GET", "/users/" + id, null).status());
    }

    @Test
    void unknownPathsAre404AndWrongMethodsAre405() {
        RestFixture.Reply unknown = http.call("GET", "/nothing-here", null);
        assertEquals(404, unknown.status());
        assertEquals("NOT_FOUND", unknown.errorCode());
        assertEquals(404, http.send("GET", "/v2/x/users", null).status());
        assertEquals(404, http.send("GET", "/", null).status());

        RestFixture.Reply wrong = http.call("DELETE", "/users/" + newId("u"), null);
        assertEquals(405, wrong.status());
        assertEquals("METHOD_NOT_ALLOWED", wrong.errorCode());
        assertEquals("GET, PUT", wrong.raw().headers().firstValue("Allow").orElseThrow());
        assertEquals(405, http.call("POST", "/users", "{}").status());
    }

    @Test
    void theVersionHeaderIsChecked() {
        for (String version : List.of("2021-01-01", "2021-02-09", "2021-07-30", "2024-01-01")) {
            assertEquals(200, http.call("GET", "/users", null, "TalkJS-REST-Version", version).status(), version);
        }
        RestFixture.Reply bad = http.call("GET", "/users", null, "TalkJS-REST-Version", "2020-01-01");
        assertEquals(400, bad.status());
        assertTrue(bad.errors().containsKey("TalkJS-REST-Version"), bad.text());
    }

    @Test
    void aBodyOverTheLimitIs413AndWritesNothing() {
        String id = newId("big");
        String big = "{\"name\": \"" + "x".repeat(RestApi.DEFAULT_MAX_BODY_BYTES) + "\"}";
        RestFixture.Reply reply = http.call("PUT", "/users/" + id, big);
        assertEquals(413, reply.status());
        assertEquals("PAYLOAD_TOO_LARGE", reply.errorCode());

        HttpRequest chunked = HttpRequest.newBuilder(URI.create(http.base() + "/v1/" + http.app().id() + "/users/" + id))
                .header("Authorization", "Bearer " + http.app().secretKey())
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big.getBytes())))
                .build();
        assertEquals(413, http.send(chunked).status());
        assertEquals(404, http.call("GET", "/users/" + id, null).status());
    }

    @Test
    void aClientStillSendingAnOversizedBodyReadsIts413() throws Exception {
        int tail = 1 << 16;
        byte[] chunk = ("{\"name\": \"" + "x".repeat(RestApi.DEFAULT_MAX_BODY_BYTES + 2 * tail) + "\"}")
                .getBytes(StandardCharsets.US_ASCII);
        String head = "PUT /v1/" + http.app().id() + "/users/" + newId("big") + " HTTP/1.1\r\nHost: x\r\n"
                + "Authorization: Bearer " + http.app().secretKey() + "\r\nTransfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(chunk.length) + "\r\n";
        try (Socket socket = new Socket("127.0.0.1", URI.create(http.base()).getPort())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(chunk, 0, chunk.length - tail);
            out.flush();
            // The server has refused the body by now; the client, slower, is still sending it.
            Thread.sleep(500);
            out.write(chunk, chunk.length - tail, tail);
            out.write("\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 413 "), answer);
        }
    }

    @Test
    void aBodyJustUnderTheLimitIsRead() {
        String id = newId("fits");
        String name = "x".repeat(RestApi.DEFAULT_MAX_BODY_BYTES - 100);
        assertEquals(200, http.call("PUT", "/users/" + id, "{\"name\": \"" + name + "\"}").status());
    }

    @Test
    void aBodyRefusedByItsDeclaredLengthIsNeverAskedFor() {
        String id = newId("big");
        String answer = http.exchange("PUT /v1/" + http.app().id() + "/users/" + id + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                + http.app().secretKey() + "\r\nContent-Length: " + (RestApi.DEFAULT_MAX_BODY_BYTES + 1)
                + "\r\nExpect: 100-continue\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 413 "), "a 413 and no 100 Continue first: " + answer);
        assertTrue(answer.contains("PAYLOAD_TOO_LARGE"), answer);
        assertEquals(404, http.call("GET", "/users/" + id, null).status());
    }

    @Test
    void aBadPercentEncodingIs400() {
        String answer = http.exchange("GET /v1/" + http.app().id() + "/users/%zz HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                + http.app().secretKey() + "\r\nConnection: close\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
    }

    @Test
    void unknownQueryParametersAreIgnoredAndKnownOnesStillChecked() {
        for (String id : List.of("a", "b", "c")) {
            RestFixture.ok(http.call("PUT", "/users/" + id + "?_=1733140000000&trace=x%20y", "{\"name\": \"" + id + "\"}"));
        }
        List<Map<String, Object>> page = RestFixture.data(RestFixture.ok(
                http.call("GET", "/users?limit=2&utm_source=mail&utm_source=again", null)));
        assertEquals(List.of("a", "b"), page.stream().map(user -> user.get("id")).toList(), "limit still applies");
        RestFixture.ok(http.call("GET", "/users/a?fields=all", null));
        String badlyEncodedUnknown = http.exchange("GET /v1/" + http.app().id() + "/users?%zz=1&limit=1 HTTP/1.1\r\nHost: x\r\n"
                + "Authorization: Bearer " + http.app().secretKey() + "\r\nConnection: close\r\n\r\n");
        assertTrue(badlyEncodedUnknown.startsWith("HTTP/1.1 200"), badlyEncodedUnknown);

        RestFixture.Reply repeated = http.call("GET", "/users?limit=2&limit=3&cb=1", null);
        assertEquals(400, repeated.status(), repeated.text());
        assertEquals(Set.of("limit"), repeated.errors().keySet());
        RestFixture.Reply malformed = http.call("GET", "/users?limit=ten&cb=1", null);
        assertEquals(400, malformed.status(), malformed.text());
        assertEquals(Set.of("limit"), malformed.errors().keySet());
        RestFixture.Reply unknownField = http.call("PUT", "/users/a?cb=1", "{\"name\": \"A\", \"colour\": \"red\"}");
        assertEquals(400, unknownField.status(), "unknown body fields stay 400");
        assertEquals(Set.of("colour"), unknownField.errors().keySet());
        assertEquals("a", RestFixture.ok(http.call("GET", "/users/a", null)).get("name"), "nothing written");
    }

    @Test
    void noClientInputGivesA500() {
        Random random = new Random(42);
        http.call("PUT", "/users/x", "{\"name\": \"X\"}");
        http.call("PUT", "/conversations/c", "{\"participants\": [\"x\"]}");
        List<String> paths = List.of("/users/x", "/users", "/users/x/erase", "/users/%00", "/presences",
                "/users/x/sessions", "/users/x/conversations", "/users/x/conversations?filter=%7B%22custom%22%3A1%7D",
                "/users/x/conversations?filter=%5B%22any%22%2C%5B%7B%7D%5D%5D", "/users/x/conversations?offsetTs=1e3",
                "/conversations", "/conversations/c", "/conversations/c/participants/x", "/conversations/c/participants/y",
                "/conversations/c/messages", "/conversations/c/messages/msg_x", "/conversations/c/readBy/x",
                "/import/conversations/c/messages", "/conversations/c/messages?limit=101",
                "/users/x?limit=-1", "/users?startingAfter=", "/users/" + "y".repeat(300));
        List<String> bodies = List.of("{\"name\": {\"deep\": [[[[[]]]]]}}", "{\"custom\": []}", "{\"email\": [1, null]}",
                "{\"pushTokens\": {\"fcm:a\": false}}", "[" + "[".repeat(500) + "]".repeat(500) + "]",
                "{\"name\": \"\\ud800\"}", "{\"role\": \"\"}", "{\"x\": 1e999999}", "1", "true",
                "[{\"type\": \"UserMessage\", \"sender\": 1, \"text\": []}]", "[{\"type\": \"SystemMessage\", \"text\": \"t\", \"timestamp\": 1.5}]",
                "{\"access\": 1, \"notify\": \"sometimes\", \"readUntil\": 1e30}", "{\"participants\": [null]}",
                "{\"userIds\": [null]}", "{\"text\": 1, \"custom\": []}", "[null]", "{\"welcomeMessages\": [1]}");
        for (String path : paths) {
            for (String method : List.of("GET", "PUT", "POST", "PATCH", "DELETE")) {
                for (String body : bodies) {
                    RestFixture.Reply reply = http.call(method, path, body);
                    assertTrue(reply.status() < 500, method + " " + path + " " + body + " -> " + reply.text());
                }
                byte[] noise = new byte[64];
                random.nextBytes(noise);
                RestFixture.Reply reply = http.call(method, path, new String(noise, java.nio.charset.StandardCharsets.ISO_8859_1));
                assertTrue(reply.status() < 500, method + " " + path + " noise -> " + reply.text());
            }
        }
    }
}
