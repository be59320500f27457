package dev.roster.http;

import dev.roster.testkit.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.roster.http.RestFixture.encode;
import static dev.roster.http.RestFixture.newId;
import static dev.roster.http.RestFixture.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rate limits (SPEC §12) over real HTTP: the budgets in the app's settings, the headers on every
 * authenticated answer, and 429 with nothing written. The buckets refill by the API's clock, which
 * the tests move.
 */
class RateLimitTest {

    private static final MutableClock clock = new MutableClock(Instant.now());

    @RegisterExtension
    final RestFixture http = RestFixture.jetty().api(api -> api.clock(clock));

    private static String header(RestFixture.Reply reply, String name) {
        return reply.raw().headers().firstValue(name).orElse(null);
    }

    private void budgets(String json) {
        ok(http.call("PUT", "/settings", "{\"rateLimits\": " + json + "}"));
    }

    private RestFixture.Reply asUser(String me) {
        return http.send("GET", "/v1/" + http.app().id() + "/client/" + encode(me) + "/users/" + encode(me), null,
                "Authorization", "Bearer " + UserTokens.user(http.app(), me));
    }

    @Test
    void settingsShowTheDefaultsAndTakePartialBudgets() {
        Map<String, Object> defaults = Map.of("trusted", Map.of("perSecond", 1000, "burst", 2000),
                "browser", Map.of("perSecond", 50, "burst", 100));
        assertEquals(defaults, ok(http.call("GET", "/settings", null)).get("rateLimits"));

        budgets("{\"trusted\": {\"burst\": 3}}");
        assertEquals(Map.of("trusted", Map.of("perSecond", 1000, "burst", 3), "browser", defaults.get("browser")),
                ok(http.call("GET", "/settings", null)).get("rateLimits"));

        budgets("{\"trusted\": null}");
        assertEquals(defaults, ok(http.call("GET", "/settings", null)).get("rateLimits"));
    }

    @Test
    void aBadBudgetIsA400NamingTheFieldAndChangesNothing() {
        budgets("{\"browser\": {\"perSecond\": 5, \"burst\": 9}}");
        Object before = ok(http.call("GET", "/settings", null)).get("rateLimits");
        Map<String, String> bad = Map.of(
                "{\"trusted\": {\"perSecond\": 0}}", "rateLimits.trusted.perSecond",
                "{\"trusted\": {\"burst\": 2.5}}", "rateLimits.trusted.burst",
                "{\"browser\": {\"burst\": \"9\"}}", "rateLimits.browser.burst",
                "{\"browser\": {\"perSecond\": 1000001}}", "rateLimits.browser.perSecond",
                "{\"browser\": {\"rate\": 1}}", "rateLimits.browser.rate",
                "{\"everyone\": {}}", "rateLimits.everyone",
                "[1]", "rateLimits");
        bad.forEach((json, field) -> {
            RestFixture.Reply reply = http.call("PUT", "/settings",
                    "{\"clientUserSync\": false, \"rateLimits\": " + json + "}");
            assertEquals(400, reply.status(), json + ": " + reply.text());
            assertEquals(List.of(field), List.copyOf(reply.errors().keySet()), json + ": " + reply.text());
        });
        Map<String, Object> after = ok(http.call("GET", "/settings", null)).object();
        assertEquals(before, after.get("rateLimits"));
        assertEquals(true, after.get("clientUserSync"), "the valid part of a bad request is not written either");
    }

    @Test
    void theTrustedBudgetCountsDownRefusesWritesWhenSpentAndRefills() {
        budgets("{\"trusted\": {\"perSecond\": 1, \"burst\": 3}}");
        String user = newId("u");

        for (int remaining = 2; remaining >= 0; remaining--) {
            RestFixture.Reply reply = http.call("GET", "/users/" + encode(user), null);
            assertEquals(404, reply.status(), "an error answer is counted and carries the headers too");
            assertEquals("3", header(reply, "X-RateLimit-Limit"));
            assertEquals(Integer.toString(remaining), header(reply, "X-RateLimit-Remaining"));
            assertEquals(Integer.toString(3 - remaining), header(reply, "X-RateLimit-Reset"));
            assertEquals(null, header(reply, "Retry-After"));
        }

        RestFixture.Reply refused = http.call("PUT", "/users/" + encode(user), "{\"name\": \"Over budget\"}");
        assertEquals(429, refused.status(), refused.text());
        assertEquals("RATE_LIMITED", refused.errorCode());
        assertEquals("1", header(refused, "Retry-After"));
        assertEquals("0", header(refused, "X-RateLimit-Remaining"));
        assertEquals("3", header(refused, "X-RateLimit-Reset"));
        assertTrue(http.roster().findUser(http.app().id(), user).isEmpty(), "nothing is written over budget");

        clock.advance(Duration.ofMillis(1000));
        assertEquals(200, http.call("PUT", "/users/" + encode(user), "{\"name\": \"In budget\"}").status());
        assertEquals(429, http.call("GET", "/users/" + encode(user), null).status(), "one second bought one token");
        clock.advance(Duration.ofSeconds(60));
        RestFixture.Reply full = ok(http.call("GET", "/users/" + encode(user), null));
        assertEquals("2", header(full, "X-RateLimit-Remaining"), "the bucket holds at most its burst");
    }

    @Test
    void eachBrowserUserHasABudgetOfItsOwnApartFromTheTrustedOne() {
        budgets("{\"browser\": {\"perSecond\": 1, \"burst\": 2}}");
        String alice = newId("alice");
        String bob = newId("bob");
        ok(http.call("PUT", "/users/" + encode(alice), "{\"name\": \"Alice\"}"));
        ok(http.call("PUT", "/users/" + encode(bob), "{\"name\": \"Bob\"}"));

        assertEquals("1", header(ok(asUser(alice)), "X-RateLimit-Remaining"));
        assertEquals("2", header(ok(asUser(alice)), "X-RateLimit-Limit"));
        RestFixture.Reply refused = asUser(alice);
        assertEquals(429, refused.status(), refused.text());
        assertEquals("1", header(refused, "Retry-After"));

        assertEquals("1", header(ok(asUser(bob)), "X-RateLimit-Remaining"), "another user's budget is untouched");
        RestFixture.Reply trusted = ok(http.call("GET", "/users/" + encode(alice), null));
        assertEquals("2000", header(trusted, "X-RateLimit-Limit"), "the trusted API has its own budget");
    }

    @Test
    void aRefusedCredentialTakesNoToken() {
        budgets("{\"trusted\": {\"perSecond\": 1, \"burst\": 2}}");
        for (int i = 0; i < 5; i++) {
            RestFixture.Reply denied = http.send("GET", "/v1/" + http.app().id() + "/users", null,
                    "Authorization", "Bearer sk_test_wrong");
            assertEquals(401, denied.status());
            assertFalse(denied.raw().headers().firstValue("X-RateLimit-Remaining").isPresent(), denied.text());
        }
        assertEquals("1", header(ok(http.call("GET", "/users", null)), "X-RateLimit-Remaining"));
    }
}
