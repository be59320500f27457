package dev.roster.core.spi;

import dev.roster.core.domain.Conversation;
import dev.roster.core.domain.InboxEntry;
import dev.roster.core.domain.Message;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A conversation as one aggregate: its own fields, its last message, and every user's entry
 * (participants, and users who left, marked {@link InboxEntry#left()}). Versioned as a whole:
 * every write of any part is a compare-and-set on the conversation's version.
 *
 * @param conversation the conversation's own fields
 * @param lastMessage  the last message in (createdAt, id) order, or null when there is none;
 *                     the store resolves it from the {@link ConversationWrite#lastMessageId()}
 * @param entries      every entry of the conversation keyed by user id, sorted
 */
public record ConversationRecord(Conversation conversation, Message lastMessage, Map<String, InboxEntry> entries) {

    /** Copies the entries. */
    public ConversationRecord {
        Objects.requireNonNull(conversation, "conversation");
        entries = Collections.unmodifiableMap(new TreeMap<>(entries));
    }
}
