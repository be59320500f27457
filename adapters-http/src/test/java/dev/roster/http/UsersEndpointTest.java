package dev.roster.http;

import dev.roster.core.domain.App;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.roster.http.RestFixture.newId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The users endpoints over real HTTP: the seed 004 shapes, the patch rule and every bad input. */
class UsersEndpointTest {

    @RegisterExtension
    static final RestFixture http = RestFixture.jetty();


    @Test
    void putThenGetAnswersTheSeedShape() {
        String id = newId("alice");
        RestFixture.Reply put = http.call("PUT", "/users/" + id, """
                {"name": "Alice", "email": ["alice@example.com"], "welcomeMessage": "Hi there, how are you? :-)",
                 "photoUrl": "https://talkjs.com/images/avatar-1.jpg", "locale": "ar", "role": "buyer",
                 "phone": ["+1123456789"], "custom": {"country": "ca"}, "pushTokens": {"fcm:MY_TOKEN_ID": true}}""");
        assertEquals(200, put.status());
        assertEquals(Map.of(), put.json());

        RestFixture.Reply get = http.call("GET", "/users/" + id, null);
        assertEquals(200, get.status());
        assertTrue(get.raw().headers().firstValue("Content-Type").orElseThrow().startsWith("application/json"));
        Map<String, Object> user = get.object();
        assertEquals(Set.of("id", "name", "email", "phone", "photoUrl", "welcomeMessage", "role", "locale", "custom",
                "pushTokens", "availabilityText", "createdAt", "deactivated", "deactivatedAt", "tokensRevokedBefore", "lastActiveAt"),
                user.keySet());
        assertEquals(id, user.get("id"));
        assertEquals("Alice", user.get("name"));
        assertEquals(List.of("alice@example.com"), user.get("email"));
        assertEquals(List.of("+1123456789"), user.get("phone"));
        assertEquals("https://talkjs.com/images/avatar-1.jpg", user.get("photoUrl"));
        assertEquals("Hi there, how are you? :-)", user.get("welcomeMessage"));
        assertEquals("buyer", user.get("role"));
        assertEquals("ar", user.get("locale"));
        assertEquals(Map.of("country", "ca"), user.get("custom"));
        assertEquals(Map.of("fcm:MY_TOKEN_ID", true), user.get("pushTokens"));
        assertNull(user.get("availabilityText"));
        assertTrue(user.get("createdAt") instanceof Number);
    }

    @Test
    void aNewUserHasTheDefaultsOfTheSeed() {
        String id = newId("bob");
        http.call("PUT", "/users/" + id, "{\"name\": \"Bob\"}");
        Map<String, Object> user = http.call("GET", "/users/" + id, null).object();
        assertEquals("default", user.get("role"));
        assertNull(user.get("email"));
        assertNull(user.get("phone"));
        assertNull(user.get("pushTokens"));
        assertNull(user.get("locale"));
        assertEquals(Map.of(), user.get("custom"));
    }

    @Test
    void absentKeepsNullResetsAndCustomIsAPatch() {
        String id = newId("carol");
        http.call("PUT", "/users/" + id, """
                {"name": "Carol", "photoUrl": "p.png", "email": "c@example.com", "custom": {"a": "1", "b": "2"}}""");
        assertEquals(200, http.call("PUT", "/users/" + id, """
                {"id": "%s", "photoUrl": null, "custom": {"a": null, "c": "3"}}""".formatted(id)).status());
        Map<String, Object> user = http.call("GET", "/users/" + id, null).object();
        assertEquals("Carol", user.get("name"));
        assertNull(user.get("photoUrl"));
        assertEquals(List.of("c@example.com"), user.get("email"));
        assertEquals(Map.of("b", "2", "c", "3"), user.get("custom"));

        http.call("PUT", "/users/" + id, "{\"custom\": null, \"email\": null}");
        user = http.call("GET", "/users/" + id, null).object();
        assertEquals(Map.of(), user.get("custom"));
        assertNull(user.get("email"));
    }

    @Test
    void anIdInTheBodyMustEqualThePath() {
        String id = newId("dave");
        RestFixture.Reply reply = http.call("PUT", "/users/" + id, "{\"id\": \"someone-else\", \"name\": \"Dave\"}");
        assertEquals(400, reply.status());
        assertEquals("INVALID_ARGUMENT", reply.errorCode());
        assertTrue(reply.errors().containsKey("id"), reply.text());
        assertEquals(404, http.call("GET", "/users/" + id, null).status());
    }

    @Test
    void aNewUserNeedsAName() {
        String id = newId("erin");
        RestFixture.Reply reply = http.call("PUT", "/users/" + id, "{\"email\": \"e@example.com\"}");
        assertEquals(400, reply.status());
        assertEquals(Map.of("#", List.of("Required property name was not present.")), reply.errors());
        assertEquals(404, http.call("GET", "/users/" + id, null).status());
    }

