package dev.roster.testkit;

import dev.roster.core.domain.ConversationPatch;
import dev.roster.core.domain.ErrorCode;
import dev.roster.core.domain.NewMessage;
import dev.roster.core.domain.RosterException;
import dev.roster.core.domain.User;
import dev.roster.core.domain.UserPatch;
import dev.roster.core.spi.Change;
import dev.roster.core.spi.ChangeKind;
import dev.roster.core.spi.ConversationWrite;
import dev.roster.core.spi.UserWrite;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What is on disk, read through the store test's {@link StoreBackdoor}: a write's rows arrive
 * with their change-log entries, and a write that conflicts or fails leaves the stored data as it
 * was, with no row of a half batch. Skipped, saying so, for a store test that gives no backdoor.
 */
public abstract class BackdoorContract extends ContractSupport {

    private String me;

    /** {@return the store's own data, or null when the store test gives no backdoor} */
    protected abstract StoreBackdoor backdoor();

    @BeforeEach
    final void requireABackdoor() {
        Assumptions.assumeTrue(backdoor() != null,
                "the store test gives no backdoor (StoreContract.backdoor())");
    }

    @Test
    void aMultiUserWriteStoresEveryRowWithItsChange() {
        String a = newId("a");
        String b = newId("b");
        long head = storage().changes().assigned();
        assertTrue(storage().users().write(app.id(), List.of(new UserWrite(user(a, "A"), 0), new UserWrite(user(b, "B"), 0))));
        assertTrue(storage().users().write(app.id(), List.of(new UserWrite(user(a, "A2"), 1))));

        assertEquals(Map.of(a, 2L, b, 1L), backdoor().userVersions(app.id()));
        assertEquals(Set.of(a + "@1", b + "@1", a + "@2"), storage().changes().readAfter(head, 100).stream()
                .map(c -> c.entityId() + "@" + c.version()).collect(Collectors.toSet()));
    }

    @Test
    void aConflictInAMultiUserWriteLeavesNoRowOfIt() {
        String existing = newId("existing");
        String fresh = newId("fresh");
        assertTrue(storage().users().write(app.id(), List.of(new UserWrite(user(existing, "Kept"), 0))));
        long head = storage().changes().assigned();

        assertFalse(storage().users().write(app.id(), List.of(new UserWrite(user(fresh, "New"), 0),
                new UserWrite(user(existing, "Stale"), 0))));

        assertEquals(Map.of(existing, 1L), backdoor().userVersions(app.id()));
        assertEquals(List.of(), changesOfTheApp(head));
    }

    @Test
    void aBatchWithOneInvalidUserLeavesNothingOnDisk() {
        Map<String, UserPatch> batch = new LinkedHashMap<>();
        batch.put(newId("valid"), UserPatch.builder().name("Valid").build());
        batch.put(newId("invalid"), UserPatch.builder().build());

        RosterException error = assertThrows(RosterException.class, () -> users.upsertUsers(app.id(), batch));

        assertEquals(ErrorCode.INVALID_ARGUMENT, error.code());
        assertEquals(Map.of(), backdoor().userVersions(app.id()));
    }

    @Test
    void aConversationWriteStoresTheRowWithItsChange() {
        long head = storage().changes().assigned();
        String c = newConversation();
        roster.conversations().send(app.id(), c, List.of(NewMessage.user(me, "hi")));

        assertEquals(Map.of(c, 2L), backdoor().conversationVersions(app.id()));
        assertEquals(List.of(c + "@1", c + "@2"), changesOfTheApp(head).stream()
                .filter(change -> change.kind() == ChangeKind.CONVERSATION)
                .map(change -> change.entityId() + "@" + change.version()).toList());
    }

    @Test
    void aStaleConversationWriteLeavesTheStoredConversationAsItWas() {
        String c = newConversation();
        roster.conversations().send(app.id(), c, List.of(NewMessage.user(me, "hi")));
        long head = storage().changes().assigned();

        assertFalse(storage().conversations().write(app.id(), delete(c, 1)), "a delete of version 1 is stale");
        assertFalse(storage().conversations().write(app.id(), delete(newId("never"), 0)), "nothing to delete");

        assertEquals(Map.of(c, 2L), backdoor().conversationVersions(app.id()));
        assertEquals(List.of(), changesOfTheApp(head));
        assertEquals(1, roster.conversations().messages(app.id(), c, null, 10).size());
    }

    @Test
    void aDeletedConversationLeavesNoRow() {
        String c = newConversation();
        roster.conversations().delete(app.id(), c);

        assertEquals(Map.of(), backdoor().conversationVersions(app.id()));
        assertEquals(2, storage().conversations().tombstoneVersion(app.id(), c));
    }

    /** A new conversation of {@link #me} alone. */
    private String newConversation() {
        me = newId("me");
        roster.upsertUser(app.id(), me, UserPatch.builder().name("Me").build());
        String c = newId("c");
        roster.conversations().upsert(app.id(), c, ConversationPatch.none().withParticipants(me));
        return c;
    }

    private List<Change> changesOfTheApp(long after) {
        return storage().changes().readAfter(after, 1000).stream().filter(c -> c.appId().equals(app.id())).toList();
    }

    private static ConversationWrite delete(String conversationId, long expectedVersion) {
        return new ConversationWrite(conversationId, expectedVersion, null, null, List.of(), Set.of(), List.of(), Set.of());
    }

    private User user(String id, String name) {
        return User.create(id, UserPatch.builder().name(name).build(), clock.millis());
    }
}
