package dev.roster.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import dev.roster.core.domain.ConversationRecord;
import dev.roster.core.domain.InboxEntry;
import dev.roster.core.domain.Message;
import dev.roster.core.spi.Versioned;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static dev.roster.mongo.ConversationDocuments.APP;
import static dev.roster.mongo.ConversationDocuments.CONVERSATION;
import static dev.roster.mongo.ConversationDocuments.CONVERSATION_ORDER;
import static dev.roster.mongo.ConversationDocuments.DELETED;
import static dev.roster.mongo.ConversationDocuments.LAST_MESSAGE;
import static dev.roster.mongo.ConversationDocuments.VERSION;

/**
 * Reads of the {@code conversations} collection: whole records (with their entries and last
 * message), tombstone versions and the ids of an app's conversations. Only conversations are
 * returned, never a tombstone or the placeholder of a create's claim.
 */
final class ConversationReads {

    private final MongoCollection<Document> conversations;
    private final InboxEntries inbox;
    private final ConversationMessages messages;

    ConversationReads(MongoCollection<Document> conversations, InboxEntries inbox, ConversationMessages messages) {
        this.conversations = conversations;
        this.inbox = inbox;
        this.messages = messages;
    }

    /**
     * A conversation: neither a tombstone nor the placeholder of a create's claim (which has no
     * {@code deleted} field). An equality, so listing walks the index
     * {@code conversations_app_live_order} over conversations only.
     */
    private static Bson live() {
        return Filters.eq(DELETED, false);
    }

    /** The records of these conversations that exist, by id; three queries at most. */
    Map<String, Versioned<ConversationRecord>> load(String appId, List<String> conversationIds) {
        List<Document> docs = new ArrayList<>();
        conversations.find(Filters.and(Filters.eq(APP, appId), Filters.in(CONVERSATION, conversationIds), live()))
                .forEach(docs::add);
        if (docs.isEmpty()) {
            return Map.of();
        }
        List<String> found = docs.stream().map(d -> d.getString(CONVERSATION)).toList();
        Map<String, Map<String, InboxEntry>> entries = inbox.of(appId, found);
        List<String> lastIds = docs.stream().map(d -> d.getString(LAST_MESSAGE)).filter(Objects::nonNull).toList();
        Map<String, Message> last = lastIds.isEmpty() ? Map.of() : messages.find(appId, found, lastIds);
        Map<String, Versioned<ConversationRecord>> result = new HashMap<>();
        for (Document d : docs) {
            String id = d.getString(CONVERSATION);
            String lastId = d.getString(LAST_MESSAGE);
            result.put(id, new Versioned<>(new ConversationRecord(ConversationDocuments.conversation(d),
                    lastId == null ? null : last.get(lastId), entries.getOrDefault(id, Map.of())), d.getLong(VERSION)));
        }
        return result;
    }

    /** The version of the conversation's tombstone, or 0 if it has none. */
    long tombstoneVersion(String appId, String conversationId) {
        Document tombstone = conversations.find(Filters.and(ConversationDocuments.key(appId, conversationId),
                Filters.eq(DELETED, true))).projection(new Document(VERSION, 1)).first();
        return tombstone == null ? 0L : tombstone.getLong(VERSION);
    }

    /** How many conversations of the app {@link #listIds} pages through. */
    long count(String appId) {
        return conversations.countDocuments(Filters.and(Filters.eq(APP, appId), live()));
    }

    /** Up to {@code limit} ids of the app's conversations after {@code startingAfter}, in id order. */
    List<String> listIds(String appId, String startingAfter, int limit) {
        Bson filter = Filters.and(Filters.eq(APP, appId), live());
        if (startingAfter != null) {
            filter = Filters.and(filter, Filters.gt(CONVERSATION_ORDER, OrderKey.of(startingAfter)));
        }
        List<String> ids = new ArrayList<>();
        conversations.find(filter).sort(Sorts.ascending(CONVERSATION_ORDER)).limit(limit)
                .forEach(d -> ids.add(d.getString(CONVERSATION)));
        return ids;
    }
}
