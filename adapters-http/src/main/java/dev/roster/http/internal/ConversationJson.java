package dev.roster.http.internal;

import dev.roster.core.domain.Conversation;
import dev.roster.core.domain.ConversationView;
import dev.roster.core.domain.InboxEntry;
import dev.roster.core.domain.Message;
import dev.roster.core.domain.UserConversation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The wire shapes of conversations, listing entries and messages (seed 004, SPEC §5). */
public final class ConversationJson {

    private ConversationJson() {
    }

    /**
     * A conversation: its fields, {@code lastMessage} and {@code participants} as
     * {@code {userId: {access, notify, isUnread, readUntil}}}.
     */
    public static Map<String, Object> of(ConversationView view) {
        Conversation c = view.conversation();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", c.id());
        json.put("subject", c.subject());
        json.put("topicId", c.topicId());
        json.put("photoUrl", c.photoUrl());
        json.put("welcomeMessages", c.welcomeMessages());
        json.put("custom", c.custom());
        json.put("lastMessage", view.lastMessage() == null ? null : message(view.lastMessage(), view));
        Map<String, Object> participants = new LinkedHashMap<>();
        view.participants().forEach((userId, entry) -> participants.put(userId, participant(entry)));
        json.put("participants", participants);
        json.put("createdAt", c.createdAt());
        return json;
    }

    /** A listing entry: the conversation plus {@code unreadMessageCount} and {@code isUnread} for the listing user. */
    public static Map<String, Object> of(UserConversation entry) {
        Map<String, Object> json = of(entry.view());
        json.put("unreadMessageCount", entry.unreadMessageCount());
        json.put("isUnread", entry.isUnread());
        return json;
    }

    private static Map<String, Object> participant(InboxEntry entry) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("access", entry.access().wire());
        json.put("notify", entry.notification().wire());
        json.put("isUnread", entry.isUnread());
        json.put("readUntil", entry.readUntil());
        return json;
    }

    /** A message, with {@code readBy} computed from the conversation's read markers. */
    public static Map<String, Object> message(Message m, ConversationView view) {
        return message(m, view.readBy(m));
    }

    /** A message read by {@code readBy}. */
    public static Map<String, Object> message(Message m, List<String> readBy) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", m.id());
        json.put("conversationId", m.conversationId());
        json.put("type", m.type().wire());
        json.put("senderId", m.senderId());
        json.put("text", m.text());
        json.put("custom", m.custom());
        json.put("createdAt", m.createdAt());
        json.put("editedAt", m.editedAt());
        json.put("readBy", readBy);
        json.put("origin", m.origin());
        json.put("referencedMessageId", m.referencedMessageId());
        json.put("attachment", null);
        json.put("location", null);
        return json;
    }
}
