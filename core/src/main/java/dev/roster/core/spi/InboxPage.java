package dev.roster.core.spi;

import dev.roster.core.domain.ConversationQuery;
import dev.roster.core.domain.ConversationRecord;
import dev.roster.core.domain.InboxEntry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A store's answer to one {@link ConversationQuery}: the page's conversations, each with every
 * entry, participants and last message, in the page's order; or, when the query's
 * {@code startingAfter} names no conversation the page may start after
 * ({@link ConversationQuery#canStartAfter}), nothing and {@code cursorFound = false}.
 *
 * @param conversations the page, in the query's order; the listing user's entry of each is in its entries
 * @param cursorFound   false when startingAfter names no entry the page may start after
 */
public record InboxPage(List<ConversationRecord> conversations, boolean cursorFound) {

    private static final InboxPage UNKNOWN_CURSOR = new InboxPage(List.of(), false);

    /**
     * Copies the list.
     *
     * @param conversations the page, in the query's order
     * @param cursorFound   false when startingAfter names no entry the page may start after
     */
    public InboxPage {
        conversations = List.copyOf(conversations);
    }

    /** {@return the answer when startingAfter names no conversation the page may start after} */
    public static InboxPage unknownCursor() {
        return UNKNOWN_CURSOR;
    }

    /**
     * The page of these entries with their conversations as loaded: in the entries' order, leaving
     * out a conversation deleted between the two reads.
     *
     * @param entries the listing user's entries of the page, in order
     * @param records the conversations as loaded, keyed by id
     * @return the page, with {@code cursorFound} true
     */
    public static InboxPage of(List<InboxEntry> entries, Map<String, Versioned<ConversationRecord>> records) {
        List<ConversationRecord> page = new ArrayList<>(entries.size());
        for (InboxEntry entry : entries) {
            Versioned<ConversationRecord> record = records.get(entry.conversationId());
            if (record != null) {
                page.add(record.value());
            }
        }
        return new InboxPage(page, true);
    }
}
