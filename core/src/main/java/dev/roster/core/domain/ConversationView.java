package dev.roster.core.domain;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A conversation as callers see it: its fields, its current participants (with their entries, for
 * access, notify, readUntil and isUnread) and its last message.
 *
 * @param conversation the conversation's fields
 * @param participants the current participants' entries by user id (users who left are not here)
 * @param lastMessage  the last message, or null
 */
public record ConversationView(Conversation conversation, Map<String, InboxEntry> participants, Message lastMessage) {

    /**
     * Copies the participants.
     *
     * @param conversation the conversation's fields
     * @param participants the current participants' entries by user id
     * @param lastMessage  the last message, or null
     */
    public ConversationView {
        Objects.requireNonNull(conversation, "conversation");
        participants = Collections.unmodifiableMap(new TreeMap<>(participants));
    }

    /**
     * The participants who have read {@code message}: readUntil at or after it, sender excluded.
     *
     * @param message a message of this conversation
     * @return their user ids, in user id order
     */
    public List<String> readBy(Message message) {
        return participants.values().stream()
                .filter(e -> !e.userId().equals(message.senderId()) && e.readUntil() >= message.createdAt())
                .map(InboxEntry::userId)
                .toList();
    }
}
