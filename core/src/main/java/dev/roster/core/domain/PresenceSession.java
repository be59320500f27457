package dev.roster.core.domain;

import java.util.Objects;

/**
 * One browser session of a user, alive until {@code expiresAt} unless renewed.
 *
 * @param sessionId unique per browser connection
 * @param userId    the signed-in user
 * @param startedAt when the session was first seen, Unix milliseconds
 * @param expiresAt when it stops counting as online unless renewed, Unix milliseconds
 */
public record PresenceSession(String sessionId, String userId, long startedAt, long expiresAt) {

    /**
     * Checks the ids.
     *
     * @param sessionId unique per browser connection
     * @param userId    the signed-in user
     * @param startedAt when the session was first seen, Unix milliseconds
     * @param expiresAt when it stops counting as online unless renewed, Unix milliseconds
     * @throws NullPointerException if an id is null
     */
    public PresenceSession {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(userId, "userId");
    }
}
