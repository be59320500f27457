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
 * @param feed     what the entry records for the change feed, as the write gave it
 */
public record Change(long position, String appId, ChangeKind kind, String entityId, long version, FeedEntry feed) {

    /**
     * Checks the fields.
     *
     * @param position the entry's position in the log, at least 1
     * @param appId    the app
     * @param kind     what changed
     * @param entityId the id of what changed
     * @param version  the entity's version after the change
     * @param feed     what the entry records for the change feed
     * @throws NullPointerException if a field is null
     */
    public Change {
        Objects.requireNonNull(feed, "feed");
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(entityId, "entityId");
    }

    /**
     * An entry that records no feed event ({@link FeedEntry#NONE}).
     *
     * @param position the entry's position in the log, at least 1
     * @param appId    the app
     * @param kind     what changed
     * @param entityId the id of what changed
     * @param version  the entity's version after the change
     */
    public Change(long position, String appId, ChangeKind kind, String entityId, long version) {
        this(position, appId, kind, entityId, version, FeedEntry.NONE);
    }
}