    @Test
    void wrongTypesAreNamedAndNothingIsWritten() {
        String id = newId("frank");
        RestFixture.Reply reply = http.call("PUT", "/users/" + id, """
                {"name": 5, "custom": {"k": 1}, "pushTokens": {"gcm:x": true}, "locale": "not a tag!", "colour": "red"}""");
        assertEquals(400, reply.status());
        assertEquals("INVALID_ARGUMENT", reply.errorCode());
        assertTrue(reply.errors().keySet().containsAll(Set.of("name", "custom.k", "locale", "colour")), reply.text());
        assertTrue(reply.errors().keySet().stream().anyMatch(k -> k.startsWith("pushTokens")), reply.text());
        assertEquals(404, http.call("GET", "/users/" + id, null).status());
    }

    @Test
    void malformedBodiesAre400NamingTheBody() {
        String id = newId("gina");
        for (String body : List.of("", "{", "{\"name\": \"A\"} trailing", "{\"name\": \"A\", \"name\": \"B\"}",
                "[1, 2]", "\"text\"", "null", "{'name': 'A'}", "{\"name\": NaN}")) {
            RestFixture.Reply reply = http.call("PUT", "/users/" + id, body);
            assertEquals(400, reply.status(), body);
            assertEquals("INVALID_ARGUMENT", reply.errorCode(), body);
            assertTrue(reply.errors().containsKey("body"), reply.text());
        }
        assertEquals(404, http.call("GET", "/users/" + id, null).status());
    }

    @Test
    void theSeedBatchIsAppliedWhole() {
        String alice = newId("alice");
        String sebastian = newId("sebastian");
        RestFixture.Reply reply = http.call("PUT", "/users", """
                {"%s": {"name": "Alice", "phone": ["+1123456789"], "locale": "ar"},
                 "%s": {"name": "Sebastian", "phone": ["+1123456789"], "custom": {"country": "ca"}}}"""
                .formatted(alice, sebastian));
        assertEquals(200, reply.status());
        assertEquals(Map.of(), reply.json());
        assertEquals("ar", http.call("GET", "/users/" + alice, null).get("locale"));
        assertEquals(Map.of("country", "ca"), http.call("GET", "/users/" + sebastian, null).get("custom"));
    }

    @Test
    void theSeedInvalidBatchAnswersExactlyTheSeedBodyAndWritesNothing() {
        RestFixture.Reply reply = http.call("PUT", "/users", """
                {
                  "alice": { "name": "Alice" },
                  "sebastian": {}
                }""");
        assertEquals(400, reply.status());
        assertEquals("{\"sebastian\":{\"#\":[\"Required property name was not present.\"]}}", reply.text());
        assertEquals(404, http.call("GET", "/users/alice", null).status());
        assertEquals(404, http.call("GET", "/users/sebastian", null).status());
    }

    @Test
    void aBatchItemThatIsNotAnObjectIsNamed() {
        RestFixture.Reply reply = http.call("PUT", "/users", "{\"a\": {\"name\": \"A\"}, \"b\": 7, \"c\": {\"name\": 1}}");
        assertEquals(400, reply.status());
        assertEquals(Map.of("b", Map.of("#", List.of("Expected an object, got a number.")),
                "c", Map.of("name", List.of("Expected a string, got a number."))), reply.json());
        assertEquals(404, http.call("GET", "/users/a", null).status());
    }

    @Test
    void aBatchOfMoreThan100IsRefusedWhole() {
        StringBuilder body = new StringBuilder("{");
        for (int i = 0; i < 101; i++) {
            body.append(i == 0 ? "" : ",").append("\"u").append(i).append("\": {\"name\": \"U\"}");
        }
        RestFixture.Reply reply = http.call("PUT", "/users", body.append("}").toString());
        assertEquals(400, reply.status());
        assertEquals("INVALID_ARGUMENT", reply.errorCode());
        assertEquals(404, http.call("GET", "/users/u1", null).status());
    }

    @Test
    void aBatchOf100IsAccepted() {
        StringBuilder body = new StringBuilder("{");
        for (int i = 0; i < 100; i++) {
            body.append(i == 0 ? "" : ",").append("\"u").append(i).append("\": {\"name\": \"U\"}");
        }
        assertEquals(200, http.call("PUT", "/users", body.append("}").toString()).status());
        assertEquals(200, http.call("GET", "/users/u99", null).status());
    }

    @Test
    void anUnknownUserIs404InTheErrorShape() {
        RestFixture.Reply reply = http.call("GET", "/users/" + newId("nobody"), null);
        assertEquals(404, reply.status());
        assertEquals("NOT_FOUND", reply.errorCode());
        assertTrue(reply.get("message") instanceof String);
    }

