package dev.roster.core.domain;

import java.util.Objects;

/**
 * One entry of a user's conversation list (TalkJS's UsersConversation): the conversation and the
 * listing user's entry.
 *
 * @param view  the conversation with participants and last message
 * @param entry the listing user's entry
 */
public record UserConversation(ConversationView view, InboxEntry entry) {

    /**
     * Checks the parts.
     *
     * @param view  the conversation with participants and last message
     * @param entry the listing user's entry
     * @throws NullPointerException if a part is null
     */
    public UserConversation {
        Objects.requireNonNull(view, "view");
        Objects.requireNonNull(entry, "entry");
    }

    /** {@return the listing user's unread message count} */
    public long unreadMessageCount() {
        return entry.unreadCount();
    }

    /** {@return whether the listing user has unread messages here} */
    public boolean isUnread() {
        return entry.isUnread();
    }
}
