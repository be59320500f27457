package dev.roster.core.api;

import dev.roster.core.domain.PresenceSession;
import dev.roster.core.domain.QueryParameters;
import dev.roster.core.domain.RosterException;
import dev.roster.core.domain.User;
import dev.roster.core.domain.UserQuery;
import dev.roster.core.internal.PresenceService;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Who is online: the browser sessions of users, kept in the store so that every process over it
 * agrees. A session counts as online for the presence window after its last sign of life
 * ({@link Roster.Builder#presenceWindow}, 15 s by default). Obtained from
 * {@link Roster#presence()}; thread-safe.
 */
public final class Presence {

    private final PresenceService service;
    private final Consumer<String> requireApp;

    Presence(PresenceService service, Consumer<String> requireApp) {
        this.service = service;
        this.requireApp = requireApp;
    }

    /**
     * Records that a verified browser session of this user is alive: the user counts as online
     * for the presence window from now, and longer if renewed, and was active now
     * ({@link Roster#recordActivity}). One store write, plus at most one a minute per user for
     * {@code lastActiveAt}.
     *
     * @param appId     the app
     * @param userId    the signed-in user
     * @param sessionId the browser session, unique per connection
     */
    public void touch(String appId, String userId, String sessionId) {
        service.touch(appId, userId, sessionId);
    }

    /**
     * Ends a browser session's presence at once (for example when its stream closes).
     *
     * @param appId     the app
     * @param sessionId the browser session; an unknown one is ignored
     */
    public void end(String appId, String sessionId) {
        service.end(appId, sessionId);
    }

    /**
     * The user's browser sessions alive now, ordered by session id; empty when offline.
     *
     * @param appId  the app
     * @param userId the user
     * @return the live sessions
     * @throws RosterException {@code NOT_FOUND} for an unknown app
     */
    public List<PresenceSession> sessions(String appId, String userId) {
        requireApp.accept(appId);
        return service.sessions(appId, userId);
    }

    /**
     * Which of these users are online now, in id order. One store read.
     *
     * @param appId   the app
     * @param userIds the users asked about
     * @return those of them online now
     * @throws RosterException {@code NOT_FOUND} for an unknown app
     */
    public Set<String> online(String appId, Collection<String> userIds) {
        requireApp.accept(appId);
        return service.online(appId, userIds);
    }

    /**
     * Every user of the app online now, in id order: O(online users).
     *
     * @param appId the app
     * @return the ids of its users online now
     * @throws RosterException {@code NOT_FOUND} for an unknown app
     */
    public Set<String> onlineIds(String appId) {
        requireApp.accept(appId);
        return service.onlineIds(appId);
    }

    /**
     * Users of the app online ({@code online = true}) or offline now, in id order after
     * {@code startingAfter}. Online users come from the presence index (O(limit)); offline ones
     * are found by walking users in id order and skipping the online ones.
     *
     * @param appId         the app
     * @param startingAfter the last user id of the previous page, or null
     * @param limit         1 to {@value UserQuery#MAX_LIMIT}
     * @param online        true for users online now, false for users offline now
     * @return the users, in id order
     * @throws RosterException {@code NOT_FOUND} for an unknown app, {@code INVALID_ARGUMENT} for a bad limit
     */
    public List<User> users(String appId, String startingAfter, int limit, boolean online) {
        requireApp.accept(appId);
        QueryParameters.requireLimit(limit, UserQuery.MAX_LIMIT);
        return service.users(appId, startingAfter, limit, online);
    }
}