    @Test
    void listPagesInIdOrder() {
        List<String> ids = List.of("u_01", "u_02", "u_03", "u_04", "u_05");
        StringBuilder body = new StringBuilder("{");
        for (String id : ids) {
            body.append(body.length() > 1 ? "," : "").append("\"").append(id).append("\": {\"name\": \"N\"}");
        }
        http.call("PUT", "/users", body.append("}").toString());
        assertEquals(ids.subList(0, 2), idsOf(http.call("GET", "/users?limit=2", null)));
        assertEquals(ids.subList(2, 4), idsOf(http.call("GET", "/users?limit=2&startingAfter=u_02", null)));
        assertEquals(ids.subList(4, 5), idsOf(http.call("GET", "/users?limit=2&startingAfter=u_04", null)));
        assertEquals(ids, idsOf(http.call("GET", "/users", null)));
        assertEquals(ids, idsOf(http.call("GET", "/users?isOnline=false&limit=50", null)));
        assertEquals(List.of(), idsOf(http.call("GET", "/users?isOnline=true&limit=3", null)));
        Map<String, Object> first = firstOf(http.call("GET", "/users?limit=1", null));
        assertEquals(Set.of("id", "name", "email", "phone", "photoUrl", "welcomeMessage", "role", "locale", "custom",
                "pushTokens", "availabilityText", "createdAt", "deactivated", "deactivatedAt", "tokensRevokedBefore", "lastActiveAt"),
                first.keySet());
    }

    @Test
    void badListParametersAre400NamingTheParameter() {
        Map<String, String> cases = Map.of(
                "/users?limit=0", "limit", "/users?limit=101", "limit", "/users?limit=ten", "limit",
                "/users?isOnline=yes", "isOnline", "/users?limit=1&limit=2", "limit");
        cases.forEach((path, field) -> {
            RestFixture.Reply reply = http.call("GET", path, null);
            assertEquals(400, reply.status(), path);
            assertTrue(reply.errors().containsKey(field), path + " " + reply.text());
        });
    }

    @Test
    void eraseClearsPersonalDataAndKeepsTheId() {
        String id = newId("pii");
        http.call("PUT", "/users/" + id, """
                {"name": "Real Name", "email": "me@example.com", "phone": "+31", "photoUrl": "me.png",
                 "welcomeMessage": "hi", "availabilityText": "away", "custom": {"address": "Street 1"},
                 "pushTokens": {"apns:T": true}, "role": "buyer", "locale": "nl"}""");
        Object createdAt = http.call("GET", "/users/" + id, null).get("createdAt");
        RestFixture.Reply erased = http.call("POST", "/users/" + id + "/erase", null);
        assertEquals(200, erased.status());
        Map<String, Object> user = http.call("GET", "/users/" + id, null).object();
        assertEquals(erased.json(), user);
        assertEquals(id, user.get("id"));
        assertEquals("Deleted user", user.get("name"));
        for (String field : List.of("email", "phone", "photoUrl", "welcomeMessage", "availabilityText", "pushTokens")) {
            assertNull(user.get(field), field);
        }
        assertEquals(Map.of(), user.get("custom"));
        assertEquals("buyer", user.get("role"));
        assertEquals(createdAt, user.get("createdAt"));

        assertEquals("Anonymous", http.call("POST", "/users/" + id + "/erase", "{\"name\": \"Anonymous\"}").get("name"));
        assertEquals(400, http.call("POST", "/users/" + id + "/erase", "{\"email\": null}").status());
        assertEquals(404, http.call("POST", "/users/" + newId("ghost") + "/erase", null).status());
    }

    @Test
    void idsWithReservedCharactersTravelEncoded() {
        for (String id : List.of("a/b", "100% sure", "x+y", "ü ñ", "..", "a?b#c")) {
            String path = "/users/" + RestFixture.encode(id);
            assertEquals(200, http.call("PUT", path, "{\"name\": \"N\"}").status(), id);
            assertEquals(id, http.call("GET", path, null).get("id"), id);
        }
    }

    @Test
    void appsAreIsolated() {
        String id = newId("private");
        http.call("PUT", "/users/" + id, "{\"name\": \"Mine\"}");
        App other = http.newApp();
        assertEquals(404, http.call(other, "GET", "/users/" + id, null).status());
        RestFixture.Reply crossed = http.send("GET", "/v1/" + http.app().id() + "/users/" + id, null,
                "Authorization", "Bearer " + other.secretKey());
        assertEquals(401, crossed.status());
    }

    @SuppressWarnings("unchecked")
    private static List<String> idsOf(RestFixture.Reply reply) {
        assertEquals(200, reply.status(), reply.text());
        List<String> ids = new ArrayList<>();
        for (Object user : (List<Object>) reply.get("data")) {
            ids.add((String) ((Map<String, Object>) user).get("id"));
        }
        return ids;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> firstOf(RestFixture.Reply reply) {
        return (Map<String, Object>) ((List<Object>) reply.get("data")).get(0);
    }
}
