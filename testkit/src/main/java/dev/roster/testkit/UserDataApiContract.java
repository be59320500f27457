package dev.roster.testkit;

import dev.roster.core.api.Roster;
import dev.roster.core.api.Session;
import dev.roster.core.api.UserRef;
import dev.roster.core.domain.ErrorCode;
import dev.roster.core.domain.RosterException;
import dev.roster.core.domain.UserPatch;
import dev.roster.core.domain.UserSnapshot;
import dev.roster.testkit.RosterSpec.Batching;
import dev.roster.testkit.RosterSpec.Cache;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Data API of a signed-in user (SPEC §3–4): get, set, createIfNotExists, client user sync,
 * automatic batching and a cache that is never stale after a write through Roster. Every test runs
 * with the cache on and off and batching on and off ({@link RosterSpec}), except where it names
 * the options it is about.
 */
public abstract class UserDataApiContract extends ContractSupport {

    private Session session() {
        return roster.session(app.id(), newId("me"));
    }

    @RosterSpec
    void getOfAMissingUserIsNull() {
        assertNull(await(session().user(newId("nobody")).get()));
    }

    @RosterSpec
    void setCreatesThenPatches() {
        UserRef ref = session().user(newId("u"));
        await(ref.set(UserPatch.builder().name("Ann").custom("a", "1").build()));
        await(ref.set(UserPatch.builder().custom("b", "2").build()));
        UserSnapshot snapshot = await(ref.get());
        assertEquals("Ann", snapshot.name());
        assertEquals(java.util.Map.of("a", "1", "b", "2"), snapshot.custom());
    }

    @RosterSpec
    void setWithoutANameOnAMissingUserFails() {
        UserRef ref = session().user(newId("u"));
        RosterException error = assertThrows(RosterException.class,
                () -> await(ref.set(UserPatch.builder().role("x").build())));
        assertEquals(ErrorCode.INVALID_ARGUMENT, error.code());
        assertNull(await(ref.get()));
    }

    @RosterSpec
    void createIfNotExistsCreatesOnceAndOtherwiseDoesNothing() {
        UserRef ref = session().user(newId("u"));
        await(ref.createIfNotExists(UserPatch.builder().name("First").build()));
        long head = storage().changes().assigned();
        await(ref.createIfNotExists(UserPatch.builder().name("Second").build()));
        assertEquals("First", await(ref.get()).name());
        assertEquals(head, storage().changes().assigned());
    }

    @RosterSpec
    void theCacheIsNeverStaleAfterAWriteThroughRoster() {
        UserRef ref = session().user(newId("u"));
        await(ref.set(UserPatch.builder().name("v1").build()));
        assertEquals("v1", await(ref.get()).name());
        roster.upsertUser(app.id(), ref.id(), UserPatch.builder().name("v2").build());
        assertEquals("v2", await(ref.get()).name());
        await(ref.set(UserPatch.builder().name("v3").build()));
        assertEquals("v3", await(ref.get()).name());
    }

    @RosterSpec
    void withClientUserSyncOffTheBrowserCannotCreateOrUpdate() {
        roster.saveApp(app.withSettings(app.settings().withClientUserSync(false)));
        String existing = newId("u");
        roster.upsertUser(app.id(), existing, UserPatch.builder().name("Kept").build());
        Session session = session();
        long head = storage().changes().assigned();

        RosterException setError = assertThrows(RosterException.class,
                () -> await(session.user(existing).set(UserPatch.builder().name("Changed").build())));
        RosterException createError = assertThrows(RosterException.class,
                () -> await(session.user(newId("new")).createIfNotExists(UserPatch.builder().name("New").build())));
        await(session.user(existing).createIfNotExists(UserPatch.builder().name("Ignored").build()));

        assertEquals(ErrorCode.FORBIDDEN, setError.code());
        assertEquals(ErrorCode.FORBIDDEN, createError.code());
        assertEquals(head, storage().changes().assigned(), "nothing written");
        assertEquals("Kept", await(session.user(existing).get()).name());
        roster.upsertUser(app.id(), existing, UserPatch.builder().name("Trusted").build());
        assertEquals("Trusted", await(session.user(existing).get()).name(), "trusted calls are never affected");
    }

