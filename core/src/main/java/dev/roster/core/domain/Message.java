package dev.roster.core.domain;

import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A message in a conversation. Immutable. Messages are ordered by {@code createdAt}, then by id
 * ({@link Ids#ORDER}); the last in that order is the conversation's last message.
 *
 * @param id                  {@code msg_…}, unique in the app
 * @param conversationId      the conversation
 * @param type                user or system message
 * @param senderId            the sender, or null for a system message
 * @param text                the text
 * @param custom              custom data, sorted by key
 * @param createdAt           when it was sent (or the original time of an imported message), ms
 * @param editedAt            when it was last edited, or null
 * @param origin              where it came from: {@code rest}, {@code import}, {@code web}, …
 * @param referencedMessageId the message it replies to, or null
 * @param idempotencyKey      the sender's idempotency key, or null; unique per conversation
 */
public record Message(String id, String conversationId, MessageType type, String senderId, String text,
                      SortedMap<String, String> custom, long createdAt, Long editedAt, String origin,
                      String referencedMessageId, String idempotencyKey) {

    /** The prefix of every message id. */
    public static final String ID_PREFIX = "msg_";

    /**
     * Copies the custom data.
     *
     * @param id                  the message id
     * @param conversationId      the conversation
     * @param type                user or system message
     * @param senderId            the sender, or null for a system message
     * @param text                the text
     * @param custom              custom data
     * @param createdAt           when it was sent, ms
     * @param editedAt            when it was last edited (ms), or null
     * @param origin              where it came from
     * @param referencedMessageId the message it replies to, or null
     * @param idempotencyKey      the sender's idempotency key, or null
     * @throws NullPointerException if a required field is null
     */
    public Message {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(origin, "origin");
        custom = Collections.unmodifiableSortedMap(new TreeMap<>(custom));
    }

    /**
     * Whether this message comes after {@code other} in conversation order (time, then id).
     *
     * @param other another message of the conversation
     * @return true when this one comes later
     */
    public boolean isAfter(Message other) {
        return createdAt != other.createdAt ? createdAt > other.createdAt : Ids.ORDER.compare(id, other.id) > 0;
    }

    /**
     * Whether this message is unread for a participant: after {@code readUntil} and not sent by them.
     *
     * @param userId    the participant
     * @param readUntil the participant's readUntil, ms
     * @return true when it counts as unread for them
     */
    public boolean isUnreadFor(String userId, long readUntil) {
        return createdAt > readUntil && !userId.equals(senderId);
    }

    /**
     * This message after {@code patch} (text replaced, custom patched key by key), edited at
     * {@code editedAt}.
     *
     * @param patch    the change
     * @param editedAt the edit time, ms
     * @return the edited message, {@code this} when nothing changes
     */
    public Message apply(MessagePatch patch, long editedAt) {
        String newText = patch.text().applyTo(text, text);
        SortedMap<String, String> newCustom = patch.custom().map(p -> p.applyTo(custom)).applyTo(custom, new TreeMap<>());
        return newText.equals(text) && newCustom.equals(custom) ? this : edit(newText, newCustom, editedAt);
    }

    /**
     * This message with new text and custom data, edited at {@code editedAt}.
     *
     * @param newText   the text
     * @param newCustom the custom data
     * @param editedAt  the edit time, ms
     * @return the edited message
     */
    public Message edit(String newText, SortedMap<String, String> newCustom, long editedAt) {
        return new Message(id, conversationId, type, senderId, newText, newCustom, createdAt, editedAt, origin,
                referencedMessageId, idempotencyKey);
    }
}
