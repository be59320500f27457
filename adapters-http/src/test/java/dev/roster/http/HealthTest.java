package dev.roster.http;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code GET /health} over a real socket and a real H2 store, which the test breaks from outside. */
class HealthTest {

    private static String h2() {
        return "jdbc:h2:mem:health_" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1";
    }

    @Test
    void upWhileTheStoreAnswersAndDownNamingTheStoreOnceItFails() throws Exception {
        String url = h2();
        try (RestFixture http = RestFixture.jetty().roster(roster -> roster.storageUrl(url)).start()) {
            RestFixture.Reply up = http.send("GET", "/health", null);
            assertEquals(200, up.status(), "no credentials needed: " + up.text());
            assertEquals("UP", up.get("status"));
            assertEquals(Map.of("status", "UP"), up.get("store"));
            assertEquals("no-store", up.raw().headers().firstValue("Cache-Control").orElse(null));
            Map<?, ?> follower = (Map<?, ?>) up.get("changeFollower");
            assertTrue(((Number) follower.get("position")).longValue() >= 0, up.text());
            assertTrue(((Number) follower.get("lagMillis")).longValue() >= 0, up.text());

            try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
                statement.execute("DROP ALL OBJECTS");
            }
            RestFixture.Reply down = http.send("GET", "/health", null);
            assertEquals(503, down.status(), down.text());
            assertEquals("DOWN", down.get("status"));
            Map<?, ?> store = (Map<?, ?>) down.get("store");
            assertEquals("DOWN", store.get("status"));
            assertTrue(String.valueOf(store.get("error")).startsWith("The store did not answer"), down.text());
            assertFalse(down.text().toUpperCase().contains("ROSTER_APP"), "the store's error stays in the log: " + down.text());
            assertTrue(down.object().containsKey("changeFollower"), down.text());
        }
    }

    @Test
    void otherMethodsAre405AndAQueryIsIgnored() {
        try (RestFixture http = RestFixture.jetty().start()) {
            assertEquals(405, http.send("POST", "/health", "{}").status());
            assertEquals(200, http.send("GET", "/health?probe=lb1", null).status());
        }
    }

    @Test
    void servletUsersHaveItBelowTheirMountPoint() {
        try (RestFixture http = RestFixture.servlet().start()) {
            RestFixture.Reply up = http.send("GET", "/health", null);
            assertEquals(200, up.status(), up.text());
            assertEquals("UP", up.get("status"));
        }
    }
}
