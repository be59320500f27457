package dev.roster.core.internal;

import dev.roster.core.domain.UserSnapshot;

import java.util.Objects;

/**
 * What a reader knows of one user: its version (0 when it does not exist) and its public
 * snapshot (null when it does not exist).
 *
 * @param version  the user's version, 0 for "no such user"
 * @param snapshot the public view, or null when there is no such user
 */
public record CachedUser(long version, UserSnapshot snapshot) {

    /** Knowledge that the user does not exist. */
    public static final CachedUser ABSENT = new CachedUser(0, null);

    /**
     * The newer of {@code current} and {@code incoming}; when the incoming snapshot equals the
     * current one, the result keeps the current snapshot instance, so that an unchanged user
     * yields the same snapshot object. Returns {@code current} itself when nothing is newer.
     */
    public static CachedUser merge(CachedUser current, CachedUser incoming) {
        if (current == null) {
            return incoming;
        }
        if (incoming.version <= current.version) {
            return current;
        }
        if (Objects.equals(current.snapshot, incoming.snapshot)) {
            return new CachedUser(incoming.version, current.snapshot);
        }
        return incoming;
    }
}
