package dev.roster.mongo;

import com.mongodb.client.model.Updates;
import dev.roster.core.domain.Access;
import dev.roster.core.domain.Conversation;
import dev.roster.core.domain.InboxEntry;
import dev.roster.core.domain.Message;
import dev.roster.core.domain.MessageType;
import dev.roster.core.domain.Notify;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.util.List;

/**
 * How conversations, inbox entries and messages are stored. Field names are fixed; custom data
 * is an array of {@code {k, v}} pairs (see {@link UserDocuments#pairs}), so no key a user chooses
 * ever becomes a field name, an operator or a path.
 */
final class ConversationDocuments {

    static final String APP = "app";
    static final String CONVERSATION = "cid";
    static final String CONVERSATION_ORDER = "cok";
    static final String USER = "uid";
    static final String MESSAGE = "mid";
    static final String MESSAGE_ORDER = "mok";
    static final String VERSION = "v";
    static final String DELETED = "deleted";
    static final String LAST_MESSAGE = "lastMessageId";
    static final String CUSTOM = "custom";
    static final String CREATED_AT = "createdAt";
    static final String LAST_ACTIVITY_AT = "lastActivityAt";
    static final String LAST_MESSAGE_AT = "lastMessageAt";
    static final String JOINED_AT = "joinedAt";
    static final String ACCESS = "access";
    static final String SUBJECT = "subject";
    static final String PHOTO_URL = "photoUrl";
    static final String WELCOME_MESSAGES = "welcomeMessages";
    static final String TOPIC = "topicId";
    static final String UNREAD = "unread";
    static final String HAS_MESSAGES = "hasMessages";
    static final String LEFT = "left";
    static final String IDEMPOTENCY_KEY = "idem";
    static final String SENDER = "sender";

    private ConversationDocuments() {
    }

    /** The conversation's own stored fields at {@code version}, with its last message id. */
    static Document fields(Conversation c, long version, String lastMessageId) {
        return new Document(SUBJECT, c.subject())
                .append(PHOTO_URL, c.photoUrl())
                .append(WELCOME_MESSAGES, c.welcomeMessages())
                .append(CUSTOM, UserDocuments.pairs(c.custom()))
                .append(CREATED_AT, c.createdAt())
                .append(TOPIC, c.topicId())
                .append(LAST_MESSAGE, lastMessageId)
                .append(DELETED, false)
                .append(VERSION, version);
    }

    /**
     * The update that turns a conversation's document into its tombstone at {@code version}: it
     * keeps the key (and the outbox), loses every field of the conversation.
     */
    static Bson tombstone(long version) {
        return Updates.combine(Updates.set(DELETED, true), Updates.set(VERSION, version),
                Updates.unset(SUBJECT), Updates.unset(PHOTO_URL), Updates.unset(WELCOME_MESSAGES), Updates.unset(CUSTOM),
                Updates.unset(CREATED_AT), Updates.unset(TOPIC), Updates.unset(LAST_MESSAGE));
    }

    /** The key of a conversation's document. */
    static Document key(String appId, String conversationId) {
        return new Document(APP, appId).append(CONVERSATION, conversationId)
                .append(CONVERSATION_ORDER, OrderKey.of(conversationId));
    }

    static Conversation conversation(Document d) {
        return new Conversation(d.getString(CONVERSATION), d.getString(SUBJECT), d.getString(PHOTO_URL),
                d.getList(WELCOME_MESSAGES, String.class), UserDocuments.unpair(d.getList(CUSTOM, Document.class, List.of())),
                d.getLong(CREATED_AT), d.getString(TOPIC));
    }

    static Document entry(String appId, InboxEntry e) {
        return new Document(APP, appId).append(USER, e.userId()).append(CONVERSATION, e.conversationId())
                .append(CONVERSATION_ORDER, OrderKey.of(e.conversationId()))
                .append(ACCESS, e.access().wire())
                .append("notify", e.notification().name())
                .append(JOINED_AT, e.joinedAt())
                .append("readUntil", e.readUntil())
                .append(LEFT, e.left())
                .append(CREATED_AT, e.createdAt())
                .append(SUBJECT, e.subject())
                .append(CUSTOM, UserDocuments.pairs(e.custom()))
                .append(LAST_MESSAGE_AT, e.lastMessageAt())
                .append(HAS_MESSAGES, e.lastMessageAt() != null)
                .append(LAST_ACTIVITY_AT, e.lastActivityAt())
                .append(UNREAD, e.unreadCount());
    }

    static InboxEntry entry(Document d) {
        return new InboxEntry(d.getString(USER), d.getString(CONVERSATION), Access.fromWire(d.getString(ACCESS)),
                Notify.valueOf(d.getString("notify")), d.getLong(JOINED_AT), d.getLong("readUntil"),
                d.getBoolean(LEFT), d.getLong(CREATED_AT), d.getString(SUBJECT),
                UserDocuments.unpair(d.getList(CUSTOM, Document.class, List.of())), d.getLong(LAST_MESSAGE_AT),
                d.getLong(LAST_ACTIVITY_AT), d.getLong(UNREAD));
    }

    static Document message(String appId, Message m) {
        return new Document(APP, appId).append(CONVERSATION, m.conversationId()).append(MESSAGE, m.id())
                .append(MESSAGE_ORDER, OrderKey.of(m.id()))
                .append("type", m.type().name())
                .append(SENDER, m.senderId())
                .append("text", m.text())
                .append(CUSTOM, UserDocuments.pairs(m.custom()))
                .append(CREATED_AT, m.createdAt())
                .append("editedAt", m.editedAt())
                .append("origin", m.origin())
                .append("ref", m.referencedMessageId())
                .append(IDEMPOTENCY_KEY, m.idempotencyKey());
    }

    static Message message(Document d) {
        return new Message(d.getString(MESSAGE), d.getString(CONVERSATION), MessageType.valueOf(d.getString("type")),
                d.getString(SENDER), d.getString("text"), UserDocuments.unpair(d.getList(CUSTOM, Document.class, List.of())),
                d.getLong(CREATED_AT), d.getLong("editedAt"), d.getString("origin"), d.getString("ref"),
                d.getString(IDEMPOTENCY_KEY));
    }
}
