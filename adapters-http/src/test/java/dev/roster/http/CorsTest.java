package dev.roster.http;

import dev.roster.core.domain.App;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Optional;

import static dev.roster.http.RestFixture.newId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Cross-origin access over real HTTP: open to allowed pages for the browser API only. */
class CorsTest {

    private static final String CHAT = "https://chat.example.com";
    private static final String ELSEWHERE = "https://elsewhere.example.com";

    @RegisterExtension
    static final RestFixture http = RestFixture.jetty()
            .api(api -> api.allowOrigins(List.of("HTTPS://Chat.Example.com:443")));

    private String me;

    @BeforeEach
    void aUserOfANewApp() {
        me = newId("me");
        RestFixture.ok(http.call("PUT", "/users/" + me, "{\"name\": \"Me\"}"));
    }

    private String client(String path) {
        return "/v1/" + http.app().id() + "/client/" + me + path;
    }

    private static Optional<String> header(RestFixture.Reply reply, String name) {
        return reply.raw().headers().firstValue(name);
    }

    @Test
    void aPreflightFromAnAllowedOriginNamesTheMethodAndTheHeaders() {
        RestFixture.Reply reply = http.send("OPTIONS", client("/users/" + me), null, "Origin", CHAT,
                "Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "authorization");
        assertEquals(204, reply.status(), reply.text());
        assertEquals(Optional.of(CHAT), header(reply, "Access-Control-Allow-Origin"));
        assertEquals(Optional.of("GET"), header(reply, "Access-Control-Allow-Methods"));
        String headers = header(reply, "Access-Control-Allow-Headers").orElse("");
        assertTrue(headers.contains("Authorization") && headers.contains("Last-Event-ID"), headers);
        assertEquals(Optional.of("Origin"), header(reply, "Vary"));
    }

    @Test
    void answersToAnAllowedPageCarryItsOriginErrorsIncluded() {
        RestFixture.Reply read = http.send("GET", client("/users/" + me), null, "Origin", CHAT,
                "Authorization", "Bearer " + UserTokens.user(http.app(), me));
        assertEquals(200, read.status(), read.text());
        assertEquals("Me", read.get("name"));
        assertEquals(Optional.of(CHAT), header(read, "Access-Control-Allow-Origin"));

        RestFixture.Reply refused = http.send("GET", client("/users/" + me), null, "Origin", CHAT,
                "Authorization", "Bearer not-a-token");
        assertEquals(401, refused.status());
        assertEquals(Optional.of(CHAT), header(refused, "Access-Control-Allow-Origin"),
                "the page must be able to read why it was refused");
        assertEquals(Optional.of(CHAT), header(http.send("GET", "/roster-client.js", null, "Origin", CHAT),
                "Access-Control-Allow-Origin"), "the client is imported as a module, which is a CORS request");
    }

    @Test
    void anotherOriginGetsNoHeaderAndItsPreflightIsRefused() {
        RestFixture.Reply preflight = http.send("OPTIONS", client("/users/" + me), null, "Origin", ELSEWHERE,
                "Access-Control-Request-Method", "GET");
        assertEquals(403, preflight.status());
        assertEquals("FORBIDDEN", preflight.errorCode());
        assertEquals(Optional.empty(), header(preflight, "Access-Control-Allow-Origin"));

        RestFixture.Reply read = http.send("GET", client("/users/" + me), null, "Origin", ELSEWHERE,
                "Authorization", "Bearer " + UserTokens.user(http.app(), me));
        assertEquals(200, read.status(), "a server cannot stop the call; the browser withholds the answer");
        assertEquals(Optional.empty(), header(read, "Access-Control-Allow-Origin"));
    }

    @Test
    void theTrustedApiNeverAnswersAcrossOrigins() {
        RestFixture.Reply preflight = http.send("OPTIONS", "/v1/" + http.app().id() + "/users/" + me, null, "Origin", CHAT,
                "Access-Control-Request-Method", "GET");
        assertEquals(403, preflight.status(), preflight.text());
        RestFixture.Reply read = http.call("GET", "/users/" + me, null, "Origin", CHAT);
        assertEquals(200, read.status());
        assertEquals(Optional.empty(), header(read, "Access-Control-Allow-Origin"));
        assertEquals(Optional.empty(), header(read, "Vary"));
    }

    @Test
    void aPreflightForAMethodTheRouteLacksGetsNoGoAhead() {
        RestFixture.Reply preflight = http.send("OPTIONS", client("/users/" + me), null, "Origin", CHAT,
                "Access-Control-Request-Method", "PATCH");
        assertEquals(405, preflight.status());
        assertEquals(Optional.empty(), header(preflight, "Access-Control-Allow-Origin"));
    }

    @Test
    void withoutAllowedOriginsNoAnswerCarriesCorsHeaders() {
        try (RestFixture plain = RestFixture.jetty().start()) {
            App other = plain.app();
            RestFixture.ok(plain.call("PUT", "/users/" + me, "{\"name\": \"Me\"}"));
            RestFixture.Reply read = plain.send("GET", "/v1/" + other.id() + "/client/" + me + "/users/" + me, null,
                    "Origin", CHAT, "Authorization", "Bearer " + UserTokens.user(other, me));
            assertEquals(200, read.status());
            assertEquals(Optional.empty(), header(read, "Access-Control-Allow-Origin"));
            assertEquals(Optional.empty(), header(read, "Vary"));
        }
    }

    @Test
    void anOriginWithAPathOrAnotherSchemeIsRefusedByName() {
        for (String bad : List.of("https://chat.example.com/app", "ftp://chat.example.com", "chat.example.com",
                "https://chat.example.com?x=1", "*")) {
            RestApi.Builder builder = RestApi.builder(http.roster()).allowOrigins(List.of(bad));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, builder::build);
            assertTrue(e.getMessage().contains("\"" + bad + "\""), e.getMessage());
        }
        RestApi.Builder mixed = RestApi.builder(http.roster()).allowOrigins(List.of(CHAT, "ftp://x.example"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, mixed::build,
                "a list with a bad origin builds no API at all, so none of its origins is served");
        assertTrue(e.getMessage().contains("\"ftp://x.example\""), e.getMessage());
    }
}
