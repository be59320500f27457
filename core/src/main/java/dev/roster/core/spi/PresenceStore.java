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
     */
    void heartbeat(String appId, PresenceSession session);

    /** Ends a session at once; unknown sessions are ignored. */
    void end(String appId, String sessionId);

    /** The sessions of these users alive at {@code now}, ordered by user id then session id. */
    List<PresenceSession> sessions(String appId, Collection<String> userIds, long now);

    /**
     * The distinct ids of users with a session alive at {@code now}, in id order, starting right
     * after {@code startingAfter} (null: from the first), at most {@code limit}.
     */
    List<String> onlineUserIds(String appId, long now, String startingAfter, int limit);

    /** Deletes sessions that expired at or before {@code now}, in every app; returns how many. */
    int purgeExpired(long now);
}
