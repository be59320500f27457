package dev.roster.testkit;

import dev.roster.core.domain.User;
import dev.roster.core.domain.UserPatch;
import dev.roster.core.spi.Change;
import dev.roster.core.domain.QueryParameters;
import dev.roster.core.domain.UserQuery;
import dev.roster.core.spi.ChangeKind;
import dev.roster.core.spi.CreateOrLoad;
import dev.roster.core.spi.FeedEntry;
import dev.roster.core.spi.UserWrite;
import dev.roster.core.spi.Versioned;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The user store port itself, below Roster: compare-and-set, all-or-nothing multi-user writes and
 * the change-log entries written with them.
 */
public abstract class UserStorePortContract extends ContractSupport {

    private User user(String id, String name) {
        return User.create(id, UserPatch.builder().name(name).build(), clock.millis());
    }

    @Test
    void writesStoreVersionOneThenGrowByOne() {
        String id = newId("u");
        assertTrue(storage().users().write(app.id(), List.of(new UserWrite(user(id, "a"), 0))));
        assertTrue(storage().users().write(app.id(), List.of(new UserWrite(user(id, "b"), 1))));
        Versioned<User> stored = storage().users().load(app.id(), List.of(id)).get(id);
        assertEquals(2, stored.version());
        assertEquals("b", stored.value().name());
    }

    @Test
    void aStaleVersionIsAConflictAndWritesNothing() {
        String id = newId("u");
        storage().users().write(app.id(), List.of(new UserWrite(user(id, "a"), 0)));
        storage().users().write(app.id(), List.of(new UserWrite(user(id, "b"), 1)));
        long head = storage().changes().assigned();

        assertFalse(storage().users().write(app.id(), List.of(new UserWrite(user(id, "stale"), 1))));
        assertFalse(storage().users().write(app.id(), List.of(new UserWrite(user(id, "again"), 0))),
                "creating an existing user is a conflict");

        assertEquals("b", storage().users().load(app.id(), List.of(id)).get(id).value().name());
        assertEquals(head, storage().changes().assigned());
    }

    @Test
    void oneConflictInAMultiUserWriteWritesNoneOfThem() {
        String existing = newId("u");
        String fresh = newId("u");
        storage().users().write(app.id(), List.of(new UserWrite(user(existing, "a"), 0)));
        long head = storage().changes().assigned();

        assertFalse(storage().users().write(app.id(), List.of(
                new UserWrite(user(fresh, "new"), 0),
                new UserWrite(user(existing, "stale"), 0))));

        assertTrue(storage().users().load(app.id(), List.of(fresh)).isEmpty());
        assertEquals(head, storage().changes().assigned());
    }

    @Test
    void loadReturnsOnlyExistingUsersWithEveryField() {
        String a = newId("u");
        String b = newId("u");
        User full = User.create(a, UserPatch.builder().name("A").email("a@x.org").phone("+1", "+2").photoUrl("p")
                .welcomeMessage("w").role("r").locale("nl-BE").custom("k", "v").custom("é", "ü")
                .pushToken("apns:t", true).availabilityText("t").build(), 1_700_000_000_123L);
        storage().users().write(app.id(), List.of(new UserWrite(full, 0), new UserWrite(user(b, "B"), 0)));

        Map<String, Versioned<User>> loaded = storage().users().load(app.id(), List.of(a, b, newId("missing")));

        assertEquals(2, loaded.size());
        assertEquals(full, loaded.get(a).value());
        assertEquals(1, loaded.get(a).version());
    }

    @Test
    void everyWrittenUserGetsOneChangeInTheLog() {
        String a = newId("u");
        String b = newId("u");
        long head = storage().changes().assigned();
        storage().users().write(app.id(), List.of(new UserWrite(user(a, "a"), 0), new UserWrite(user(b, "b"), 0)));
        storage().users().write(app.id(), List.of(new UserWrite(user(a, "a2"), 1)));

        List<Change> changes = storage().changes().readAfter(head, 100).stream()
                .filter(c -> c.appId().equals(app.id())).toList();

        assertEquals(java.util.Set.of(a + "@1", b + "@1", a + "@2"),
                changes.stream().map(c -> c.entityId() + "@" + c.version()).collect(java.util.stream.Collectors.toSet()));
        assertEquals(a + "@2", changes.get(2).entityId() + "@" + changes.get(2).version(),
                "the later write comes later in the log");
        assertTrue(changes.stream().allMatch(c -> c.kind() == ChangeKind.USER));
        assertTrue(storage().changes().head() >= changes.get(changes.size() - 1).position());
    }

