package dev.roster.mongo;

import com.mongodb.client.MongoCollection;
import dev.roster.core.domain.ConversationQuery;
import dev.roster.core.domain.ConversationRecord;
import dev.roster.core.domain.InboxEntry;
import dev.roster.core.domain.Message;
import dev.roster.core.spi.ConversationStore;
import dev.roster.core.spi.ConversationWrite;
import dev.roster.core.spi.InboxPage;
import dev.roster.core.spi.MessageCursor;
import dev.roster.core.spi.Versioned;
import org.bson.Document;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Conversations in three collections scoped by app id: {@code conversations} (the aggregate's
 * version, own fields, last message id, lock and change outbox; {@link ConversationReads}),
 * {@code inbox} (one entry per user and conversation; {@link InboxEntries}) and {@code messages}
 * ({@link ConversationMessages}). A write is a compare-and-set on the conversation document's
 * version, made all or nothing by the store's {@link WritePath} ({@link ConversationWrites}). A
 * delete turns the conversation document into its tombstone, which no read but
 * {@link #tombstoneVersion} returns; a create of the deleted id claims the tombstone by its
 * version, like any other write, so the id's versions go on.
 */
final class MongoConversations implements ConversationStore {

    private final MongoCollection<Document> conversations;
    private final ConversationReads reads;
    private final InboxEntries inbox;
    private final ConversationMessages messages;
    private final ConversationWrites writes;
    private final WritePath path;
    private final MongoChangeLog log;

    MongoConversations(MongoCollection<Document> conversations, InboxEntries inbox, ConversationMessages messages,
                       ConversationWrites writes, WritePath path, MongoChangeLog log) {
        this.conversations = conversations;
        this.reads = new ConversationReads(conversations, inbox, messages);
        this.inbox = inbox;
        this.messages = messages;
        this.writes = writes;
        this.path = path;
        this.log = log;
    }

    @Override
    public Map<String, Versioned<ConversationRecord>> load(String appId, Collection<String> conversationIds) {
        if (conversationIds.isEmpty()) {
            return Map.of();
        }
        List<String> ids = new ArrayList<>(new LinkedHashSet<>(conversationIds));
        return MongoErrors.call("loading " + ids.size() + " conversations of app " + appId, () -> reads.load(appId, ids));
    }

    @Override
    public long tombstoneVersion(String appId, String conversationId) {
        return MongoErrors.call("reading the tombstone of conversation " + conversationId,
                () -> reads.tombstoneVersion(appId, conversationId));
    }

    @Override
    public boolean write(String appId, ConversationWrite write) {
        // Version 0 names an id never used: it has no conversation to delete.
        if (write.isDelete() && write.expectedVersion() == 0) {
            return false;
        }
        String id = write.conversationId();
        boolean written = MongoErrors.call("writing conversation " + id + " of app " + appId,
                () -> path.write(writes.of(appId, write)));
        if (written) {
            MongoErrors.run("recording the change of conversation " + id,
                    () -> log.relay(conversations, ConversationDocuments.CONVERSATION, ConversationDocuments.key(appId, id)));
        }
        return written;
    }

    /** Moves every outbox entry left by a crashed writer into the change log. */
    void relayAll() {
        MongoErrors.run("recording pending conversation changes",
                () -> log.relay(conversations, ConversationDocuments.CONVERSATION, new Document()));
    }

    @Override
    public List<String> listIds(String appId, String startingAfter, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return MongoErrors.call("listing conversations of app " + appId, () -> reads.listIds(appId, startingAfter, limit));
    }

    @Override
    public long count(String appId) {
        return MongoErrors.call("counting conversations of app " + appId, () -> reads.count(appId));
    }

    @Override
    public long countMessages(String appId) {
        return MongoErrors.call("counting messages of app " + appId, () -> messages.count(appId));
    }

    @Override
    public InboxPage listInbox(String appId, ConversationQuery query) {
        return MongoErrors.call("listing the conversations of user " + query.userId() + " in app " + appId, () -> {
            InboxEntry start = null;
            if (query.startingAfter() != null) {
                start = inbox.find(appId, query.userId(), query.startingAfter());
                if (!query.canStartAfter(start)) {
                    return InboxPage.unknownCursor();
                }
            }
            List<InboxEntry> page = inbox.list(appId, query, query.cursor(start));
            List<String> ids = page.stream().map(InboxEntry::conversationId).toList();
            return InboxPage.of(page, ids.isEmpty() ? Map.of() : reads.load(appId, ids));
        });
    }

    @Override
    public List<Message> messages(String appId, String conversationId, MessageCursor after, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return MongoErrors.call("reading messages of conversation " + conversationId,
                () -> messages.page(appId, conversationId, after, limit));
    }

    @Override
    public List<Message> messagesBySender(String appId, String senderId, MessageCursor after, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return MongoErrors.call("reading messages sent by " + senderId,
                () -> messages.bySender(appId, senderId, after, limit));
    }

    @Override
    public Map<String, Message> findMessages(String appId, String conversationId, Collection<String> messageIds) {
        if (messageIds.isEmpty()) {
            return Map.of();
        }
        return MongoErrors.call("reading messages of conversation " + conversationId,
                () -> messages.find(appId, List.of(conversationId), messageIds));
    }

    @Override
    public Map<String, String> idempotencyKeys(String appId, String conversationId, Collection<String> keys) {
        if (keys.isEmpty()) {
            return Map.of();
        }
        return MongoErrors.call("reading idempotency keys of conversation " + conversationId,
                () -> messages.idempotencyKeys(appId, conversationId, keys));
    }

    @Override
    public long countMessages(String appId, String conversationId, long createdAfter, String excludedSender) {
        return MongoErrors.call("counting messages of conversation " + conversationId,
                () -> messages.count(appId, conversationId, createdAfter, excludedSender));
    }
}
