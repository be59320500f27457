package dev.roster.http;

import dev.roster.core.api.Roster;
import dev.roster.core.domain.App;
import dev.roster.core.domain.AppSettings;
import dev.roster.core.domain.RosterException;
import dev.roster.core.domain.User;
import dev.roster.core.domain.UserLifecycle;
import dev.roster.core.domain.UserPatch;
import dev.roster.http.internal.Json;
import dev.roster.http.internal.UserJson;
import dev.roster.testkit.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The user rules hold the same over the wire: random single and batch updates (valid and invalid,
 * with absent, null and wrong-typed fields) are applied both to a Roster in this process and,
 * as JSON over HTTP, to a Roster behind the REST API; after every step the outcome (accepted, or
 * rejected with the same fields named) and every user read back must be equal.
 */
class WireParityTest {

    private static final List<String> IDS = List.of("u0", "u1", "u2", "u3", "u4", "u5", "u/6", "ü7");

    private static final MutableClock clock = new MutableClock(Instant.parse("2024-06-01T00:00:00Z"));

    @RegisterExtension
    static final RestFixture http = RestFixture.jetty().roster(roster -> roster.clock(clock));

    private Roster direct;
    private App app;

    @BeforeEach
    void theSameAppOnBothSides() {
        direct = Roster.builder().storageUrl("memory:").clock(clock).build();
        app = new App(RestFixture.newId("parity"), "sk_test_parity_parity_parity_01", AppSettings.defaults());
        direct.saveApp(app);
        http.roster().saveApp(app);
    }

    @AfterEach
    void closeTheDirectRoster() {
        direct.close();
    }

    @Test
    void threeHundredRandomStepsAgree() {
        Random random = new Random(Long.getLong("roster.parity.seed", 7L));
        Map<Object, Integer> outcomes = new TreeMap<>();
        for (int step = 0; step < 300; step++) {
            clock.advance(Duration.ofMillis(1 + random.nextInt(1000)));
            String what = "step " + step;
            if (random.nextInt(4) == 0) {
                Map<String, Object> batch = new LinkedHashMap<>();
                for (int i = random.nextInt(4); i >= 0; i--) {
                    batch.put(pick(random, IDS), patch(random));
                }
                Object outcome = directBatch(batch);
                assertEquals(outcome, wire("PUT", "/users", batch), what + " batch " + batch);
                outcomes.merge(outcome.equals("ok") ? "batch ok" : "batch rejected", 1, Integer::sum);
            } else {
                String id = pick(random, IDS);
                Map<String, Object> patch = patch(random);
                Object outcome = directPut(id, patch);
                assertEquals(outcome, wire("PUT", "/users/" + RestFixture.encode(id), patch),
                        what + " put " + id + " " + patch);
                outcomes.merge(outcome.equals("ok") ? "put ok" : "put rejected", 1, Integer::sum);
            }
            for (String id : IDS) {
                Object expected = direct.findUser(app.id(), id).map(u -> (Object) normalised(UserJson.of(u, UserLifecycle.NONE))).orElse(404);
                RestFixture.Reply got = http.call(app, "GET", "/users/" + RestFixture.encode(id), null);
                assertEquals(expected, got.status() == 404 ? 404 : got.json(), what + " get " + id);
            }
            int limit = 1 + random.nextInt(4);
            String after = random.nextBoolean() ? null : pick(random, IDS);
            List<Object> page = direct.listUsers(app.id(), after, limit).stream()
                    .map(u -> (Object) normalised(UserJson.of(u, UserLifecycle.NONE))).toList();
            String query = "/users?limit=" + limit + (after == null ? "" : "&startingAfter=" + RestFixture.encode(after));
            assertEquals(Map.of("data", page), http.call(app, "GET", query, null).json(), what + " list");
        }
        assertEquals(List.of("batch ok", "batch rejected", "put ok", "put rejected"), List.copyOf(outcomes.keySet()),
                "the random steps must both pass and fail: " + outcomes);
    }

