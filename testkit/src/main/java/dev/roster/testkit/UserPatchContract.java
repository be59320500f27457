package dev.roster.testkit;

import dev.roster.core.domain.User;
import dev.roster.core.domain.UserPatch;
import dev.roster.core.domain.UserSnapshot;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * The update rule (SPEC §2): an absent field is kept, a null field is reset to its default,
 * {@code custom} and {@code pushTokens} are patched key by key, and an update that changes
 * nothing writes nothing.
 */
public abstract class UserPatchContract extends ContractSupport {

    private String id;

    private User upsert(UserPatch patch) {
        return users.upsertUser(app.id(), id, patch);
    }

    private User stored() {
        return users.findUser(app.id(), id).orElseThrow();
    }

    private User createFull() {
        id = newId("u");
        return upsert(UserPatch.builder().name("Alice").email("alice@example.com", "a@example.org")
                .phone("+1123456789").photoUrl("https://example.com/a.png").welcomeMessage("Hi")
                .role("buyer").locale("en-US").availabilityText("Away").custom("country", "ca")
                .custom("tier", "gold").pushToken("fcm:abc", true).build());
    }

    @Test
    void createStoresEveryFieldAndTheCreationTime() {
        User created = createFull();
        User expected = new User(id, "Alice", List.of("alice@example.com", "a@example.org"), List.of("+1123456789"),
                "https://example.com/a.png", "Hi", "buyer", "en-US",
                new java.util.TreeMap<>(Map.of("country", "ca", "tier", "gold")),
                new java.util.TreeSet<>(Set.of("fcm:abc")), "Away", clock.millis());
        assertEquals(expected, created);
        assertEquals(expected, stored());
    }

    @Test
    void createWithOnlyANameGivesTheDefaults() {
        id = newId("u");
        User user = upsert(UserPatch.builder().name("Bob").build());
        assertEquals(List.of(), user.email());
        assertEquals(List.of(), user.phone());
        assertEquals(User.DEFAULT_ROLE, user.role());
        assertNull(user.locale());
        assertNull(user.photoUrl());
        assertEquals(Map.of(), user.custom());
        assertEquals(Set.of(), user.pushTokens());
    }

    @Test
    void absentFieldsAreKept() {
        User before = createFull();
        User after = upsert(UserPatch.builder().welcomeMessage("Hello").build());
        assertEquals("Hello", after.welcomeMessage());
        assertEquals(before.name(), after.name());
        assertEquals(before.email(), after.email());
        assertEquals(before.custom(), after.custom());
        assertEquals(before.pushTokens(), after.pushTokens());
        assertEquals(after, stored());
    }

    @Test
    void nullResetsEachFieldToItsDefault() {
        createFull();
        User after = upsert(UserPatch.fromJson(nulls("email", "phone", "photoUrl", "welcomeMessage", "role",
                "locale", "availabilityText"), id, false));
        assertEquals(List.of(), after.email());
        assertEquals(List.of(), after.phone());
        assertNull(after.photoUrl());
        assertNull(after.welcomeMessage());
        assertEquals(User.DEFAULT_ROLE, after.role());
        assertNull(after.locale());
        assertNull(after.availabilityText());
        assertEquals("Alice", after.name());
        assertEquals(after, stored());
    }

    @Test
    void customIsMergedKeyByKey() {
        createFull();
        User after = upsert(UserPatch.builder().custom("country", "nl").custom("tier", null)
                .custom("lang", "nl").build());
        assertEquals(Map.of("country", "nl", "lang", "nl"), after.custom());
        assertEquals(after.custom(), stored().custom());
    }

    @Test
    void customNullRemovesAllCustomData() {
        createFull();
        assertEquals(Map.of(), upsert(UserPatch.fromJson(nulls("custom"), id, false)).custom());
        assertEquals(Map.of(), stored().custom());
    }

    @Test
    void pushTokensRegisterUnregisterAndClear() {
        createFull();
        assertEquals(Set.of("fcm:abc", "apns:def"), upsert(UserPatch.builder().pushToken("apns:def", true).build()).pushTokens());
        assertEquals(Set.of("apns:def"), upsert(UserPatch.builder().pushToken("fcm:abc", false).build()).pushTokens());
        assertEquals(Set.of(), upsert(UserPatch.fromJson(nulls("pushTokens"), id, false)).pushTokens());
        assertEquals(Set.of(), stored().pushTokens());
    }

    @Test
    void aSingleEmailStringIsStoredAsAList() {
        id = newId("u");
        User user = upsert(UserPatch.fromJson(Map.of("name", "C", "email", "c@example.com", "phone", "+31"), id, true));
        assertEquals(List.of("c@example.com"), user.email());
        assertEquals(List.of("+31"), stored().phone());
    }

    @Test
    void anUpdateNeverChangesCreatedAt() {
        User created = createFull();
        clock.advance(Duration.ofHours(5));
        assertEquals(created.createdAt(), upsert(UserPatch.builder().name("Alicia").build()).createdAt());
        assertEquals(created.createdAt(), stored().createdAt());
    }

    @Test
    void anExistingUserNeedsNoName() {
        createFull();
        assertEquals("Alice", upsert(UserPatch.builder().role("seller").build()).name());
    }

    @Test
    void anUpdateThatChangesNothingWritesNothing() {
        createFull();
        long head = storage().changes().assigned();
        upsert(UserPatch.builder().name("Alice").custom("country", "ca").role("buyer").build());
        assertEquals(head, storage().changes().assigned(), "no change-log entry for an idle update");
    }

    @RosterSpec(cache = RosterSpec.Cache.ON)
    void anUnchangedUserYieldsTheSameSnapshotInstance() {
        List<UserSnapshot> snapshots = snapshotsAroundIdleChanges();
        assertSame(snapshots.get(0), snapshots.get(1), "a private change keeps the public snapshot");
        assertSame(snapshots.get(0), snapshots.get(2));
    }

    /** Without the cache nothing remembers the last snapshot, so only its value stays. */
    @RosterSpec(cache = RosterSpec.Cache.OFF)
    void withoutTheCacheAnUnchangedUserYieldsAnEqualSnapshot() {
        List<UserSnapshot> snapshots = snapshotsAroundIdleChanges();
        assertEquals(snapshots.get(0), snapshots.get(1), "a private change keeps the public snapshot");
        assertEquals(snapshots.get(0), snapshots.get(2));
    }

    /** The snapshot of a full user, after a private change, and after an update that changes nothing. */
    private List<UserSnapshot> snapshotsAroundIdleChanges() {
        createFull();
        var ref = roster.session(app.id(), id).user(id);
        UserSnapshot first = await(ref.get());
        upsert(UserPatch.builder().email("other@example.com").build());
        UserSnapshot afterPrivate = await(ref.get());
        upsert(UserPatch.builder().name("Alice").build());
        return List.of(first, afterPrivate, await(ref.get()));
    }

    @RosterSpec
    void theSnapshotHoldsThePublicFieldsOnly() {
        User user = createFull();
        UserSnapshot snapshot = await(roster.session(app.id(), id).user(id).get());
        assertEquals(new UserSnapshot(id, "Alice", Map.of("country", "ca", "tier", "gold"), "en-US",
                "https://example.com/a.png", "buyer", "Hi", "Away", user.createdAt()), snapshot);
    }

    private static Map<String, Object> nulls(String... fields) {
        Map<String, Object> json = new java.util.HashMap<>();
        for (String field : fields) {
            json.put(field, null);
        }
        return json;
    }
}
