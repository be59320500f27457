package dev.roster.testkit;

import dev.roster.core.domain.User;
import dev.roster.core.domain.UserPatch;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The update rule: absent keeps, null resets, custom and push tokens patch key by key. */
public abstract class UserPatchContract extends ContractSupport {

    @Test
    void createsAUserWithEveryField() {
        String id = newId("u");
        User user = roster.upsertUser(app.id(), id, UserPatch.builder().name("Alice").build());
        assertEquals("Alice", user.name());
        assertEquals(user, roster.findUser(app.id(), id).orElseThrow());
    }
}
