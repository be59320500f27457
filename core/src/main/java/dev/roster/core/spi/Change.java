package dev.roster.core.spi;

import java.util.Objects;

/**
 * One entry of the change log: entity {@code entityId} of kind {@code kind} in app {@code appId}
 * reached {@code version}. Positions grow strictly along the log.
 *
 * @param position the entry's position in the log, at least 1
 * @param appId    the app
 * @param kind     what changed
 * @param entityId the id of what changed
 * @param version  the entity's version after the change
 */
public record Change(long position, String appId, ChangeKind kind, String entityId, long version) {

    /**
     * Checks the fields.
     *
     * @param position the entry's position in the log, at least 1
     * @param appId    the app
     * @param kind     what changed
     * @param entityId the id of what changed
     * @param version  the entity's version after the change
     * @throws NullPointerException if a field is null
     */
    public Change {
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(entityId, "entityId");
    }
}
