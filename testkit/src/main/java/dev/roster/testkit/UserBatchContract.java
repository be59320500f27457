package dev.roster.testkit;

import dev.roster.core.domain.ErrorCode;
import dev.roster.core.domain.RosterException;
import dev.roster.core.domain.User;
import dev.roster.core.domain.UserPatch;
import dev.roster.core.domain.Violations;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Batch updates (seed 004): up to 100 users, all or nothing, errors keyed by user id then field. */
public abstract class UserBatchContract extends ContractSupport {

    private Map<String, UserPatch> batch(int size, String prefix) {
        Map<String, UserPatch> patches = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            patches.put(prefix + "-" + i, UserPatch.builder().name("User " + i).custom("n", "" + i).build());
        }
        return patches;
    }

    @Test
    void aValidBatchAppliesEveryUser() {
        String prefix = newId("b");
        users.upsertUsers(app.id(), batch(100, prefix));
        assertEquals(100, roster.listUsers(app.id(), prefix, 100).stream()
                .filter(u -> u.id().startsWith(prefix)).count());
        assertEquals("User 42", users.findUser(app.id(), prefix + "-42").orElseThrow().name());
    }

    @Test
    void aBatchUpdatesExistingUsersWithThePatchRule() {
        String prefix = newId("b");
        users.upsertUsers(app.id(), batch(3, prefix));
        users.upsertUsers(app.id(), Map.of(prefix + "-1", UserPatch.builder().name("Renamed").custom("x", "y").build()));
        User user = users.findUser(app.id(), prefix + "-1").orElseThrow();
        assertEquals("Renamed", user.name());
        assertEquals(Map.of("n", "1", "x", "y"), user.custom());
    }

    @Test
    void oneInvalidUserFailsTheWholeBatchWithTheSeedsErrorShape() {
        String alice = newId("alice");
        String sebastian = newId("sebastian");
        Map<String, UserPatch> patches = new LinkedHashMap<>();
        patches.put(alice, UserPatch.builder().name("Alice").build());
        patches.put(sebastian, UserPatch.builder().build());
        long head = storage().changes().assigned();

        RosterException error = assertThrows(RosterException.class, () -> users.upsertUsers(app.id(), patches));

        assertEquals(ErrorCode.INVALID_ARGUMENT, error.code());
        assertEquals(Map.of(sebastian, Violations.of("#", "Required property name was not present.")),
                error.itemViolations());
        assertTrue(users.findUser(app.id(), alice).isEmpty(), "a valid user of a failed batch is not written");
        assertEquals(head, storage().changes().assigned());
    }

    @Test
    void moreThanAHundredUsersAreRejectedAndNothingIsWritten() {
        String prefix = newId("b");
        RosterException error = assertThrows(RosterException.class, () -> users.upsertUsers(app.id(), batch(101, prefix)));
        assertEquals(ErrorCode.INVALID_ARGUMENT, error.code());
        assertEquals(List.of("#"), List.copyOf(error.violations().byField().keySet()));
        assertTrue(users.findUser(app.id(), prefix + "-0").isEmpty());
    }

    @Test
    void aBadIdInABatchIsNamed() {
        Map<String, UserPatch> patches = new LinkedHashMap<>();
        patches.put("", UserPatch.builder().name("Nobody").build());
        patches.put(newId("ok"), UserPatch.builder().name("Ok").build());
        RosterException error = assertThrows(RosterException.class, () -> users.upsertUsers(app.id(), patches));
        assertEquals(List.of(""), List.copyOf(error.itemViolations().keySet()));
    }

    @Test
    void aBatchWritesOneChangePerChangedUser() {
        String prefix = newId("b");
        users.upsertUsers(app.id(), batch(5, prefix));
        long head = storage().changes().assigned();
        Map<String, UserPatch> patches = batch(5, prefix);
        patches.put(prefix + "-2", UserPatch.builder().name("Two").build());
        users.upsertUsers(app.id(), patches);
        var changes = storage().changes().readAfter(head, 100).stream()
                .filter(c -> c.appId().equals(app.id())).toList();
        assertEquals(1, changes.size());
        assertEquals(prefix + "-2", changes.get(0).entityId());
        assertEquals(2, changes.get(0).version());
    }
}
