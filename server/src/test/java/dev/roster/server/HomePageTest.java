package dev.roster.server;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HomePageTest {

    @Test
    void theStoreIsShownByKindNeverByItsUrl() {
        assertEquals("jdbc:postgresql", HomePage.storeKind("jdbc:postgresql://db:5432/app?user=app&password=hunter2"));
        assertEquals("jdbc:h2", HomePage.storeKind("jdbc:h2:file:./roster-data/roster"));
        assertEquals("mongodb+srv", HomePage.storeKind("mongodb+srv://app:hunter2@cluster.example.net/roster"));
        assertEquals("memory", HomePage.storeKind("memory:"));

        String page = new HomePage("1.2.3", "mongodb://app:hunter2@db/roster", true).answer(null).bodyText();
        assertFalse(page.contains("hunter2"), page);
        assertTrue(page.contains("<code>mongodb</code>"), page);
    }

    @Test
    void textIsEscapedAndTheMetricsLinkFollowsTheOption() {
        String page = new HomePage("1.0 <beta>", "memory:", false).answer(null).bodyText();
        assertTrue(page.contains("<dd>1.0 &lt;beta&gt;</dd>"), page);
        assertFalse(page.contains("href=\"metrics\""), page);
        assertTrue(page.contains("href=\"health\""), page);
    }

    @Test
    void theVersionComesFromTheBuild() {
        assertTrue(RosterServer.version().matches("\\d+\\.\\d+\\.\\d+.*"), RosterServer.version());
    }
}
