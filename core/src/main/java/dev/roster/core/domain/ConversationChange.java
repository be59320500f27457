package dev.roster.core.domain;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What one conversation write changes, as a {@link ConversationRecord} rule computed it: the
 * aggregate after the write and the parts a store writes.
 *
 * @param after           the aggregate after the write
 * @param entries         the entries to insert or replace
 * @param messages        the messages to insert or replace
 * @param removedMessages the ids of the messages to remove
 */
public record ConversationChange(ConversationRecord after, List<InboxEntry> entries, List<Message> messages,
                                 Set<String> removedMessages) {

    /**
     * Copies the lists.
     *
     * @param after           the aggregate after the write
     * @param entries         the entries to insert or replace
     * @param messages        the messages to insert or replace
     * @param removedMessages the ids of the messages to remove
     */
    public ConversationChange {
        Objects.requireNonNull(after, "after");
        entries = List.copyOf(entries);
        messages = List.copyOf(messages);
        removedMessages = Set.copyOf(removedMessages);
    }
}
