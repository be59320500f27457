package dev.roster.core.internal;

import dev.roster.core.api.UserExportVisitor;
import dev.roster.core.domain.ConversationOrder;
import dev.roster.core.domain.ConversationQuery;
import dev.roster.core.domain.Message;
import dev.roster.core.domain.RosterException;
import dev.roster.core.domain.SortDirection;
import dev.roster.core.domain.User;
import dev.roster.core.domain.UserConversation;
import dev.roster.core.domain.UserLifecycle;
import dev.roster.core.spi.ConversationStore;
import dev.roster.core.spi.MessageCursor;
import dev.roster.core.spi.UserStore;
import dev.roster.core.spi.Versioned;

import java.util.List;

/**
 * Reads everything stored about one user (SPEC §10) a page at a time and hands it to a visitor
 * as it goes: memory is O(page), store calls O(items / page).
 */
public final class UserExporter {

    private final UserStore users;
    private final ConversationStore conversations;
    private final ConversationService listing;
    private final PresenceService presence;
    private final int page;

    /** @param page the most items read per store call */
    public UserExporter(UserStore users, ConversationStore conversations, ConversationService listing,
                        PresenceService presence, int page) {
        this.users = users;
        this.conversations = conversations;
        this.listing = listing;
        this.presence = presence;
        this.page = page;
    }

    /**
     * Exports the user: one read of the user and one of their lifecycle, one listing call per page
     * of conversations (in createdAt order, which a new message does not change while the export
     * runs), one call per page of sent messages, one read of the presence sessions.
     *
     * @throws RosterException {@code NOT_FOUND} for an unknown user, before the visitor is called
     */
    public void export(String appId, String userId, UserExportVisitor visitor) {
        Versioned<User> user = users.load(appId, List.of(userId)).get(userId);
        if (user == null) {
            throw RosterException.notFound("There is no user with id " + userId + ".");
        }
        visitor.user(user.value(), users.lifecycles(appId, List.of(userId)).getOrDefault(userId, UserLifecycle.NONE));
        String after = null;
        List<UserConversation> entries;
        do {
            entries = listing.list(appId, ConversationQuery.builder(userId).order(ConversationOrder.CREATED_AT)
                    .direction(SortDirection.ASC).startingAfter(after).limit(page).build());
            entries.forEach(visitor::conversation);
            after = entries.isEmpty() ? after : entries.get(entries.size() - 1).view().conversation().id();
        } while (entries.size() == page);
        MessageCursor cursor = null;
        List<Message> messages;
        do {
            messages = conversations.messagesBySender(appId, userId, cursor, page);
            messages.forEach(visitor::message);
            cursor = messages.isEmpty() ? cursor : MessageCursor.after(messages.get(messages.size() - 1));
        } while (messages.size() == page);
        presence.sessions(appId, userId).forEach(visitor::presence);
    }
}
