package dev.roster.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import dev.roster.core.domain.Access;
import dev.roster.core.domain.Conversation;
import dev.roster.core.domain.InboxEntry;
import dev.roster.core.domain.Message;
import dev.roster.core.domain.MessageType;
import dev.roster.core.domain.Notify;
import dev.roster.core.spi.ChangeKind;
import dev.roster.core.spi.ConversationWrite;
import org.bson.Document;

import java.util.List;

/**
 * How conversations, inbox entries and messages are stored. Field names are fixed; custom data
 * is an array of {@code {k, v}} pairs (see {@link UserDocuments#pairs}), so no key a user chooses
 * ever becomes a field name, an operator or a path.
 */
final class ConversationDocuments {

    static final String APP = Target.APP;
    static final String CONVERSATION = "cid";
    static final String CONVERSATION_ORDER = "cok";
    static final String USER = "uid";
    static final String MESSAGE = "mid";
    static final String MESSAGE_ORDER = "mok";
    static final String VERSION = Target.VERSION;
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
    /** The fields of a conversation itself, which its tombstone does not keep. */
    private static final List<String> OWN_FIELDS = List.of(SUBJECT, PHOTO_URL, WELCOME_MESSAGES, CUSTOM, CREATED_AT,
            TOPIC, LAST_MESSAGE);

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

    /** The key of a conversation's document, also the equality filter on it. */
    static Document key(String appId, String conversationId) {
        return new Document(APP, appId).append(CONVERSATION, conversationId);
    }

    /**
     * The conversation's document as the target of {@code write}: its new fields, or for a delete
     * its tombstone, which keeps the key (and the outbox) and loses every field of the
     * conversation. A delete expects the conversation, never a tombstone.
     */
    static Target target(MongoCollection<Document> conversations, String appId, ConversationWrite write) {
        String id = write.conversationId();
        Document state = write.isDelete() ? new Document(DELETED, true).append(VERSION, write.newVersion())
                : fields(write.conversation(), write.newVersion(), write.lastMessageId());
        return new Target(conversations, key(appId, id), new Document(CONVERSATION_ORDER, OrderKey.of(id)),
                write.expectedVersion(), write.isDelete() ? Filters.ne(DELETED, true) : null, state,
                write.isDelete() ? OWN_FIELDS : List.of(), ChangeKind.CONVERSATION, write.feed());
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
