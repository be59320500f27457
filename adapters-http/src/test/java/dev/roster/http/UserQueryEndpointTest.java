package dev.roster.http;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code GET /users} with {@code filter}, {@code orderBy} and {@code orderDirection} (SPEC §9) over real HTTP. */
class UserQueryEndpointTest {

    @RegisterExtension
    static final RestFixture http = RestFixture.jetty();

    @BeforeEach
    void users() {
        assertEquals(200, http.call("PUT", "/users", """
                {"u1": {"name": "bob", "role": "agent", "custom": {"tier": "gold"}, "email": "bob@x.io"},
                 "u2": {"name": "Ana", "custom": {"tier": "free"}},
                 "u3": {"name": "ANABEL", "role": "agent", "custom": {"tier": "gold", "a.b": "$ne"}},
                 "u4": {"name": "Zoë", "phone": "+31"}}""").status());
    }

    @Test
    void theFilterIsUrlEncodedJsonInTheGrammarOfTheConversationFilter() {
        assertEquals(List.of("u1", "u3"), ids("filter=" + encoded("{\"role\": [\"==\", \"agent\"]}")));
        assertEquals(List.of("u2", "u3"), ids("filter=" + encoded("{\"name\": [\"startsWith\", \"aNa\"]}")));
        assertEquals(List.of("u3"), ids("filter=" + encoded(
                "{\"role\": [\"==\", \"agent\"], \"custom\": {\"a.b\": [\"==\", \"$ne\"]}}")));
        assertEquals(List.of("u1", "u4"), ids("filter=" + encoded(
                "[\"any\", [{\"email\": [\"==\", \"bob@x.io\"]}, {\"phone\": [\"==\", \"+31\"]}]]")));
        assertEquals(List.of("u2", "u4"), ids("filter=" + encoded("{\"custom\": {\"tier\": [\"!=\", \"gold\"]}}")));
        assertEquals(List.of(), ids("filter=" + encoded("{\"lastActiveAt\": [\">\", 0]}")));
        assertEquals(List.of("u1", "u2", "u3", "u4"), ids("filter=" + encoded("{\"deactivated\": false}")));
        assertEquals(List.of("u1", "u2", "u3", "u4"), ids("filter=" + encoded("{\"isOnline\": false}")));
    }

    @Test
    void everyOrderPagesWithStartingAfter() {
        assertEquals(List.of("u2", "u3", "u1", "u4"), walk("orderBy=name"));
        assertEquals(List.of("u4", "u1", "u3", "u2"), walk("orderBy=name&orderDirection=DESC"));
        assertEquals(List.of("u4", "u3", "u2", "u1"), walk("orderBy=createdAt"), "all created at once: id DESC");
        assertEquals(List.of("u1", "u2", "u3", "u4"), walk("orderBy=createdAt&orderDirection=ASC"));
        assertEquals(List.of("u4", "u3", "u2", "u1"), walk("orderBy=lastActiveAt"));
        assertEquals(List.of("u4", "u3", "u2", "u1"), walk("orderBy=id&orderDirection=DESC"));
        assertEquals(List.of("u3", "u1"), walk("orderBy=name&filter=" + encoded("{\"role\": [\"==\", \"agent\"]}")));
    }

    @Test
    void badParametersAre400NamingTheParameter() {
        bad("filter=" + encoded("{\"name\": [\"startsWith\", 3]}"), "filter.name");
        bad("filter=" + encoded("{\"colour\": [\"==\", \"red\"]}"), "filter.colour");
        bad("filter=" + encoded("{\"email\": [\"oneOf\", [\"a\"]]}"), "filter.email");
        bad("filter=" + encoded("{\"custom\": {\"tier\": [\"~\", \"x\"]}}"), "filter.custom.tier");
        bad("filter=" + encoded("{\"createdAt\": [\"between\", [1]]}"), "filter.createdAt");
        bad("filter=" + encoded("{\"isOnline\": \"yes\"}"), "filter.isOnline");
        bad("filter=" + encoded("[\"any\", [1]]"), "filter.any[0]");
        bad("filter=null", "filter");
        bad("filter=", "filter");
        bad("orderBy=email", "orderBy");
        bad("orderDirection=down", "orderDirection");
        bad("orderBy=name&startingAfter=ghost", "startingAfter");
        bad("limit=1000", "limit");
    }

    private List<String> walk(String query) {
        List<String> all = new ArrayList<>();
        String after = null;
        List<String> page;
        do {
            page = ids(query + "&limit=1" + (after == null ? "" : "&startingAfter=" + after));
            all.addAll(page);
            after = page.isEmpty() ? after : page.get(page.size() - 1);
        } while (!page.isEmpty());
        return all;
    }

    @SuppressWarnings("unchecked")
    private List<String> ids(String query) {
        RestFixture.Reply reply = http.call("GET", "/users?" + query, null);
        assertEquals(200, reply.status(), query + " " + reply.text());
        return ((List<Map<String, Object>>) reply.object().get("data")).stream().map(u -> (String) u.get("id")).toList();
    }

    private void bad(String query, String field) {
        RestFixture.Reply reply = http.call("GET", "/users?" + query, null);
        assertEquals(400, reply.status(), query + " " + reply.text());
        assertEquals("INVALID_ARGUMENT", reply.errorCode());
        assertTrue(reply.errors().keySet().stream().anyMatch(k -> k.startsWith(field)), query + " " + reply.text());
    }

    private static String encoded(String json) {
        return URLEncoder.encode(json, StandardCharsets.UTF_8);
    }
}
