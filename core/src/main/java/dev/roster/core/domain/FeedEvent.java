package dev.roster.core.domain;

import java.util.Objects;

/**
 * One event of an app's change feed (SPEC §11).
 *
 * @param id             the cursor right after this event: resuming from it delivers the next one
 * @param type           what happened
 * @param at             when the change was made, Unix milliseconds (the writer's clock)
 * @param appId          the app
 * @param userId         the user it concerns (user and participant events, and a message's
 *                       sender), or null
 * @param conversationId the conversation it concerns (conversation, participant and message
 *                       events), or null
 * @param data           the resource right after the change
 */
public record FeedEvent(FeedCursor id, FeedEventType type, long at, String appId, String userId,
                        String conversationId, FeedData data) {

    /**
     * Checks the fields.
     *
     * @param id             the cursor right after this event
     * @param type           what happened
     * @param at             when, Unix milliseconds
     * @param appId          the app
     * @param userId         the user, or null
     * @param conversationId the conversation, or null
     * @param data           the resource after the change
     * @throws NullPointerException if a required field is null
     */
    public FeedEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(data, "data");
    }
}
