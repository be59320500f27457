package dev.roster.core.spi;

import dev.roster.core.domain.Conversation;
import dev.roster.core.domain.InboxEntry;
import dev.roster.core.domain.Message;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One atomic compare-and-set write of a conversation aggregate. It succeeds only if the stored
 * version is still {@code expectedVersion} (0: the conversation must not exist); it then stores
 * version {@code expectedVersion + 1} and, in the same atomic write: the conversation row, every
 * entry in {@code putEntries} (insert or replace by user id), the removal of the entries of
 * {@code removeEntries}, every message in {@code putMessages} (insert or replace by id), the
 * removal of {@code removeMessages}, and one {@link Change} of kind
 * {@link ChangeKind#CONVERSATION} with the new version. Every value is computed by core; the
 * store writes them as given.
 *
 * @param conversationId  the conversation
 * @param expectedVersion the version the writer read, or 0 for a new conversation
 * @param conversation    the conversation's fields to store, or null to delete the conversation
 *                        with all its entries and messages (the other lists are then empty)
 * @param lastMessageId   the id of the last message after this write, or null if none
 * @param putEntries      entries to insert or replace
 * @param removeEntries   user ids whose entries are removed
 * @param putMessages     messages to insert or replace; an idempotency key is unique per
 *                        conversation (core never writes a duplicate)
 * @param removeMessages  ids of messages to remove
 */
public record ConversationWrite(String conversationId, long expectedVersion, Conversation conversation,
                                String lastMessageId, List<InboxEntry> putEntries, Set<String> removeEntries,
                                List<Message> putMessages, Set<String> removeMessages) {

    /** @throws IllegalArgumentException if the expected version is negative or a delete carries data */
    public ConversationWrite {
        Objects.requireNonNull(conversationId, "conversationId");
        if (expectedVersion < 0) {
            throw new IllegalArgumentException("expectedVersion must not be negative: " + expectedVersion);
        }
        putEntries = List.copyOf(putEntries);
        removeEntries = Set.copyOf(removeEntries);
        putMessages = List.copyOf(putMessages);
        removeMessages = Set.copyOf(removeMessages);
        if (conversation == null && (!putEntries.isEmpty() || !putMessages.isEmpty())) {
            throw new IllegalArgumentException("a delete writes no entry and no message");
        }
        if (conversation != null && !conversation.id().equals(conversationId)) {
            throw new IllegalArgumentException("conversation id mismatch: " + conversation.id());
        }
    }

    /** The version this write stores. */
    public long newVersion() {
        return expectedVersion + 1;
    }

    /** Whether this write deletes the conversation. */
    public boolean isDelete() {
        return conversation == null;
    }
}
