package dev.roster.core.spi;

import dev.roster.core.domain.Ids;
import dev.roster.core.domain.Message;

import java.util.Objects;

/**
 * A position in a conversation's messages, newest first: the page continues with messages
 * strictly older than this one in (createdAt, id) order ({@link Ids#ORDER} on ids).
 *
 * @param createdAt the last seen message's time, ms
 * @param messageId the last seen message's id
 */
public record MessageCursor(long createdAt, String messageId) {

    /**
     * Checks the id.
     *
     * @param createdAt the last seen message's time, ms
     * @param messageId the last seen message's id
     * @throws NullPointerException if the id is null
     */
    public MessageCursor {
        Objects.requireNonNull(messageId, "messageId");
    }

    /**
     * The cursor right after {@code message}.
     *
     * @param message the last message seen
     * @return the cursor
     */
    public static MessageCursor after(Message message) {
        return new MessageCursor(message.createdAt(), message.id());
    }

    /**
     * Whether {@code message} comes after this cursor, newest first.
     *
     * @param message a message of the conversation
     * @return true when it is strictly older than the cursor's message
     */
    public boolean precedes(Message message) {
        return message.createdAt() != createdAt ? message.createdAt() < createdAt
                : Ids.ORDER.compare(message.id(), messageId) < 0;
    }
}
