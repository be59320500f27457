package dev.roster.core.spi;

import dev.roster.core.domain.Conversation;
import dev.roster.core.domain.InboxEntry;
import dev.roster.core.domain.Message;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One atomic compare-and-set write of a conversation aggregate. Versions count every write of an
 * id over its whole life: a delete leaves a tombstone at the version it stores, and a create of a
 * deleted id continues from there, so a version names one state of the id (a conversation or a
 * tombstone) and never comes back. The write succeeds only if the id's stored version (of its
 * conversation, of its tombstone, or 0 for an id never used) is still {@code expectedVersion},
 * and, for a delete, only if the conversation exists. It then stores version
 * {@code expectedVersion + 1} and, in the same atomic write: the conversation row (replacing the
 * tombstone, if any), every entry in {@code putEntries} (insert or replace by user id), the
 * removal of the entries of {@code removeEntries}, every message in {@code putMessages} (insert
 * or replace by id), the removal of {@code removeMessages}, and one {@link Change} of kind
 * {@link ChangeKind#CONVERSATION} with the new version recording {@code feed}. A delete instead removes the conversation
 * with all its entries and messages and leaves its tombstone at the new version. Every value is
 * computed by core; the store writes them as given.
 *
 * @param conversationId  the conversation
 * @param expectedVersion the version the writer read: the conversation's, or for a create the
 *                        id's {@link ConversationStore#tombstoneVersion tombstone version} (0 for an
 *                        id never used)
 * @param conversation    the conversation's fields to store, or null to delete the conversation
 *                        with all its entries and messages, leaving its tombstone (the other
 *                        lists are then empty)
 * @param lastMessageId   the id of the last message after this write, or null if none
 * @param putEntries      entries to insert or replace
 * @param removeEntries   user ids whose entries are removed
 * @param putMessages     messages to insert or replace; an idempotency key is unique per
 *                        conversation (core never writes a duplicate)
 * @param removeMessages  ids of messages to remove
 * @param feed            what the write's change-log entry records for the change feed
 */
public record ConversationWrite(String conversationId, long expectedVersion, Conversation conversation,
                                String lastMessageId, List<InboxEntry> putEntries, Set<String> removeEntries,
                                List<Message> putMessages, Set<String> removeMessages, FeedEntry feed) {

    /**
     * Copies the lists and checks the write.
     *
     * @param conversationId  the conversation
     * @param expectedVersion the version the writer read, not negative
     * @param conversation    the conversation's fields to store, or null to delete it
     * @param lastMessageId   the id of the last message after this write, or null if none
     * @param putEntries      entries to insert or replace
     * @param removeEntries   user ids whose entries are removed
     * @param putMessages     messages to insert or replace
     * @param removeMessages  ids of messages to remove
     * @param feed            what the change-log entry records for the change feed
     * @throws IllegalArgumentException if the expected version is negative, a delete carries data, or
     *                                  the conversation has another id
     */
    public ConversationWrite {
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(feed, "feed");
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

    /**
     * A write whose change-log entry records no feed event ({@link FeedEntry#NONE}).
     *
     * @param conversationId  the conversation
     * @param expectedVersion the version the writer read, not negative
     * @param conversation    the conversation's fields to store, or null to delete it
     * @param lastMessageId   the id of the last message after this write, or null if none
     * @param putEntries      entries to insert or replace
     * @param removeEntries   user ids whose entries are removed
     * @param putMessages     messages to insert or replace
     * @param removeMessages  ids of messages to remove
     */
    public ConversationWrite(String conversationId, long expectedVersion, Conversation conversation,
                             String lastMessageId, List<InboxEntry> putEntries, Set<String> removeEntries,
                             List<Message> putMessages, Set<String> removeMessages) {
        this(conversationId, expectedVersion, conversation, lastMessageId, putEntries, removeEntries, putMessages,
                removeMessages, FeedEntry.NONE);
    }

    /**
     * This write expecting another version, recording {@code feed}.
     *
     * @param version the version to expect
     * @param entry   what the change-log entry records
     * @return the write
     */
    public ConversationWrite with(long version, FeedEntry entry) {
        return new ConversationWrite(conversationId, version, conversation, lastMessageId, putEntries, removeEntries,
                putMessages, removeMessages, entry);
    }

    /** {@return the version this write stores: {@code expectedVersion + 1}} */
    public long newVersion() {
        return expectedVersion + 1;
    }

    /** {@return whether this write deletes the conversation} */
    public boolean isDelete() {
        return conversation == null;
    }
}