    @RosterSpec(cache = Cache.ON, batching = Batching.ON)
    void concurrentGetsAreBatchedIntoFewStoreReads() {
        int loads = loadsOfAThousandConcurrentGets();
        assertTrue(loads <= 10, "1000 gets of 100 users took " + loads + " store reads");
    }

    /**
     * A get of an app nothing else is reading is answered by one store read on the caller's
     * thread: its future is complete when {@code get()} returns, with no executor involved.
     */
    @RosterSpec(batching = Batching.ON)
    void aLoneGetReadsTheStoreOnceOnTheCallersThread() {
        String id = newId("u");
        roster.upsertUser(app.id(), id, UserPatch.builder().name("Lone").build());
        CountingStorage counting = new CountingStorage(storage());
        try (Roster counted = builder().storage(counting).build()) {
            CompletableFuture<UserSnapshot> get = counted.session(app.id(), id).user(id).get();
            assertTrue(get.isDone(), "answered before get() returned");
            assertEquals("Lone", await(get).name());
            assertEquals(1, counting.userLoads());
        }
    }

    /**
     * Without the cache the ids come back after each read, so how many reads the batches take
     * depends on how fast the store answers; they still share reads.
     */
    @RosterSpec(cache = Cache.OFF, batching = Batching.ON)
    void withoutTheCacheConcurrentGetsStillShareStoreReads() {
        int loads = loadsOfAThousandConcurrentGets();
        assertTrue(loads <= 100, "1000 gets of 100 users took " + loads + " store reads");
    }

    /** The store reads of 1000 gets of 100 users, made at once through a Roster of this run's options. */
    private int loadsOfAThousandConcurrentGets() {
        List<String> ids = newUsers(100);
        CountingStorage counting = new CountingStorage(storage());
        try (Roster counted = builder().storage(counting).build()) {
            Session session = counted.session(app.id(), ids.get(0));
            List<CompletableFuture<UserSnapshot>> gets = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                gets.add(session.user(ids.get(i % 100)).get());
            }
            for (int i = 0; i < 1000; i++) {
                assertEquals(ids.get(i % 100), await(gets.get(i)).name());
            }
            return counting.userLoads();
        }
    }

    @RosterSpec(batching = Batching.OFF)
    void withoutBatchingEveryConcurrentGetOfAnUncachedUserReadsTheStore() {
        List<String> ids = newUsers(20);
        CountingStorage counting = new CountingStorage(storage());
        try (Roster counted = builder().storage(counting).build()) {
            Session session = counted.session(app.id(), ids.get(0));
            List<CompletableFuture<UserSnapshot>> gets = ids.stream().map(id -> session.user(id).get()).toList();
            gets.forEach(ContractSupport::await);
            assertEquals(ids.size(), counting.userLoads());
        }
    }

    @RosterSpec(cache = Cache.OFF)
    void withoutTheCacheEveryGetReadsTheStore() {
        assertEquals(5, loadsOfFiveGets());
    }

    @RosterSpec(cache = Cache.ON)
    void withTheCacheOnlyTheFirstGetReadsTheStore() {
        assertEquals(1, loadsOfFiveGets());
    }

    /** {@code count} new users, each named by its id. */
    private List<String> newUsers(int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(newId("u"));
        }
        roster.upsertUsers(app.id(), ids.stream().collect(Collectors.toMap(id -> id,
                id -> UserPatch.builder().name(id).build())));
        return ids;
    }

    /** The store reads of five gets of one user, one after the other, through a Roster of this run's options. */
    private int loadsOfFiveGets() {
        String id = newId("u");
        roster.upsertUser(app.id(), id, UserPatch.builder().name("A").build());
        CountingStorage counting = new CountingStorage(storage());
        try (Roster counted = builder().storage(counting).build()) {
            UserRef ref = counted.session(app.id(), id).user(id);
            for (int i = 0; i < 5; i++) {
                assertEquals("A", await(ref.get()).name());
            }
            return counting.userLoads();
        }
    }

    @RosterSpec
    void changedPublicFieldsGiveANewSnapshotInstance() {
        UserRef ref = session().user(newId("u"));
        await(ref.set(UserPatch.builder().name("A").build()));
        UserSnapshot before = await(ref.get());
        await(ref.set(UserPatch.builder().photoUrl("https://example.com/p.png").build()));
        UserSnapshot after = await(ref.get());
        assertNotSame(before, after);
        assertEquals("https://example.com/p.png", after.photoUrl());
    }
}
