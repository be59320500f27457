package dev.roster.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import dev.roster.core.domain.Message;
import dev.roster.core.spi.MessageCursor;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import static dev.roster.mongo.ConversationDocuments.APP;
import static dev.roster.mongo.ConversationDocuments.CONVERSATION;
import static dev.roster.mongo.ConversationDocuments.CREATED_AT;
import static dev.roster.mongo.ConversationDocuments.IDEMPOTENCY_KEY;
import static dev.roster.mongo.ConversationDocuments.MESSAGE;
import static dev.roster.mongo.ConversationDocuments.MESSAGE_ORDER;
import static dev.roster.mongo.ConversationDocuments.SENDER;

/** The {@code messages} collection: one document per message, newest first by (time, order key). */
final class ConversationMessages {

    private final MongoCollection<Document> messages;

    ConversationMessages(MongoCollection<Document> messages) {
        this.messages = messages;
    }

    /** The messages of these ids in these conversations, by id. */
    Map<String, Message> find(String appId, Collection<String> conversationIds, Collection<String> messageIds) {
        Map<String, Message> found = new HashMap<>();
        messages.find(Filters.and(Filters.eq(APP, appId), Filters.in(CONVERSATION, new LinkedHashSet<>(conversationIds)),
                        Filters.in(MESSAGE, new LinkedHashSet<>(messageIds))))
                .forEach(d -> found.put(d.getString(MESSAGE), ConversationDocuments.message(d)));
        return found;
    }

    /** A page of a conversation's messages, newest first, after {@code after} (null: from the newest). */
    List<Message> page(String appId, String conversationId, MessageCursor after, int limit) {
        return newestFirst(ConversationDocuments.key(appId, conversationId), after, limit);
    }

    /**
     * A page of the messages {@code senderId} sent in any conversation, newest first, after
     * {@code after}: one range scan of {@code messages_app_sender_time}.
     */
    List<Message> bySender(String appId, String senderId, MessageCursor after, int limit) {
        return newestFirst(Filters.and(Filters.eq(APP, appId), Filters.eq(SENDER, senderId)), after, limit);
    }

    private List<Message> newestFirst(Bson filter, MessageCursor after, int limit) {
        if (after != null) {
            filter = Filters.and(filter, Filters.or(Filters.lt(CREATED_AT, after.createdAt()),
                    Filters.and(Filters.eq(CREATED_AT, after.createdAt()),
                            Filters.lt(MESSAGE_ORDER, OrderKey.of(after.messageId())))));
        }
        List<Message> page = new ArrayList<>();
        messages.find(filter).sort(Sorts.descending(CREATED_AT, MESSAGE_ORDER)).limit(limit)
                .forEach(d -> page.add(ConversationDocuments.message(d)));
        return page;
    }

    /** The ids of the messages holding these idempotency keys, by key. */
    Map<String, String> idempotencyKeys(String appId, String conversationId, Collection<String> keys) {
        Map<String, String> found = new HashMap<>();
        messages.find(Filters.and(ConversationDocuments.key(appId, conversationId),
                        Filters.in(IDEMPOTENCY_KEY, new LinkedHashSet<>(keys))))
                .forEach(d -> found.put(d.getString(IDEMPOTENCY_KEY), d.getString(MESSAGE)));
        return found;
    }

    /** How many messages the app holds, in all its conversations. */
    long count(String appId) {
        return messages.countDocuments(Filters.eq(APP, appId));
    }

    /** How many messages of a conversation are newer than {@code createdAfter}, not from {@code excludedSender}. */
    long count(String appId, String conversationId, long createdAfter, String excludedSender) {
        Bson filter = Filters.and(ConversationDocuments.key(appId, conversationId), Filters.gt(CREATED_AT, createdAfter));
        if (excludedSender != null) {
            filter = Filters.and(filter, Filters.ne(SENDER, excludedSender));
        }
        return messages.countDocuments(filter);
    }
}
