package dev.roster.http;

import dev.roster.core.api.Roster;
import dev.roster.core.domain.App;
import dev.roster.core.domain.User;
import dev.roster.http.server.RosterHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
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
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileIdTest {

    private static final String NFC = Normalizer.normalize("caf\u00e9", Normalizer.Form.NFC);
    private static final String NFD = Normalizer.normalize("caf\u00e9", Normalizer.Form.NFD);

    /** The ids, each a whole path segment once encoded; none is valid only by accident. */
    static final List<String> IDS = List.of("\\", "back\\slash", "%2F", "%", "a/b", "/", "..", ".", "a..b", ";",
            "a;b=c", " ", " spaced out ", "😀", "👩‍👩‍👧", "?", "#", "+", "&x=1", "~!*'()", NFC, NFD,
            "x".repeat(User.MAX_ID_LENGTH), "é".repeat(User.MAX_ID_LENGTH));

    private RestFixture handler;
    private RestFixture servlet;

    @BeforeAll
    void start() {
        handler = RestFixture.start(Roster.builder().storageUrl("memory:").build(), RosterHandler::new, RestApi::of);
        servlet = RestFixture.startServlet(Roster.builder().storageUrl("memory:").build(), RestApi::of);
    }

    @AfterAll
    void stop() {
        handler.close();
        servlet.close();
    }

    /** One binding: its server and the path prefix of the API on it. */
    record Binding(String name, RestFixture server, String prefix) {
        RestFixture.Reply call(App app, String method, String path, String body) {
            return server.send(method, prefix + "/v1/" + app.id() + path, body, "Authorization", "Bearer " + app.secretKey());
        }

        @Override
        public String toString() {
            return name;
        }
    }

    Stream<Arguments> bindingsAndIds() {
        List<Binding> bindings = List.of(new Binding("jetty handler", handler, ""),
                new Binding("servlet", servlet, RestFixture.SERVLET_PREFIX));
        return bindings.stream().flatMap(binding -> IDS.stream().map(id -> Arguments.of(binding, id)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("bindingsAndIds")
    void everyValidIdIsAddressableByItsPath(Binding binding, String id) {
        App app = binding.server().newApp();
        String path = RestFixture.encode(id);
        RestFixture.ok(binding.call(app, "PUT", "/users/" + path, "{\"name\": \"Hostile\"}"));
        RestFixture.Reply user = RestFixture.ok(binding.call(app, "GET", "/users/" + path, null));
        assertEquals(id, user.get("id"));
        assertEquals(List.of(id), RestFixture.data(RestFixture.ok(binding.call(app, "GET", "/users", null)))
                .stream().map(u -> u.get("id")).toList());

        RestFixture.ok(binding.call(app, "PUT", "/conversations/" + path, "{\"participants\": [" + json(id) + "]}"));
        assertEquals(id, RestFixture.ok(binding.call(app, "GET", "/conversations/" + path, null)).get("id"));
        RestFixture.ok(binding.call(app, "PUT", "/conversations/" + path + "/participants/" + path, "{\"access\": \"Read\"}"));
        RestFixture.ok(binding.call(app, "POST", "/conversations/" + path + "/messages",
                "[{\"type\": \"SystemMessage\", \"text\": \"hello\"}]"));
        List<Map<String, Object>> listing = RestFixture.data(RestFixture.ok(
                binding.call(app, "GET", "/users/" + path + "/conversations?startingAfter=" + path, null)));
        assertEquals(List.of(), listing, "startingAfter names the only conversation");
        List<Map<String, Object>> inbox = RestFixture.data(RestFixture.ok(
                binding.call(app, "GET", "/users/" + path + "/conversations", null)));
        assertEquals(List.of(id), inbox.stream().map(c -> c.get("id")).toList());
        assertEquals(Map.of(id, Map.of("access", "Read", "notify", true, "isUnread", true, "readUntil", 0)),
                inbox.get(0).get("participants"));
        RestFixture.ok(binding.call(app, "POST", "/conversations/" + path + "/readBy/" + path, null));
        RestFixture.ok(binding.call(app, "DELETE", "/conversations/" + path + "/participants/" + path, null));
        RestFixture.ok(binding.call(app, "DELETE", "/conversations/" + path, null));
        assertEquals(404, binding.call(app, "GET", "/conversations/" + path, null).status());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bindings")
    void idsInDifferentNormalFormsAreDifferentUsers(Binding binding) {
        assertNotEquals(NFC, NFD);
        App app = binding.server().newApp();
        RestFixture.ok(binding.call(app, "PUT", "/users/" + RestFixture.encode(NFC), "{\"name\": \"composed\"}"));
        RestFixture.ok(binding.call(app, "PUT", "/users/" + RestFixture.encode(NFD), "{\"name\": \"decomposed\"}"));
        assertEquals("composed", binding.call(app, "GET", "/users/" + RestFixture.encode(NFC), null).get("name"));
        assertEquals("decomposed", binding.call(app, "GET", "/users/" + RestFixture.encode(NFD), null).get("name"));
        List<Object> ids = RestFixture.data(binding.call(app, "GET", "/users", null)).stream().map(u -> u.get("id")).toList();
        assertEquals(2, ids.size(), ids.toString());
        assertTrue(ids.containsAll(List.of(NFC, NFD)), ids.toString());
    }

    Stream<Binding> bindings() {
        return Stream.of(new Binding("jetty handler", handler, ""), new Binding("servlet", servlet, RestFixture.SERVLET_PREFIX));
    }

    private static String json(String text) {
        return new String(dev.roster.http.internal.Json.write(text), java.nio.charset.StandardCharsets.UTF_8);
    }
}
