package dev.roster.core.domain;

import java.util.Objects;

/**
 * One user's membership of a conversation.
 *
 * @param userId    the participant
 * @param access    what the participant may do; {@link Access#NONE} keeps the history
 * @param notification    when the participant is notified
 * @param joinedAt  when the user joined, Unix milliseconds
 * @param readUntil the user has read every message created at or before this time (0: none)
 */
public record Participation(String userId, Access access, Notify notification, long joinedAt, long readUntil) {

    /**
     * Checks the fields.
     *
     * @param userId       the participant
     * @param access       what the participant may do
     * @param notification when the participant is notified
     * @param joinedAt     when the user joined, Unix milliseconds
     * @param readUntil    the read marker, Unix milliseconds (0: nothing read)
     * @throws NullPointerException if a field is null
     */
    public Participation {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(notification, "notification");
    }

    /**
     * A new participation with the defaults for absent fields (ReadWrite, notify on, nothing read).
     *
     * @param userId   the user who joins
     * @param patch    the fields given
     * @param joinedAt the join time, Unix milliseconds
     * @return the participation
     */
    public static Participation join(String userId, ParticipationPatch patch, long joinedAt) {
        return new Participation(userId, Access.READ_WRITE, Notify.ALL, joinedAt, 0).apply(patch);
    }

    /**
     * This participation after {@code patch}; reset gives the default.
     *
     * @param patch the change
     * @return the participation after it, {@code this} if unchanged
     */
    public Participation apply(ParticipationPatch patch) {
        Participation next = new Participation(userId,
                patch.access().applyTo(access, Access.READ_WRITE),
                patch.notification().applyTo(notification, Notify.ALL),
                joinedAt,
                patch.readUntil().applyTo(readUntil, 0L));
        return next.equals(this) ? this : next;
    }
}
