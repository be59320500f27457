package dev.roster.core.internal;

import dev.roster.core.domain.User;
import dev.roster.core.domain.UserSnapshot;

import java.util.Objects;

/**
 * What a reader knows of one user: its version (0 when it does not exist), its public snapshot
 * (null when it does not exist) and what signing in as the user needs (SPEC §10).
 *
 * @param version             the user's version, 0 for "no such user"
 * @param snapshot            the public view, or null when there is no such user
 * @param deactivated         whether the user is deactivated
 * @param tokensRevokedBefore the time before which the user's tokens are refused, or null
 */
public record CachedUser(long version, UserSnapshot snapshot, boolean deactivated, Long tokensRevokedBefore) {

    /** Knowledge that the user does not exist. */
    public static final CachedUser ABSENT = new CachedUser(0, null, false, null);

    /**
     * What a reader keeps of {@code user} at {@code version}.
     *
     * @param version the user's version
     * @param user    the user
     * @return the cached form
     */
    public static CachedUser of(long version, User user) {
        return new CachedUser(version, user.snapshot(), user.deactivated(), user.tokensRevokedBefore());
    }

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
            return new CachedUser(incoming.version, current.snapshot, incoming.deactivated,
                    incoming.tokensRevokedBefore);
        }
        return incoming;
    }
}