    @Test
    void readAfterPagesThroughTheLog() {
        long head = storage().changes().assigned();
        for (int i = 0; i < 5; i++) {
            storage().users().write(app.id(), List.of(new UserWrite(user(newId("u"), "n"), 0)));
        }
        List<Change> firstTwo = storage().changes().readAfter(head, 2);
        assertEquals(2, firstTwo.size());
        List<Change> rest = storage().changes().readAfter(firstTwo.get(1).position(), 100);
        assertTrue(rest.size() >= 3);
        assertTrue(rest.get(0).position() > firstTwo.get(1).position());
    }

    @Test
    void createOrLoadCreatesUsersThatAreAllNewWithTheirChanges() {
        String a = newId("u");
        String b = newId("u");
        User full = User.create(a, UserPatch.builder().name("A").email("a@x.org").custom("k", "v").custom("é", "ü")
                .pushToken("apns:t", true).build(), 1_700_000_000_123L);
        long head = storage().changes().assigned();

        CreateOrLoad outcome = storage().users().createOrLoad(app.id(),
                List.of(new UserWrite(full, 0), new UserWrite(user(b, "B"), 0)));

        assertTrue(outcome.created());
        Map<String, Versioned<User>> stored = storage().users().load(app.id(), List.of(a, b));
        assertEquals(full, stored.get(a).value());
        assertEquals(1, stored.get(a).version());
        assertEquals("B", stored.get(b).value().name());
        assertEquals(Set.of(a + "@1", b + "@1"), storage().changes().readAfter(head, 100).stream()
                .filter(c -> c.appId().equals(app.id())).map(c -> c.entityId() + "@" + c.version())
                .collect(Collectors.toSet()));
        assertEquals(List.of(a), idsWhereCustom("k", "v"), "the custom field is found by a query, as one that write stored");
    }

    @Test
    void createOrLoadOfAnExistingUserWritesNothingAndAnswersTheStoredOnes() {
        String existing = newId("u");
        String fresh = newId("u");
        storage().users().write(app.id(), List.of(new UserWrite(user(existing, "a"), 0)));
        storage().users().write(app.id(), List.of(new UserWrite(user(existing, "b"), 1)));
        long head = storage().changes().assigned();

        CreateOrLoad outcome = storage().users().createOrLoad(app.id(), List.of(
                new UserWrite(user(fresh, "new"), 0), new UserWrite(user(existing, "again"), 0)));

        assertFalse(outcome.created());
        assertEquals(Set.of(existing), outcome.stored().keySet());
        assertEquals("b", outcome.stored().get(existing).value().name());
        assertEquals(2, outcome.stored().get(existing).version());
        assertTrue(storage().users().load(app.id(), List.of(fresh)).isEmpty(), "nothing of the batch is written");
        assertEquals("b", storage().users().load(app.id(), List.of(existing)).get(existing).value().name());
        assertEquals(head, storage().changes().assigned(), "no change-log position is drawn");
    }

    @Test
    void aWriteGivenTheStoredUserKeepsItsCustomFieldsFoundByQueries() {
        String id = newId("u");
        User first = User.create(id, UserPatch.builder().name("A").custom("team", "red").custom("floor", "1").build(),
                clock.millis());
        assertTrue(storage().users().write(app.id(), List.of(new UserWrite(first, 0))));
        User renamed = first.apply(UserPatch.builder().name("B").build());
        assertTrue(storage().users().write(app.id(), List.of(new UserWrite(renamed, 1, FeedEntry.NONE, first))));

        assertEquals(List.of(id), idsWhereCustom("team", "red"), "unchanged custom fields stay where queries find them");
        assertEquals(List.of(id), idsWhereCustom("floor", "1"));

        User moved = renamed.apply(UserPatch.builder().custom("team", "blue").custom("floor", null).build());
        assertTrue(storage().users().write(app.id(), List.of(new UserWrite(moved, 2, FeedEntry.NONE, renamed))));

        assertEquals(List.of(), idsWhereCustom("team", "red"));
        assertEquals(List.of(), idsWhereCustom("floor", "1"));
        assertEquals(List.of(id), idsWhereCustom("team", "blue"));
        assertEquals(moved, storage().users().load(app.id(), List.of(id)).get(id).value());
    }

    private List<String> idsWhereCustom(String key, String value) {
        Map<String, Object> filter = Map.of("custom", Map.of(key, List.of("==", value)));
        UserQuery query = UserQuery.fromParameters(QueryParameters.of(Map.of("filter", String.valueOf(filter))), filter);
        return storage().users().query(app.id(), query).users().stream().map(User::id).toList();
    }
}
