package dev.roster.core.api;

import dev.roster.core.domain.User;
import dev.roster.core.domain.UserPatch;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The trusted user operations: what {@link Roster} offers in process and what the REST API offers
 * over the wire, with the same rules. Private fields included; client sync settings ignored.
 */
public interface UserDirectory {

    /**
     * Creates or updates one user with the patch rule; a new user needs a name.
     *
     * @param appId  the app
     * @param userId the user
     * @param patch  the update
     * @return the user after the update
     * @throws dev.roster.core.domain.RosterException {@code NOT_FOUND} for an unknown app,
     *         {@code INVALID_ARGUMENT} for a bad id or a new user without a name
     */
    User upsertUser(String appId, String userId, UserPatch patch);

    /**
     * Creates or updates up to {@value Roster#MAX_BATCH} users, all or nothing; every patch needs a name.
     *
     * @param appId   the app
     * @param patches the updates keyed by user id
     * @throws dev.roster.core.domain.RosterException {@code INVALID_ARGUMENT} naming each invalid user
     */
    void upsertUsers(String appId, Map<String, UserPatch> patches);

    /**
     * The user with private fields, if it exists.
     *
     * @param appId  the app
     * @param userId the user
     * @return the user, or empty
     */
    Optional<User> findUser(String appId, String userId);

    /**
     * Users in id order (by code point), starting right after {@code startingAfter} (null: from
     * the first), at most {@code limit} (1 to {@value Roster#MAX_LIMIT}).
     *
     * @param appId         the app
     * @param startingAfter the last user id of the previous page, or null
     * @param limit         the page size
     * @return the users, in id order
     */
    List<User> listUsers(String appId, String startingAfter, int limit);

    /**
     * Deactivates the user (SPEC §10): their browser credentials are refused, their streams end and
     * they cannot be added to a conversation; data, history and trusted access stay. Idempotent.
     *
     * @param appId  the app
     * @param userId the user
     * @return the user after it, with {@link User#deactivatedAt()} set
     * @throws dev.roster.core.domain.RosterException {@code NOT_FOUND} for an unknown app or user
     */
    User deactivateUser(String appId, String userId);

    /**
     * Makes a deactivated user active again. Idempotent.
     *
     * @param appId  the app
     * @param userId the user
     * @return the user after it, with {@link User#deactivatedAt()} null
     * @throws dev.roster.core.domain.RosterException {@code NOT_FOUND} for an unknown app or user
     */
    User reactivateUser(String appId, String userId);

    /**
     * Refuses the user's browser tokens issued before {@code before}, and those without {@code iat},
     * from now on (SPEC §10). A revocation is never undone.
     *
     * @param appId  the app
     * @param userId the user
     * @param before the time before which tokens are refused, Unix milliseconds, or null for now
     * @return the user after it, with {@link User#tokensRevokedBefore()} set
     * @throws dev.roster.core.domain.RosterException {@code NOT_FOUND} for an unknown app or user,
     *         {@code INVALID_ARGUMENT} naming {@code before} when it is in the future
     */
    User revokeUserTokens(String appId, String userId, Long before);
}
