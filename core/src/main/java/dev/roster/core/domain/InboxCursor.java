package dev.roster.core.domain;

/**
 * A keyset position in a user's conversation list: the sort value and the conversation id of the
 * last entry seen. The page continues with the entries strictly after it in the order, ties on
 * the sort value broken by conversation id ({@link Ids#ORDER}) in the same direction. With a null
 * {@code conversationId} (from {@code offsetTs}) the page starts at {@code sortValue} itself,
 * inclusive: DESC lists values {@code <= sortValue}, ASC values {@code >= sortValue}.
 *
 * @param sortValue      the sort key's value (ms)
 * @param conversationId the last conversation seen, or null for an inclusive time offset
 */
public record InboxCursor(long sortValue, String conversationId) {

    /**
     * The cursor right after {@code entry} in {@code order}.
     *
     * @param entry the last entry seen
     * @param order the order of the listing
     * @return the cursor
     */
    public static InboxCursor after(InboxEntry entry, ConversationOrder order) {
        return new InboxCursor(entry.sortValue(order), entry.conversationId());
    }

    /**
     * The inclusive cursor of an {@code offsetTs}.
     *
     * @param offsetTs the time to start at, Unix milliseconds
     * @return the cursor, with no conversation id
     */
    public static InboxCursor at(long offsetTs) {
        return new InboxCursor(offsetTs, null);
    }

    /**
     * Whether {@code entry} lies after this cursor in {@code order} and {@code direction}.
     *
     * @param entry     an entry of the listing user
     * @param order     the order of the listing
     * @param direction the direction of the listing
     * @return true when the entry belongs to the page that starts at this cursor
     */
    public boolean precedes(InboxEntry entry, ConversationOrder order, SortDirection direction) {
        long value = entry.sortValue(order);
        int cmp;
        if (value != sortValue) {
            cmp = Long.compare(value, sortValue);
        } else if (conversationId == null) {
            return true;
        } else {
            cmp = Ids.ORDER.compare(entry.conversationId(), conversationId);
        }
        return direction == SortDirection.ASC ? cmp > 0 : cmp < 0;
    }
}
