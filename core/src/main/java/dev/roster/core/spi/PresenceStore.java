package dev.roster.core.spi;

import dev.roster.core.domain.PresenceSession;

import java.util.Collection;
import java.util.List;

/**
 * Who is online: browser sessions with an expiry, kept in the store so that every Roster process
 * over it agrees. A session counts while {@code expiresAt > now}.
 */
public interface PresenceStore {

    /**
     * Records that the session is alive until {@code session.expiresAt()}: creates it, or renews it
     * keeping its original {@code startedAt}. One round trip.
     *
     * @param appId   the app
     * @param session the session, with its new expiry
     */
    void heartbeat(String appId, PresenceSession session);

    /**
     * Ends a session at once; unknown sessions are ignored.
     *
     * @param appId     the app
     * @param sessionId the session
     */
    void end(String appId, String sessionId);

    /**
     * The sessions of these users alive at {@code now}, ordered by user id then session id.
     *
     * @param appId   the app
     * @param userIds the users
     * @param now     the current time, Unix milliseconds
     * @return the live sessions
     */
    List<PresenceSession> sessions(String appId, Collection<String> userIds, long now);

    /**
     * The distinct ids of users with a session alive at {@code now}, in id order, starting right
     * after {@code startingAfter} (null: from the first), at most {@code limit}.
     *
     * @param appId         the app
     * @param now           the current time, Unix milliseconds
     * @param startingAfter the last user id of the previous page, or null
     * @param limit         the most ids to return
     * @return the user ids
     */
    List<String> onlineUserIds(String appId, long now, String startingAfter, int limit);

    /**
     * Deletes sessions that expired at or before {@code now}, in every app.
     *
     * @param now the current time, Unix milliseconds
     * @return how many sessions were deleted
     */
    int purgeExpired(long now);
}
