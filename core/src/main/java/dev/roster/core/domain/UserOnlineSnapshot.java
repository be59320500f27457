package dev.roster.core.domain;

import java.util.Objects;

/**
 * A user's public snapshot together with whether the user is connected now.
 *
 * @param user        the user's public snapshot
 * @param isConnected whether a browser session of the user is online now
 */
public record UserOnlineSnapshot(UserSnapshot user, boolean isConnected) {

    /**
     * Checks the snapshot.
     *
     * @param user        the user's public snapshot
     * @param isConnected whether a browser session of the user is online now
     * @throws NullPointerException if {@code user} is null
     */
    public UserOnlineSnapshot {
        Objects.requireNonNull(user, "user");
    }
}
