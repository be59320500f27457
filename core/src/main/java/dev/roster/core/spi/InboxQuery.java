package dev.roster.core.spi;

import dev.roster.core.domain.ConversationFilter;
import dev.roster.core.domain.ConversationOrder;
import dev.roster.core.domain.ConversationQuery;
import dev.roster.core.domain.Ids;
import dev.roster.core.domain.InboxCursor;
import dev.roster.core.domain.InboxEntry;
import dev.roster.core.domain.SortDirection;

import java.util.Comparator;
import java.util.Objects;

/**
 * One page of a user's entries as a store must answer it, every rule already applied by core
 * (API version, cursor resolution, limits). A store answers it with one indexed query: a range
 * scan on {@code (app, user, sort value, conversation id)} in {@code direction}, starting after
 * {@code after}, checking the remaining predicates on the rows it walks, stopping at
 * {@code limit} matches. {@link #matches} and {@link #comparator()} are the reference semantics.
 *
 * @param userId            the listing user
 * @param order             the sort key: {@link InboxEntry#lastActivityAt()} or {@link InboxEntry#createdAt()}
 * @param direction         the direction of the sort key and of the conversation-id tie-break
 * @param after             the keyset cursor, or null to start at the beginning
 * @param lastMessageBefore only entries with {@code lastMessageAt < lastMessageBefore} (null: no bound);
 *                          entries without messages never match a bound
 * @param lastMessageAfter  only entries with {@code lastMessageAt > lastMessageAfter} (null: no bound)
 * @param unreadsOnly       only entries with {@code unreadCount > 0}
 * @param includeLeft       whether entries with {@code left = true} are listed
 * @param filter            the filter tree
 * @param limit             the most entries returned, 1 to 100
 */
public record InboxQuery(String userId, ConversationOrder order, SortDirection direction, InboxCursor after,
                         Long lastMessageBefore, Long lastMessageAfter, boolean unreadsOnly, boolean includeLeft,
                         ConversationFilter filter, int limit) {

    /**
     * @throws NullPointerException     if a required field is null
     * @throws IllegalArgumentException if the limit is not 1 to 100
     */
    public InboxQuery {
        Objects.requireNonNull(userId, "userId");
        if (limit < 1 || limit > ConversationQuery.MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1 to " + ConversationQuery.MAX_LIMIT + ": " + limit);
        }
        Objects.requireNonNull(order, "order");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(filter, "filter");
    }

    /** Whether {@code entry} (one of this user's) belongs in the answer, cursor included. */
    public boolean matches(InboxEntry entry) {
        if (!entry.userId().equals(userId) || (entry.left() && !includeLeft)) {
            return false;
        }
        if (after != null && !after.precedes(entry, order, direction)) {
            return false;
        }
        if (unreadsOnly && !entry.isUnread()) {
            return false;
        }
        Long last = entry.lastMessageAt();
        if (lastMessageBefore != null && (last == null || last >= lastMessageBefore)) {
            return false;
        }
        if (lastMessageAfter != null && (last == null || last <= lastMessageAfter)) {
            return false;
        }
        return filter.matches(entry);
    }

    /** The order of the answer: sort value, then conversation id, both in {@code direction}. */
    public Comparator<InboxEntry> comparator() {
        Comparator<InboxEntry> ascending = Comparator.<InboxEntry>comparingLong(e -> e.sortValue(order))
                .thenComparing(InboxEntry::conversationId, Ids.ORDER);
        return direction == SortDirection.ASC ? ascending : ascending.reversed();
    }
}
