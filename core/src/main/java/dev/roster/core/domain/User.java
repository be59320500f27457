package dev.roster.core.domain;

import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A user of one app, with every field, private ones included. Immutable. The update rule lives
 * here and only here: {@link #apply(UserPatch)}.
 *
 * @param id               unique and permanent inside the app (see {@link #idProblems(String)})
 * @param name             the display name
 * @param email            email addresses, empty for none (never null)
 * @param phone            phone numbers, empty for none (never null)
 * @param photoUrl         the avatar URL, or null
 * @param welcomeMessage   the welcome message, or null
 * @param role             the role name; {@value #DEFAULT_ROLE} unless set
 * @param locale           an IETF language tag, or null for the app's default
 * @param custom           custom data, sorted by key
 * @param pushTokens       registered push tokens ({@code fcm:…} or {@code apns:…}), sorted
 * @param availabilityText the availability text, or null
 * @param createdAt        when the user was created, Unix milliseconds; never changed by an update
 * @param deactivatedAt    when the user was deactivated (SPEC §10), Unix milliseconds, or null while
 *                         active; never changed by an update
 * @param tokensRevokedBefore the user's browser tokens issued before this time (Unix milliseconds) are
 *                         refused, or null when none was revoked; never changed by an update
 */
public record User(String id, String name, List<String> email, List<String> phone, String photoUrl,
                   String welcomeMessage, String role, String locale, SortedMap<String, String> custom,
                   SortedSet<String> pushTokens, String availabilityText, long createdAt, Long deactivatedAt,
                   Long tokensRevokedBefore) {

    /** The role a user has unless set otherwise. */
    public static final String DEFAULT_ROLE = "default";

    /** The longest user id accepted, in UTF-16 code units. */
    public static final int MAX_ID_LENGTH = 255;

    /**
     * Copies the lists, custom data and push tokens.
     *
     * @param id               the user id
     * @param name             the display name
     * @param email            email addresses, empty for none
     * @param phone            phone numbers, empty for none
     * @param photoUrl         the avatar URL, or null
     * @param welcomeMessage   the welcome message, or null
     * @param role             the role name
     * @param locale           an IETF language tag, or null for the app's default
     * @param custom           custom data
     * @param pushTokens       registered push tokens
     * @param availabilityText the availability text, or null
     * @param createdAt        when the user was created, Unix milliseconds
     * @param deactivatedAt    when the user was deactivated, or null while active
     * @param tokensRevokedBefore the time before which the user's tokens are refused, or null
     * @throws NullPointerException if a required field is null
     */
    public User {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        email = List.copyOf(email);
        phone = List.copyOf(phone);
        custom = Collections.unmodifiableSortedMap(new TreeMap<>(custom));
        pushTokens = Collections.unmodifiableSortedSet(new TreeSet<>(pushTokens));
    }

    /**
     * An active user whose tokens were never revoked.
     *
     * @param id               the user id
     * @param name             the display name
     * @param email            email addresses, empty for none
     * @param phone            phone numbers, empty for none
     * @param photoUrl         the avatar URL, or null
     * @param welcomeMessage   the welcome message, or null
     * @param role             the role name
     * @param locale           an IETF language tag, or null for the app's default
     * @param custom           custom data
     * @param pushTokens       registered push tokens
     * @param availabilityText the availability text, or null
     * @param createdAt        when the user was created, Unix milliseconds
     * @throws NullPointerException if a required field is null
     */
    public User(String id, String name, List<String> email, List<String> phone, String photoUrl,
                String welcomeMessage, String role, String locale, SortedMap<String, String> custom,
                SortedSet<String> pushTokens, String availabilityText, long createdAt) {
        this(id, name, email, phone, photoUrl, welcomeMessage, role, locale, custom, pushTokens, availabilityText,
                createdAt, null, null);
    }

    /**
     * Creates a user from a patch.
     *
     * @param id        the new user's id
     * @param patch     the fields to set; must set the name
     * @param createdAt the creation time, Unix milliseconds
     * @return the new user
     * @throws RosterException {@link ErrorCode#INVALID_ARGUMENT} if the patch has no name
     */
    public static User create(String id, UserPatch patch, long createdAt) {
        if (!(patch.name() instanceof FieldPatch.SetTo)) {
            throw RosterException.invalid("User " + id + " does not exist and the update has no name",
                    Violations.of(Violations.WHOLE, UserPatch.NAME_REQUIRED));
        }
        User blank = new User(id, "", List.of(), List.of(), null, null, DEFAULT_ROLE, null,
                new TreeMap<>(), new TreeSet<>(), null, createdAt);
        return blank.apply(patch);
    }

    /**
     * This user after {@code patch}: absent fields are kept, null fields reset to their default,
     * {@code custom} and {@code pushTokens} are patched key by key.
     *
     * @param patch the change
     * @return the user after it, {@code this} when nothing changes
     */
    public User apply(UserPatch patch) {
        User next = new User(id,
                patch.name().applyTo(name, name),
                patch.email().applyTo(email, List.of()),
                patch.phone().applyTo(phone, List.of()),
                patch.photoUrl().applyTo(photoUrl, null),
                patch.welcomeMessage().applyTo(welcomeMessage, null),
                patch.role().applyTo(role, DEFAULT_ROLE),
                patch.locale().applyTo(locale, null),
                patch.custom().map(p -> p.applyTo(custom)).applyTo(custom, new TreeMap<>()),
                patch.pushTokens().map(p -> p.applyToKeys(pushTokens)).applyTo(pushTokens, new TreeSet<>()),
                patch.availabilityText().applyTo(availabilityText, null),
                createdAt, deactivatedAt, tokensRevokedBefore);
        return next.equals(this) ? this : next;
    }

    /** {@return whether the user is deactivated: their browser credentials are refused} */
    public boolean deactivated() {
        return deactivatedAt != null;
    }

    /**
     * This user deactivated at {@code at}; a user deactivated already keeps the first time.
     *
     * @param at the time of the deactivation, Unix milliseconds
     * @return the deactivated user, {@code this} when already deactivated
     */
    public User deactivate(long at) {
        return deactivated() ? this : withLifecycle(at, tokensRevokedBefore);
    }

    /** {@return this user active again, {@code this} when not deactivated} */
    public User reactivate() {
        return deactivated() ? withLifecycle(null, tokensRevokedBefore) : this;
    }

    /**
     * This user with their browser tokens issued before {@code before} refused. A revocation is
     * never undone: an earlier time than the one stored changes nothing.
     *
     * @param before the time before which tokens are refused, Unix milliseconds
     * @return the user after it, {@code this} when nothing changes
     */
    public User revokeTokens(long before) {
        return tokensRevokedBefore != null && tokensRevokedBefore >= before ? this : withLifecycle(deactivatedAt, before);
    }

    private User withLifecycle(Long newDeactivatedAt, Long newTokensRevokedBefore) {
        return new User(id, name, email, phone, photoUrl, welcomeMessage, role, locale, custom, pushTokens,
                availabilityText, createdAt, newDeactivatedAt, newTokensRevokedBefore);
    }

    /** {@return the public view of this user} */
    public UserSnapshot snapshot() {
        return new UserSnapshot(id, name, custom, locale, photoUrl, role, welcomeMessage,
                availabilityText, createdAt);
    }

    /**
     * What is wrong with a user id: ids are non-empty, at most {@value #MAX_ID_LENGTH} UTF-16
     * code units, without control characters, and used verbatim (no trimming, no case folding).
     *
     * @param id a user id, may be null
     * @return the problems, empty when the id is fine
     */
    public static List<String> idProblems(String id) {
        if (id == null || id.isEmpty()) {
            return List.of("The user id may not be empty.");
        }
        if (id.length() > MAX_ID_LENGTH) {
            return List.of("The user id may be at most " + MAX_ID_LENGTH + " characters long.");
        }
        if (id.chars().anyMatch(Character::isISOControl)) {
            return List.of("The user id may not contain control characters.");
        }
        return List.of();
    }

    /**
     * Checks a user id given as {@code field}.
     *
     * @param id    the id to check, may be null
     * @param field the name of the field or parameter that holds it, for the error
     * @throws RosterException {@link ErrorCode#INVALID_ARGUMENT} naming {@code field} when it is not a valid id
     */
    public static void requireId(String id, String field) {
        Violations.Builder problems = new Violations.Builder();
        idProblems(id).forEach(p -> problems.add(field, p));
        problems.build().throwIfAny("The user id");
    }

    /**
     * Whether {@code token} names a known push provider: {@code fcm:<id>} or {@code apns:<id>}.
     *
     * @param token a push token key
     * @return true when the provider is known and the id after it is not empty
     */
    public static boolean isPushTokenKey(String token) {
        return Set.of("fcm", "apns").stream()
                .anyMatch(provider -> token.startsWith(provider + ":") && token.length() > provider.length() + 1);
    }
}
