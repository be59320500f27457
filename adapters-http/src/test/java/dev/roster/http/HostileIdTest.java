package dev.roster.http;

import dev.roster.core.domain.User;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.text.Normalizer;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every id the model accepts is addressable by its path, on both bindings (the Jetty handler and
 * the servlet under a prefix): users, their conversation listing, conversations, participants and
 * messages, with ids that look like path syntax, percent-encodings or other normal forms.
 */
class HostileIdTest {

    private static final String NFC = Normalizer.normalize("caf\u00e9", Normalizer.Form.NFC);
    private static final String NFD = Normalizer.normalize("caf\u00e9", Normalizer.Form.NFD);

    /** The ids, each a whole path segment once encoded; none is valid only by accident. */
    static final List<String> IDS = List.of("\\", "back\\slash", "%2F", "%", "a/b", "/", "..", ".", "a..b", ";",
            "a;b=c", " ", " spaced out ", "😀", "👩‍👩‍👧", "?", "#", "+", "&x=1", "~!*'()", NFC, NFD,
            "x".repeat(User.MAX_ID_LENGTH), "é".repeat(User.MAX_ID_LENGTH));

    @RegisterExtension
    static final RestFixture HANDLER = RestFixture.jetty();

    @RegisterExtension
    static final RestFixture SERVLET = RestFixture.servlet();

    /** One binding: its server, named for the report. */
    record Binding(String name, RestFixture server) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> bindingsAndIds() {
        return bindings().flatMap(binding -> IDS.stream().map(id -> Arguments.of(binding, id)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("bindingsAndIds")
    void everyValidIdIsAddressableByItsPath(Binding binding, String id) {
        RestFixture http = binding.server();
        String path = RestFixture.encode(id);
        RestFixture.ok(http.call("PUT", "/users/" + path, "{\"name\": \"Hostile\"}"));
        RestFixture.Reply user = RestFixture.ok(http.call("GET", "/users/" + path, null));
        assertEquals(id, user.get("id"));
        assertEquals(List.of(id), RestFixture.data(RestFixture.ok(http.call("GET", "/users", null)))
                .stream().map(u -> u.get("id")).toList());

        RestFixture.ok(http.call("PUT", "/conversations/" + path, "{\"participants\": [" + json(id) + "]}"));
        assertEquals(id, RestFixture.ok(http.call("GET", "/conversations/" + path, null)).get("id"));
        RestFixture.ok(http.call("PUT", "/conversations/" + path + "/participants/" + path, "{\"access\": \"Read\"}"));
        RestFixture.ok(http.call("POST", "/conversations/" + path + "/messages",
                "[{\"type\": \"SystemMessage\", \"text\": \"hello\"}]"));
        List<Map<String, Object>> listing = RestFixture.data(RestFixture.ok(
                http.call("GET", "/users/" + path + "/conversations?startingAfter=" + path, null)));
        assertEquals(List.of(), listing, "startingAfter names the only conversation");
        List<Map<String, Object>> inbox = RestFixture.data(RestFixture.ok(
                http.call("GET", "/users/" + path + "/conversations", null)));
        assertEquals(List.of(id), inbox.stream().map(c -> c.get("id")).toList());
        assertEquals(Map.of(id, Map.of("access", "Read", "notify", true, "isUnread", true, "readUntil", 0)),
                inbox.get(0).get("participants"));
        RestFixture.ok(http.call("POST", "/conversations/" + path + "/readBy/" + path, null));
        RestFixture.ok(http.call("DELETE", "/conversations/" + path + "/participants/" + path, null));
        RestFixture.ok(http.call("DELETE", "/conversations/" + path, null));
        assertEquals(404, http.call("GET", "/conversations/" + path, null).status());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bindings")
    void idsInDifferentNormalFormsAreDifferentUsers(Binding binding) {
        assertNotEquals(NFC, NFD);
        RestFixture http = binding.server();
        RestFixture.ok(http.call("PUT", "/users/" + RestFixture.encode(NFC), "{\"name\": \"composed\"}"));
        RestFixture.ok(http.call("PUT", "/users/" + RestFixture.encode(NFD), "{\"name\": \"decomposed\"}"));
        assertEquals("composed", http.call("GET", "/users/" + RestFixture.encode(NFC), null).get("name"));
        assertEquals("decomposed", http.call("GET", "/users/" + RestFixture.encode(NFD), null).get("name"));
        List<Object> ids = RestFixture.data(http.call("GET", "/users", null)).stream().map(u -> u.get("id")).toList();
        assertEquals(2, ids.size(), ids.toString());
        assertTrue(ids.containsAll(List.of(NFC, NFD)), ids.toString());
    }

    static Stream<Binding> bindings() {
        return Stream.of(new Binding("jetty handler", HANDLER), new Binding("servlet", SERVLET));
    }

    private static String json(String text) {
        return new String(dev.roster.http.internal.Json.write(text), java.nio.charset.StandardCharsets.UTF_8);
    }
}
