package dev.roster.testkit;

import dev.roster.core.domain.User;
import dev.roster.core.domain.UserPatch;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * No lost update: many threads patching different fields and different custom keys of the same
 * users must all survive, as if applied one after the other.
 */
public abstract class UserConcurrencyContract extends ContractSupport {

    private static final int USERS = 4;
    private static final int WRITERS = 8;
    private static final int WRITES_PER_WRITER = 25;

    @Test
    void concurrentPatchesOfDifferentKeysAllSurvive() {
        List<String> ids = new ArrayList<>();
        for (int u = 0; u < USERS; u++) {
            ids.add(newId("u"));
            roster.upsertUser(app.id(), ids.get(u), UserPatch.builder().name("start").build());
        }
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        try {
            List<CompletableFuture<Void>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                writers.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < WRITES_PER_WRITER; i++) {
                        String id = ids.get(i % USERS);
                        UserPatch.Builder patch = UserPatch.builder().custom("w" + writer, "" + i);
                        if (writer == 0) {
                            patch.welcomeMessage("m" + i);
                        }
                        roster.upsertUser(app.id(), id, patch.build());
                    }
                }, pool));
            }
            writers.forEach(ContractSupport::await);
        } finally {
            pool.shutdown();
        }
        for (int u = 0; u < USERS; u++) {
            Map<String, String> expected = new TreeMap<>();
            String lastMessage = null;
            for (int w = 0; w < WRITERS; w++) {
                for (int i = 0; i < WRITES_PER_WRITER; i++) {
                    if (i % USERS == u) {
                        expected.put("w" + w, "" + i);
                        if (w == 0) {
                            lastMessage = "m" + i;
                        }
                    }
                }
            }
            User user = roster.findUser(app.id(), ids.get(u)).orElseThrow();
            assertEquals(expected, user.custom(), "custom of user " + u);
            assertEquals(lastMessage, user.welcomeMessage());
            assertEquals("start", user.name());
        }
    }
}
