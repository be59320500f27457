package dev.roster.testkit;

import dev.roster.core.api.Roster;
import dev.roster.core.domain.ConversationPatch;
import dev.roster.core.domain.Credential;
import dev.roster.core.domain.ErrorCode;
import dev.roster.core.domain.RosterException;
import dev.roster.core.domain.User;
import dev.roster.core.domain.UserFilter;
import dev.roster.core.domain.UserOrder;
import dev.roster.core.domain.UserPatch;
import dev.roster.core.domain.UserQuery;
import dev.roster.core.spi.Change;
import dev.roster.core.spi.ChangeKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The user lifecycle (SPEC §10) apart from last activity: deactivation and reactivation, token
 * revocation per user and per app, the legacy-signature setting, and what each refuses
 * ({@link Roster#checkSignIn}, joining conversations), in this process and in another Roster over
 * the same store within 2 s.
 */
public abstract class UserLifecycleContract extends ContractSupport {

    /** How soon another Roster over the same store must honour a deactivation or a revocation. */
    private static final Duration PROPAGATION = Duration.ofSeconds(2);

    private String newUser() {
        String id = newId("user");
        users.upsertUser(app.id(), id, UserPatch.builder().name("Ann").email("ann@example.com").custom("k", "v").build());
        return id;
    }

    private static Credential tokenIssuedAt(long millis) {
        return new Credential.Token(millis);
    }

    @Test
    void deactivationKeepsEveryFieldAndRecordsTheTime() {
        String id = newUser();
        User before = users.findUser(app.id(), id).orElseThrow();
        clock.advance(Duration.ofSeconds(5));

        users.deactivateUser(app.id(), id);

        User after = users.findUser(app.id(), id).orElseThrow();
        assertTrue(after.deactivated());
        assertEquals(clock.millis(), after.deactivatedAt());
        assertEquals(before, after.reactivate(), "nothing but the deactivation changed");
    }

    @Test
    void deactivatingTwiceKeepsTheFirstTime() {
        String id = newUser();
        users.deactivateUser(app.id(), id);
        long first = users.findUser(app.id(), id).orElseThrow().deactivatedAt();
        long version = storage().users().load(app.id(), List.of(id)).get(id).version();
        clock.advance(Duration.ofMinutes(1));

        users.deactivateUser(app.id(), id);

        assertEquals(first, users.findUser(app.id(), id).orElseThrow().deactivatedAt());
        assertEquals(version, storage().users().load(app.id(), List.of(id)).get(id).version(), "nothing written");
    }

    @Test
    void reactivationClearsTheDeactivationAndIsIdempotent() {
        String id = newUser();
        users.deactivateUser(app.id(), id);

        users.reactivateUser(app.id(), id);
        users.reactivateUser(app.id(), id);

        User user = users.findUser(app.id(), id).orElseThrow();
        assertFalse(user.deactivated());
        assertNull(user.deactivatedAt());
    }

    @Test
    void deactivationIsAUserWriteWithItsChangeLogEntry() {
        String id = newUser();
        long version = storage().users().load(app.id(), List.of(id)).get(id).version();
        long head = storage().changes().assigned();

        roster.deactivateUser(app.id(), id);

        assertEquals(version + 1, storage().users().load(app.id(), List.of(id)).get(id).version());
        List<Change> changes = storage().changes().readAfter(head, 100);
        assertTrue(changes.stream().anyMatch(c -> c.kind() == ChangeKind.USER && c.appId().equals(app.id())
                && c.entityId().equals(id) && c.version() == version + 1), "a USER entry at the new version");
    }

    @Test
    void unknownUsersAreNotFoundAndNothingIsWritten() {
        String id = newId("nobody");
        long head = storage().changes().assigned();

        for (Executable call : List.<Executable>of(() -> users.deactivateUser(app.id(), id),
                () -> users.reactivateUser(app.id(), id), () -> users.revokeUserTokens(app.id(), id, null))) {
            assertEquals(ErrorCode.NOT_FOUND, assertThrows(RosterException.class, call).code());
        }
        assertTrue(users.findUser(app.id(), id).isEmpty());
        assertEquals(head, storage().changes().assigned());
    }

    @Test
    void trustedUpdatesOfADeactivatedUserWorkAndKeepItDeactivated() {
        String id = newUser();
        users.deactivateUser(app.id(), id);

        users.upsertUser(app.id(), id, UserPatch.builder().name("Ann B").build());

        User user = users.findUser(app.id(), id).orElseThrow();
        assertEquals("Ann B", user.name());
        assertTrue(user.deactivated());
    }

    @Test
    void listingsLeaveDeactivatedUsersOutUnlessTheFilterNamesThem() {
        String active = newUser();
        String gone = newUser();
        roster.deactivateUser(app.id(), gone);

        List<String> listed = ids(roster.listUsers(app.id(), UserQuery.of(UserOrder.ID, 100)));
        List<String> deactivated = ids(roster.listUsers(app.id(), UserQuery.of(UserOrder.ID, 100)
                .withFilter(new UserFilter.DeactivatedIs(true))));
        List<String> activeOnly = ids(roster.listUsers(app.id(), UserQuery.of(UserOrder.CREATED_AT, 100)
                .withFilter(new UserFilter.DeactivatedIs(false))));

        assertEquals(List.of(active), listed);
        assertEquals(List.of(gone), deactivated);
        assertEquals(List.of(active), activeOnly);
    }

    private static List<String> ids(List<User> page) {
        return page.stream().map(User::id).toList();
    }

    @Test
    void aDeactivatedUserIsRefusedWhateverTheCredential() {
        String id = newUser();
        assertDoesNotThrow(() -> roster.checkSignIn(app.id(), id, new Credential.LegacySignature()));

        roster.deactivateUser(app.id(), id);

        for (Credential credential : List.of(new Credential.LegacySignature(), tokenIssuedAt(clock.millis()),
                new Credential.Token(null))) {
            assertEquals(ErrorCode.USER_DEACTIVATED, assertThrows(RosterException.class,
                    () -> roster.checkSignIn(app.id(), id, credential)).code());
        }
        roster.reactivateUser(app.id(), id);
        assertDoesNotThrow(() -> roster.checkSignIn(app.id(), id, tokenIssuedAt(clock.millis())));
    }

    @Test
    void revokingAUsersTokensRefusesOlderTokensAndTokensWithoutIat() {
        String id = newUser();
        String other = newUser();
        long issued = clock.millis();
        clock.advance(Duration.ofSeconds(10));

        users.revokeUserTokens(app.id(), id, null);

        assertEquals(clock.millis(), users.findUser(app.id(), id).orElseThrow().tokensRevokedBefore());
        for (Credential credential : List.of(tokenIssuedAt(issued), new Credential.Token(null))) {
            assertEquals(ErrorCode.TOKEN_REVOKED, assertThrows(RosterException.class,
                    () -> roster.checkSignIn(app.id(), id, credential)).code());
        }
        assertDoesNotThrow(() -> roster.checkSignIn(app.id(), id, tokenIssuedAt(clock.millis())), "a new token");
        assertDoesNotThrow(() -> roster.checkSignIn(app.id(), id, new Credential.LegacySignature()),
                "the legacy signature cannot be revoked one by one");
        assertDoesNotThrow(() -> roster.checkSignIn(app.id(), other, tokenIssuedAt(issued)), "another user");
    }

    @Test
    void aRevocationIsNeverUndoneByAnEarlierTime() {
        String id = newUser();
        long now = clock.millis();
        users.revokeUserTokens(app.id(), id, now);

        users.revokeUserTokens(app.id(), id, now - 60_000);

        assertEquals(now, users.findUser(app.id(), id).orElseThrow().tokensRevokedBefore());
    }

    @Test
    void aRevocationInTheFutureIsInvalidAndNothingIsWritten() {
        String id = newUser();
        long head = storage().changes().assigned();

        RosterException e = assertThrows(RosterException.class,
                () -> users.revokeUserTokens(app.id(), id, clock.millis() + 1));
        RosterException appWide = assertThrows(RosterException.class,
                () -> roster.revokeTokens(app.id(), clock.millis() + 1));

        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        assertTrue(e.violations().byField().containsKey("before"), e.violations().toString());
        assertTrue(appWide.violations().byField().containsKey("before"), appWide.violations().toString());
        assertNull(users.findUser(app.id(), id).orElseThrow().tokensRevokedBefore());
        assertEquals(head, storage().changes().assigned());
        assertTrue(storage().apps().tokensRevokedBefore(app.id()).isEmpty());
    }

    @Test
    void revokingTheAppsTokensRefusesOlderTokensOfEveryUser() {
        String id = newUser();
        String notYetCreated = newId("later");
        long issued = clock.millis();
        clock.advance(Duration.ofSeconds(10));

        roster.revokeTokens(app.id(), null);

        for (String user : List.of(id, notYetCreated)) {
            assertEquals(ErrorCode.TOKEN_REVOKED, assertThrows(RosterException.class,
                    () -> roster.checkSignIn(app.id(), user, tokenIssuedAt(issued))).code());
            assertDoesNotThrow(() -> roster.checkSignIn(app.id(), user, tokenIssuedAt(clock.millis())));
        }
        assertEquals(clock.millis(), storage().apps().tokensRevokedBefore(app.id()).orElseThrow());
    }

    @Test
    void anAppThatRefusesLegacySignaturesAcceptsOnlyTokens() {
        String id = newUser();
        roster.saveApp(app.withSettings(app.settings().withLegacySignatures(false)));

        assertEquals(ErrorCode.UNAUTHENTICATED, assertThrows(RosterException.class,
                () -> roster.checkSignIn(app.id(), id, new Credential.LegacySignature())).code());
        assertDoesNotThrow(() -> roster.checkSignIn(app.id(), id, new Credential.Token(null)));
    }

    @Test
    void savingTheAppKeepsItsRevocation() {
        roster.revokeTokens(app.id(), clock.millis());

        roster.saveApp(app.withSettings(app.settings().withDefaultLocale("fr")));

        assertEquals(clock.millis(), storage().apps().tokensRevokedBefore(app.id()).orElseThrow());
    }

    @Test
    void aDeactivatedUserCannotJoinAConversationButKeepsTheirOwn() {
        String id = newUser();
        String friend = newUser();
        String kept = newId("conv");
        roster.conversations().upsert(app.id(), kept, ConversationPatch.none().withParticipants(id, friend));
        roster.deactivateUser(app.id(), id);

        RosterException upsert = assertThrows(RosterException.class, () -> roster.conversations()
                .upsert(app.id(), newId("conv"), ConversationPatch.none().withParticipants(friend, id)));
        String open = newId("conv");
        roster.conversations().upsert(app.id(), open, ConversationPatch.none().withParticipants(friend));
        RosterException put = assertThrows(RosterException.class, () -> roster.conversations()
                .putParticipant(app.id(), open, id, null, null));

        assertEquals(ErrorCode.INVALID_ARGUMENT, upsert.code());
        assertTrue(upsert.violations().byField().get("participants").get(0).contains(id), upsert.getMessage());
        assertEquals(ErrorCode.INVALID_ARGUMENT, put.code());
        assertTrue(put.violations().byField().get("userId").get(0).contains(id), put.getMessage());
        assertFalse(roster.conversations().find(app.id(), open).orElseThrow().participants().containsKey(id));
        assertDoesNotThrow(() -> roster.conversations().upsert(app.id(), kept,
                ConversationPatch.none().withParticipants(id, friend).withSubject("still here")));
        assertTrue(roster.conversations().find(app.id(), kept).orElseThrow().participants().containsKey(id));
    }

    @Test
    void anotherRosterOverTheStoreHonoursADeactivationAndARevocationWithinTwoSeconds() {
        String id = newUser();
        String other = newUser();
        try (Roster there = builder().build()) {
            there.checkSignIn(app.id(), id, tokenIssuedAt(clock.millis()));
            there.checkSignIn(app.id(), other, tokenIssuedAt(clock.millis()));
            long issued = clock.millis();
            clock.advance(Duration.ofSeconds(1));

            roster.deactivateUser(app.id(), id);
            roster.revokeTokens(app.id(), null);

            within(PROPAGATION, () -> assertEquals(ErrorCode.USER_DEACTIVATED, assertThrows(RosterException.class,
                    () -> there.checkSignIn(app.id(), id, new Credential.LegacySignature())).code()));
            within(PROPAGATION, () -> assertEquals(ErrorCode.TOKEN_REVOKED, assertThrows(RosterException.class,
                    () -> there.checkSignIn(app.id(), other, tokenIssuedAt(issued))).code()));
        }
    }

    /** Runs {@code assertion} until it passes, failing with its last error once {@code limit} is over. */
    private static void within(Duration limit, Runnable assertion) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            try {
                assertion.run();
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
            }
        }
    }
}
