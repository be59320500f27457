package dev.roster.core.spi;

import dev.roster.core.domain.User;
import dev.roster.core.domain.UserLifecycle;
import dev.roster.core.domain.UserQuery;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Stores the users of every app. Knows no rule: it loads, compares versions and writes. Every
 * method is scoped by app id; nothing crosses apps.
 */
public interface UserStore {

    /**
     * Loads users by id, in one round trip. Ids that do not exist are missing from the result.
     *
     * @param appId   the app
     * @param userIds the users to load
     * @return the versioned users keyed by id
     */
    Map<String, Versioned<User>> load(String appId, Collection<String> userIds);

    /**
     * Writes users atomically, all or nothing, each as a compare-and-set on its version, and
     * appends one {@link Change} per written user to the change log in the same atomic write.
     *
     * @param appId  the app
     * @param writes the users to write, each with the version it expects
     * @return true when all were written; false, with nothing written, if any stored version differs from the expected one
     *         (or a user expected to be new already exists)
     */
    boolean write(String appId, List<UserWrite> writes);

    /**
     * Creates users that must all be new, or else loads them: when none of the users of
     * {@code creates} exists, writes them as {@link #write} does (each expects version 0); when
     * any exists, writes nothing and answers the stored ones, as {@link #load} does. For a writer
     * that does not know whether its users exist: a new user costs no load before its write,
     * where the engine does both in one round trip. The default loads, then writes.
     *
     * @param appId   the app
     * @param creates the users to create, each expecting version 0
     * @return what happened: created, or the users found stored (empty only if they disappeared
     *         between a conflict and the load, which a caller treats as "none stored")
     * @throws IllegalArgumentException if a write expects a version other than 0
     */
    default CreateOrLoad createOrLoad(String appId, List<UserWrite> creates) {
        List<String> ids = CreateOrLoad.idsOf(creates);
        Map<String, Versioned<User>> stored = load(appId, ids);
        if (stored.isEmpty() && write(appId, creates)) {
            return CreateOrLoad.CREATED;
        }
        return new CreateOrLoad(false, stored.isEmpty() ? load(appId, ids) : stored);
    }

    /**
     * Lists users in {@link dev.roster.core.domain.Ids#ORDER id order}, starting right after
     * {@code startingAfter} (null: from the first), at most {@code limit}. O(limit).
     *
     * @param appId         the app
     * @param startingAfter the last user id of the previous page, or null
     * @param limit         the most users to return
     * @return the users, in id order
     */
    List<User> list(String appId, String startingAfter, int limit);

    /**
     * How many users of the app {@link #list} pages through now: one count, without reading the
     * users, for a progress estimate (a copy's ETA), not for decisions.
     *
     * @param appId the app
     * @return the number of users
     */
    long count(String appId);

    /**
     * One page of {@code query}: the users matching {@link UserQuery#effectiveFilter()}, after the
     * cursor ({@link UserQuery#isAfterCursor}), in {@link UserQuery#comparator} order, at most
     * {@code limit}. The filter holds no {@code isOnline} test (core resolves those into id sets
     * first). O(page + rows skipped by the filter): one indexed range scan on (app, sort key, id).
     *
     * @param appId the app
     * @param query the query
     * @return the page
     */
    UserPage query(String appId, UserQuery query);

    /**
     * Records a user's last activity (SPEC §10) as a conditional write of that value alone: sets
     * {@code lastActiveAt} to {@code at} if the user exists and has none, or one before
     * {@code staleBefore}. No version, no change-log entry: activity is not a profile change.
     * The condition makes the once-a-minute throttle hold across processes. One round trip.
     *
     * @param appId       the app
     * @param userId      the user
     * @param at          the activity's time, Unix ms
     * @param staleBefore a stored time before this one is replaced; a later one is kept
     * @return true when written; false when the user does not exist or a recent enough time is stored
     */
    boolean recordActivity(String appId, String userId, long at, long staleBefore);

    /**
     * The lifecycle state of users by id ({@code lastActiveAt}, deactivation), in one round trip.
     * Ids that do not exist are missing from the result.
     *
     * @param appId   the app
     * @param userIds the users
     * @return each existing user's lifecycle, keyed by id
     */
    Map<String, UserLifecycle> lifecycles(String appId, Collection<String> userIds);
}
