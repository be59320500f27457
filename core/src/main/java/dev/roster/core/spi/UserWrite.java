package dev.roster.core.spi;

import dev.roster.core.domain.User;

import java.util.Objects;

/**
 * One compare-and-set write of a user: it succeeds only if the stored version is still
 * {@code expectedVersion} (0: the user must not exist yet), and stores version
 * {@code expectedVersion + 1}. Its change-log entry records {@code feed}.
 *
 * @param user            the user to store
 * @param expectedVersion the version the writer read, or 0 for a new user
 * @param feed            what the write's change-log entry records for the change feed
 */
public record UserWrite(User user, long expectedVersion, FeedEntry feed) {

    /**
     * Checks the write.
     *
     * @param user            the user to store
     * @param expectedVersion the version the writer read, or 0 for a new user
     * @param feed            what the change-log entry records for the change feed
     * @throws IllegalArgumentException if the expected version is negative
     */
    public UserWrite {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(feed, "feed");
        if (expectedVersion < 0) {
            throw new IllegalArgumentException("expectedVersion must not be negative: " + expectedVersion);
        }
    }

    /**
     * A write whose change-log entry records no feed event ({@link FeedEntry#NONE}).
     *
     * @param user            the user to store
     * @param expectedVersion the version the writer read, or 0 for a new user
     */
    public UserWrite(User user, long expectedVersion) {
        this(user, expectedVersion, FeedEntry.NONE);
    }

    /** {@return the version this write stores: {@code expectedVersion + 1}} */
    public long newVersion() {
        return expectedVersion + 1;
    }
}
