package dev.roster.core.spi;

import dev.roster.core.domain.User;

import java.util.Objects;

/**
 * One compare-and-set write of a user: it succeeds only if the stored version is still
 * {@code expectedVersion} (0: the user must not exist yet), and stores version
 * {@code expectedVersion + 1}.
 *
 * @param user            the user to store
 * @param expectedVersion the version the writer read, or 0 for a new user
 */
public record UserWrite(User user, long expectedVersion) {

    /**
     * Checks the write.
     *
     * @param user            the user to store
     * @param expectedVersion the version the writer read, or 0 for a new user
     * @throws IllegalArgumentException if the expected version is negative
     */
    public UserWrite {
        Objects.requireNonNull(user, "user");
        if (expectedVersion < 0) {
            throw new IllegalArgumentException("expectedVersion must not be negative: " + expectedVersion);
        }
    }

    /** {@return the version this write stores: {@code expectedVersion + 1}} */
    public long newVersion() {
        return expectedVersion + 1;
    }
}