    /** What the direct call did: "ok", or the fields (per user for a batch) it named. */
    private Object directPut(String id, Map<String, Object> patch) {
        try {
            direct.upsertUser(app.id(), id, UserPatch.fromJson(patch, id, false));
            return "ok";
        } catch (RosterException e) {
            return new TreeSet<>(e.violations().byField().keySet());
        }
    }

    private Object directBatch(Map<String, Object> batch) {
        Map<String, UserPatch> patches = new LinkedHashMap<>();
        Map<String, Object> invalid = new TreeMap<>();
        batch.forEach((id, value) -> {
            try {
                @SuppressWarnings("unchecked")
                Map<String, Object> json = (Map<String, Object>) value;
                patches.put(id, UserPatch.fromJson(json, id, true));
            } catch (RosterException e) {
                invalid.put(id, new TreeSet<>(e.violations().byField().keySet()));
            }
        });
        if (!invalid.isEmpty()) {
            return invalid;
        }
        try {
            direct.upsertUsers(app.id(), patches);
            return "ok";
        } catch (RosterException e) {
            e.itemViolations().forEach((id, v) -> invalid.put(id, new TreeSet<>(v.byField().keySet())));
            return invalid;
        }
    }

    /** The same, read from the HTTP answer. */
    @SuppressWarnings("unchecked")
    private Object wire(String method, String path, Object body) {
        RestFixture.Reply reply = http.call(app, method, path, new String(Json.write(body), StandardCharsets.UTF_8));
        if (reply.status() == 200) {
            return "ok";
        }
        assertEquals(400, reply.status(), reply.text());
        if (path.equals("/users")) {
            Map<String, Object> invalid = new TreeMap<>();
            reply.object().forEach((id, fields) -> invalid.put(id, new TreeSet<>(((Map<String, Object>) fields).keySet())));
            return invalid;
        }
        return new TreeSet<>(reply.errors().keySet());
    }

    /** A user JSON as it looks after a round trip through JSON text. */
    private static Object normalised(Map<String, Object> user) {
        return Json.read(new String(Json.write(user), StandardCharsets.UTF_8));
    }

    private static Map<String, Object> patch(Random random) {
        Map<String, Object> patch = new LinkedHashMap<>();
        maybe(random, patch, "name", "Name " + random.nextInt(5), null, 5);
        maybe(random, patch, "email", "a@example.com", List.of("a@example.com", "b@example.com"), null, List.of(1));
        maybe(random, patch, "phone", "+31", List.of(), null, true);
        maybe(random, patch, "photoUrl", "p.png", null, 7);
        maybe(random, patch, "welcomeMessage", "hi", null);
        maybe(random, patch, "role", "buyer", null, "");
        maybe(random, patch, "locale", "en-US", "nl", null, "not a tag!");
        maybe(random, patch, "availabilityText", "away", null);
        Map<String, Object> custom = new LinkedHashMap<>();
        custom.put("k" + random.nextInt(3), random.nextInt(5) == 0 ? null : "v" + random.nextInt(3));
        if (random.nextInt(8) == 0) {
            custom.put("bad", 3);
        }
        maybe(random, patch, "custom", custom, null, "text");
        Map<String, Object> tokens = new LinkedHashMap<>();
        tokens.put(random.nextBoolean() ? "fcm:t" + random.nextInt(2) : "apns:t", random.nextInt(4) == 0 ? null : Boolean.TRUE);
        if (random.nextInt(10) == 0) {
            tokens.put("gcm:x", true);
        }
        maybe(random, patch, "pushTokens", tokens, null, Map.of("fcm:z", false));
        if (random.nextInt(20) == 0) {
            patch.put("colour", "red");
        }
        return patch;
    }

    private static void maybe(Random random, Map<String, Object> patch, String field, Object... values) {
        if (random.nextInt(3) == 0) {
            patch.put(field, values[random.nextInt(values.length)]);
        }
    }

    private static String pick(Random random, List<String> values) {
        return values.get(random.nextInt(values.size()));
    }
}
