package dev.roster.core.api;

import java.util.Objects;

/**
 * One change a {@link Roster} read from the store's change log, its own writes and other
 * processes' alike: entity {@code entityId} of kind {@code kind} in app {@code appId} reached
 * {@code version}. Versions of one entity only grow.
 *
 * @param appId    the app
 * @param kind     what changed
 * @param entityId the id of the user or conversation
 * @param version  the entity's version after the change
 */
public record ChangeEvent(String appId, Kind kind, String entityId, long version) {

    /**
     * Checks the fields.
     *
     * @param appId    the app
     * @param kind     what changed
     * @param entityId the id of the user or conversation
     * @param version  the entity's version after the change
     * @throws NullPointerException if a field is null
     */
    public ChangeEvent {
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(entityId, "entityId");
    }

    /** What a {@link ChangeEvent} is about. */
    public enum Kind {
        /** A user was created or updated. */
        USER,
        /** A conversation, its participants or its messages changed (also a delete). */
        CONVERSATION
    }
}
