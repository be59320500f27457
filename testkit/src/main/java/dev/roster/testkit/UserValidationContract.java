package dev.roster.testkit;

import dev.roster.core.domain.ErrorCode;
import dev.roster.core.domain.RosterException;
import dev.roster.core.domain.User;
import dev.roster.core.domain.UserPatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Validation (SPEC §2): every bad input gets an error naming each bad field and what is wrong
 * with it, and nothing is written.
 */
public abstract class UserValidationContract extends ContractSupport {

    static Stream<Object[]> badFields() {
        return Stream.of(
                new Object[] {"name", 42, "name", "Expected a string, got a number."},
                new Object[] {"name", null, "name", "Expected a string, got null."},
                new Object[] {"email", 7, "email", "Expected a string, an array of strings or null, got a number."},
                new Object[] {"email", List.of("a@x", true), "email[1]", "Expected a string, got a boolean."},
                new Object[] {"phone", Map.of(), "phone", "Expected a string, an array of strings or null, got an object."},
                new Object[] {"photoUrl", false, "photoUrl", "Expected a string or null, got a boolean."},
                new Object[] {"role", "", "role", "The role may not be empty; send null for the default role."},
                new Object[] {"locale", "en_US!", "locale", "\"en_US!\" is not a well-formed IETF language tag."},
                new Object[] {"custom", "x", "custom", "Expected an object or null, got a string."},
                new Object[] {"custom", Map.of("age", 3), "custom.age", "Expected a string or null, got a number."},
                new Object[] {"pushTokens", Map.of("gcm:1", true), "pushTokens.gcm:1",
                        "A push token key must be fcm:<token id> or apns:<token id>."},
                new Object[] {"pushTokens", Map.of("fcm:1", false), "pushTokens.fcm:1", "Expected true or null, got false."},
                new Object[] {"pushTokens", List.of(), "pushTokens", "Expected an object or null, got an array."},
                new Object[] {"name", "A\u0000B", "name", "The text may not contain the NUL character (U+0000)."},
                new Object[] {"custom", Map.of("k", "v\u0000"), "custom.k",
                        "The text may not contain the NUL character (U+0000)."},
                new Object[] {"nickname", "Al", "nickname", "Unknown property nickname; expected one of availabilityText, "
                        + "custom, email, id, locale, name, phone, photoUrl, pushTokens, role, welcomeMessage."});
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("badFields")
    void aBadFieldIsNamedAndNothingIsWritten(String field, Object value, String errorKey, String message) {
        String id = newId("u");
        users.upsertUser(app.id(), id, UserPatch.builder().name("Before").build());
        Map<String, Object> json = new HashMap<>();
        json.put("name", "After");
        json.put(field, value);
        long head = storage().changes().assigned();

        RosterException error = assertThrows(RosterException.class, () -> users.upsertUser(app.id(), id,
                UserPatch.fromJson(json, id, false)));

        assertEquals(ErrorCode.INVALID_ARGUMENT, error.code());
        assertEquals(Map.of(errorKey, List.of(message)), error.violations().byField());
        assertEquals("Before", users.findUser(app.id(), id).orElseThrow().name());
        assertEquals(head, storage().changes().assigned());
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        Map<String, Object> json = new HashMap<>();
        json.put("locale", "??");
        json.put("custom", Map.of("k", 1));
        json.put("extra", true);
        RosterException error = assertThrows(RosterException.class, () -> UserPatch.fromJson(json, "u", true));
        assertEquals(List.of("#", "custom.k", "extra", "locale"),
                error.violations().byField().keySet().stream().sorted().toList());
        assertEquals(List.of("Required property name was not present."), error.violations().byField().get("#"));
    }

    @Test
    void creatingWithoutANameFailsAndWritesNothing() {
        String id = newId("u");
        RosterException error = assertThrows(RosterException.class,
                () -> users.upsertUser(app.id(), id, UserPatch.builder().role("x").build()));
        assertEquals(Map.of("#", List.of("Required property name was not present.")), error.violations().byField());
        assertTrue(users.findUser(app.id(), id).isEmpty());
    }

    @Test
    void aMismatchedIdInTheBodyIsRejected() {
        RosterException error = assertThrows(RosterException.class,
                () -> UserPatch.fromJson(Map.of("id", "bob", "name", "Alice"), "alice", false));
        assertEquals(List.of("id"), List.copyOf(error.violations().byField().keySet()));
        assertEquals("A", UserPatch.fromJson(Map.of("id", "alice", "name", "A"), "alice", false).name()
                .applyTo(null, null), "a matching id is accepted");
    }

    static Stream<String> badIds() {
        return Stream.of("", "x".repeat(User.MAX_ID_LENGTH + 1), "tab\tid", "nul\u0000id");
    }

    /**
     * An id the model refuses makes {@code upsertUser} fail with {@code INVALID_ARGUMENT} naming {@code id}.
     *
     * @param id a bad id
     */
    @ParameterizedTest
    @MethodSource("badIds")
    protected void badUserIdsAreRejected(String id) {
        RosterException error = assertThrows(RosterException.class,
                () -> users.upsertUser(app.id(), id, UserPatch.builder().name("A").build()));
        assertEquals(ErrorCode.INVALID_ARGUMENT, error.code());
        assertEquals(List.of("id"), List.copyOf(error.violations().byField().keySet()));
    }

    @Test
    void idsAreUsedVerbatim() {
        String base = newId("u");
        users.upsertUser(app.id(), " " + base, UserPatch.builder().name("spaced").build());
        users.upsertUser(app.id(), base.toUpperCase(), UserPatch.builder().name("upper").build());
        String longest = "é".repeat(User.MAX_ID_LENGTH);
        users.upsertUser(app.id(), longest, UserPatch.builder().name("long").build());
        assertTrue(users.findUser(app.id(), base).isEmpty());
        assertEquals("spaced", users.findUser(app.id(), " " + base).orElseThrow().name());
        assertEquals("upper", users.findUser(app.id(), base.toUpperCase()).orElseThrow().name());
        assertEquals("long", users.findUser(app.id(), longest).orElseThrow().name());
    }

    /** A write to an app that does not exist is {@code NOT_FOUND}. */
    @Test
    protected void anUnknownAppIsNotFound() {
        RosterException error = assertThrows(RosterException.class,
                () -> users.upsertUser(newId("missing-app"), "u", UserPatch.builder().name("A").build()));
        assertEquals(ErrorCode.NOT_FOUND, error.code());
    }
}
