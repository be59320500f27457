package dev.roster.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import dev.roster.core.spi.ConversationWrite;
import org.bson.Document;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static dev.roster.mongo.ConversationDocuments.CONVERSATION;
import static dev.roster.mongo.ConversationDocuments.MESSAGE;
import static dev.roster.mongo.ConversationDocuments.USER;

/**
 * A conversation write as an {@link AtomicWrite}, and back from its journal entry: the target is
 * the conversation document (its new fields, or its tombstone); the parts are the inbox entries
 * and messages removed and put by id, or for a delete all of them removed. The entry holds the
 * write's fields: {@code cid}, {@code expected}, {@code conversation} (null for a delete),
 * {@code lastMessageId}, {@code putEntries}, {@code removeEntries}, {@code putMessages} and
 * {@code removeMessages}.
 */
final class ConversationWrites {

    static final String KIND = "conversation";

    private final MongoCollection<Document> conversations;
    private final MongoCollection<Document> inbox;
    private final MongoCollection<Document> messages;

    ConversationWrites(MongoCollection<Document> conversations, MongoCollection<Document> inbox,
                       MongoCollection<Document> messages) {
        this.conversations = conversations;
        this.inbox = inbox;
        this.messages = messages;
    }

    /** The write as one atomic write. */
    AtomicWrite of(String appId, ConversationWrite write) {
        return new AtomicWrite(KIND, appId, encode(appId, write),
                List.of(ConversationDocuments.target(conversations, appId, write)),
                (writes, faults) -> writeParts(writes, faults, appId, write));
    }

    /** The write of a journal entry of kind {@value #KIND}. */
    AtomicWrite decode(Document entry) {
        Document c = entry.get("conversation", Document.class);
        return of(entry.getString(Journal.APP), new ConversationWrite(entry.getString("cid"), entry.getLong("expected"),
                c == null ? null : ConversationDocuments.conversation(c), entry.getString("lastMessageId"),
                entry.getList("putEntries", Document.class).stream().map(ConversationDocuments::entry).toList(),
                new LinkedHashSet<>(entry.getList("removeEntries", String.class)),
                entry.getList("putMessages", Document.class).stream().map(ConversationDocuments::message).toList(),
                new LinkedHashSet<>(entry.getList("removeMessages", String.class)),
                MongoChangeLog.feed(entry.get("feed", new Document()))));
    }

    private static Document encode(String appId, ConversationWrite w) {
        return new Document("cid", w.conversationId()).append("expected", w.expectedVersion())
                .append("conversation", w.isDelete() ? null : ConversationDocuments.fields(w.conversation(), 0, null)
                        .append(CONVERSATION, w.conversationId()))
                .append("lastMessageId", w.lastMessageId())
                .append("putEntries", w.putEntries().stream().map(e -> ConversationDocuments.entry(appId, e)).toList())
                .append("removeEntries", new ArrayList<>(w.removeEntries()))
                .append("putMessages", w.putMessages().stream().map(m -> ConversationDocuments.message(appId, m)).toList())
                .append("removeMessages", new ArrayList<>(w.removeMessages()))
                .append("feed", MongoChangeLog.withFeed(new Document(), w.feed()));
    }

    private void writeParts(DocumentWrites writes, FaultPoint faults, String appId, ConversationWrite write) {
        Document conversation = ConversationDocuments.key(appId, write.conversationId());
        if (write.isDelete()) {
            writes.deleteAll(inbox, conversation);
            faults.reached(FaultPoint.REMOVED, 0);
            writes.deleteAll(messages, conversation);
            faults.reached(FaultPoint.REMOVED, 1);
            return;
        }
        replace(writes, faults, FaultPoint.ENTRY, inbox, conversation, USER, write.removeEntries(),
                write.putEntries().stream().map(e -> ConversationDocuments.entry(appId, e)).toList());
        replace(writes, faults, FaultPoint.MESSAGE, messages, conversation, MESSAGE, write.removeMessages(),
                write.putMessages().stream().map(m -> ConversationDocuments.message(appId, m)).toList());
    }

    /**
     * Removes the conversation's documents of {@code collection} whose {@code idField} is in
     * {@code removed}, then inserts or replaces each of {@code put} by its {@code idField}.
     */
    private static void replace(DocumentWrites writes, FaultPoint faults, String stage,
                                MongoCollection<Document> collection, Document conversation, String idField,
                                Set<String> removed, List<Document> put) {
        if (!removed.isEmpty()) {
            writes.deleteAll(collection, Filters.and(conversation, Filters.in(idField, removed)));
        }
        for (int i = 0; i < put.size(); i++) {
            Document doc = put.get(i);
            writes.upsert(collection, Filters.and(conversation, Filters.eq(idField, doc.getString(idField))), doc);
            faults.reached(stage, i);
        }
    }
}
