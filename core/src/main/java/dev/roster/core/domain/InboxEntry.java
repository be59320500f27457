package dev.roster.core.domain;

import java.util.Collection;
import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One user's row of one conversation with every value the listing sorts or filters on, computed
 * by core and stored as it is (a store never derives any of it). A send updates one entry per
 * participant. After the user leaves, the entry stays with {@code left = true} and its activity
 * values frozen at the time of leaving (API versions before 2021-07-30 still list it); the
 * conversation's own values (createdAt, subject, custom) stay current.
 *
 * @param userId         the user
 * @param conversationId the conversation
 * @param access         the user's access
 * @param notification         the user's notification setting
 * @param joinedAt       when the user joined, ms
 * @param readUntil      the user has read every message created at or before this time, ms
 * @param left           whether the user left (the entry is then not a participation)
 * @param createdAt      the conversation's creation time, ms
 * @param subject        the conversation's subject, or null
 * @param custom         the conversation's custom data
 * @param lastMessageAt  the last message's time, or null when there is no message
 * @param lastActivityAt {@code lastMessageAt}, or {@code joinedAt} when there is no message
 * @param unreadCount    messages after {@code readUntil} not sent by the user
 */
public record InboxEntry(String userId, String conversationId, Access access, Notify notification, long joinedAt,
                         long readUntil, boolean left, long createdAt, String subject,
                         SortedMap<String, String> custom, Long lastMessageAt, long lastActivityAt,
                         long unreadCount) {

    /**
     * Copies the custom data.
     *
     * @param userId         the user
     * @param conversationId the conversation
     * @param access         the user's access
     * @param notification   the user's notification setting
     * @param joinedAt       when the user joined, ms
     * @param readUntil      the user has read every message created at or before this time, ms
     * @param left           whether the user left
     * @param createdAt      the conversation's creation time, ms
     * @param subject        the conversation's subject, or null
     * @param custom         the conversation's custom data
     * @param lastMessageAt  the last message's time (ms), or null when there is no message
     * @param lastActivityAt {@code lastMessageAt}, or {@code joinedAt} when there is no message
     * @param unreadCount    messages after {@code readUntil} not sent by the user
     * @throws NullPointerException if a required field is null
     */
    public InboxEntry {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(notification, "notification");
        custom = Collections.unmodifiableSortedMap(new TreeMap<>(custom));
    }

    /**
     * The entry of {@code participation} in {@code conversation}, computed from scratch over all of
     * its messages (the reference; core keeps entries up to date incrementally).
     *
     * @param conversation  the conversation's fields
     * @param participation the user's participation
     * @param messages      every message of the conversation, in any order
     * @return the entry
     */
    public static InboxEntry derive(Conversation conversation, Participation participation,
                                    Collection<Message> messages) {
        Long lastMessageAt = null;
        long unread = 0;
        for (Message message : messages) {
            if (lastMessageAt == null || message.createdAt() > lastMessageAt) {
                lastMessageAt = message.createdAt();
            }
            if (message.isUnreadFor(participation.userId(), participation.readUntil())) {
                unread++;
            }
        }
        return of(conversation, participation, lastMessageAt, unread);
    }

    /**
     * The entry from its parts, with {@code lastActivityAt} derived.
     *
     * @param conversation  the conversation's fields
     * @param participation the user's participation
     * @param lastMessageAt the last message's time (ms), or null when there is no message
     * @param unreadCount   the messages unread for the user
     * @return the entry, not marked left
     */
    public static InboxEntry of(Conversation conversation, Participation participation, Long lastMessageAt,
                                long unreadCount) {
        return new InboxEntry(participation.userId(), conversation.id(), participation.access(),
                participation.notification(), participation.joinedAt(), participation.readUntil(), false,
                conversation.createdAt(), conversation.subject(), conversation.custom(), lastMessageAt,
                lastMessageAt == null ? participation.joinedAt() : lastMessageAt, unreadCount);
    }

    /** {@return the participation this entry records} */
    public Participation participation() {
        return new Participation(userId, access, notification, joinedAt, readUntil);
    }

    /** {@return whether the conversation has any message} */
    public boolean hasMessages() {
        return lastMessageAt != null;
    }

    /** {@return whether the user has unread messages here} */
    public boolean isUnread() {
        return unreadCount > 0;
    }

    /**
     * The value this entry sorts by in {@code order}.
     *
     * @param order the order of the listing
     * @return createdAt or lastActivityAt, ms
     */
    public long sortValue(ConversationOrder order) {
        return order == ConversationOrder.CREATED_AT ? createdAt : lastActivityAt;
    }

    /** {@return this entry marked as left; its other values are kept} */
    public InboxEntry leave() {
        return new InboxEntry(userId, conversationId, access, notification, joinedAt, readUntil, true, createdAt, subject,
                custom, lastMessageAt, lastActivityAt, unreadCount);
    }

    /**
     * This entry with the conversation's current own values (createdAt, subject, custom).
     *
     * @param conversation the conversation's fields now
     * @return the updated entry
     */
    public InboxEntry withConversation(Conversation conversation) {
        return new InboxEntry(userId, conversationId, access, notification, joinedAt, readUntil, left,
                conversation.createdAt(), conversation.subject(), conversation.custom(), lastMessageAt,
                lastActivityAt, unreadCount);
    }
}
