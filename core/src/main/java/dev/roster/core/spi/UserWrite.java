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
 * @param stored          the user as stored at {@code expectedVersion}, when the writer read it,
 *                        else null: a store may then write only what differs from it (the write
 *                        succeeds only if that version is still stored, so it is exact)
 */
public record UserWrite(User user, long expectedVersion, FeedEntry feed, User stored) {

    /**
     * Checks the write.
     *
     * @param user            the user to store
     * @param expectedVersion the version the writer read, or 0 for a new user
     * @param feed            what the change-log entry records for the change feed
     * @param stored          the user as stored at {@code expectedVersion}, or null
     * @throws IllegalArgumentException if the expected version is negative, or a stored user is
     *                                  given for a new user or for another id
     */
    public UserWrite {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(feed, "feed");
        if (expectedVersion < 0) {
            throw new IllegalArgumentException("expectedVersion must not be negative: " + expectedVersion);
        }
        if (stored != null && (expectedVersion == 0 || !stored.id().equals(user.id()))) {
            throw new IllegalArgumentException("The stored user must be the same user at a version of it");
        }
    }

    /**
     * A write of a user whose stored value the writer does not pass on.
     *
     * @param user            the user to store
     * @param expectedVersion the version the writer read, or 0 for a new user
     * @param feed            what the change-log entry records for the change feed
     */
    public UserWrite(User user, long expectedVersion, FeedEntry feed) {
        this(user, expectedVersion, feed, null);
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

    /**
     * {@return whether the user's custom fields may differ from those stored: true unless the
     * stored user is known and has the same ones}
     */
    public boolean customChanged() {
        return stored == null || !stored.custom().equals(user.custom());
    }
}
