package dev.roster.testkit;

import dev.roster.core.spi.Change;
import dev.roster.core.spi.Storage;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What must hold of a store after any test: the change log's positions grow strictly, and every
 * entity's versions in the log grow by exactly one from entry to entry.
 */
public final class StoreInvariants {

    private StoreInvariants() {
    }

    /** Checks the log entries written after {@code fromPosition}. */
    public static void check(Storage storage, long fromPosition) {
        List<Change> changes = storage.changes().readAfter(fromPosition, Integer.MAX_VALUE);
        long previous = fromPosition;
        Map<String, Long> versions = new HashMap<>();
        for (Change change : changes) {
            assertTrue(change.position() > previous, () -> "log positions must grow: " + change);
            previous = change.position();
            String key = change.appId() + "/" + change.kind() + "/" + change.entityId();
            Long last = versions.put(key, change.version());
            if (last != null) {
                assertEquals(last + 1, change.version(), () -> "versions of " + key + " must grow by one: " + change);
            }
        }
    }
}
