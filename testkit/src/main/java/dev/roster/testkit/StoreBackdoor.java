package dev.roster.testkit;

import java.util.Map;

/**
 * The store's own data, read around the store (SQL on its tables, queries on its collections),
 * so the suite can check what really is on disk rather than what the store says. A store's test
 * class supplies one through {@link StoreContract#backdoor()}; the suite then checks after every
 * test that each row's version has its entry in the change log and that nothing is left half
 * written, and runs {@link BackdoorContract}. Keep it small: it answers only what the SPI promises
 * about stored data, never how the store lays it out.
 */
public interface StoreBackdoor {

    /**
     * Every user of the app as stored.
     *
     * @param appId the app
     * @return each user's id and stored version
     */
    Map<String, Long> userVersions(String appId);

    /**
     * Every conversation of the app as stored, tombstones and unfinished creates left out.
     *
     * @param appId the app
     * @return each conversation's id and stored version
     */
    Map<String, Long> conversationVersions(String appId);

    /**
     * Fails if a write is in progress or was left half done (a journal entry, a claim, an entry not
     * yet moved to the change log); nothing by default, for a store whose writes are transactions.
     */
    default void assertSettled() {
    }
}
