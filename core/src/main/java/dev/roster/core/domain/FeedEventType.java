package dev.roster.core.domain;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** What a {@link FeedEvent} of the change feed (SPEC §11) says happened; each has a stable wire name. */
public enum FeedEventType {
    /** A user was created; the data is the user. */
    USER_CREATED("user.created"),
    /** A user's fields changed; the data is the user after the change. */
    USER_UPDATED("user.updated"),
    /** A user was deactivated; the data is the user after the change. */
    USER_DEACTIVATED("user.deactivated"),
    /** A deactivated user was reactivated; the data is the user after the change. */
    USER_REACTIVATED("user.reactivated"),
    /** A user's personal data was erased; the data is the user after the erase. */
    USER_ERASED("user.erased"),
    /** A conversation was created; the data is the conversation. */
    CONVERSATION_CREATED("conversation.created"),
    /** A conversation's own fields changed; the data is the conversation after the change. */
    CONVERSATION_UPDATED("conversation.updated"),
    /** A conversation was deleted with its participants and messages; the data names only it. */
    CONVERSATION_DELETED("conversation.deleted"),
    /** A user joined a conversation (also again, after leaving); the data is the participation. */
    PARTICIPANT_JOINED("participant.joined"),
    /** A participant's access, notify setting or read marker changed; the data is the participation after it. */
    PARTICIPANT_UPDATED("participant.updated"),
    /** A participant left; the data is the participation as it was when they left. */
    PARTICIPANT_LEFT("participant.left"),
    /** A message was sent; the data is the message. */
    MESSAGE_CREATED("message.created"),
    /** A message was edited; the data is the message after the edit. */
    MESSAGE_UPDATED("message.updated"),
    /** A message was deleted; the data names only the message. */
    MESSAGE_DELETED("message.deleted");

    private static final Map<String, FeedEventType> BY_WIRE = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(FeedEventType::wire, Function.identity()));

    private final String wire;

    FeedEventType(String wire) {
        this.wire = wire;
    }

    /** {@return the wire name, for example {@code message.created}} */
    public String wire() {
        return wire;
    }

    /**
     * The type with this wire name.
     *
     * @param wire a wire name such as {@code user.updated}
     * @return the type
     * @throws IllegalArgumentException if no type has this name
     */
    public static FeedEventType ofWire(String wire) {
        FeedEventType type = BY_WIRE.get(wire);
        if (type == null) {
            throw new IllegalArgumentException("Unknown change feed event type: " + wire);
        }
        return type;
    }
}
