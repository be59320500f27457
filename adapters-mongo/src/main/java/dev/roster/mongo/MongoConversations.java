package dev.roster.mongo;

import com.mongodb.MongoException;
import com.mongodb.ReadConcern;
import com.mongodb.TransactionOptions;
import com.mongodb.WriteConcern;
import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.roster.core.domain.ConversationQuery;
import dev.roster.core.domain.ConversationRecord;
import dev.roster.core.domain.InboxEntry;
import dev.roster.core.domain.Message;
import dev.roster.core.spi.ChangeKind;
import dev.roster.core.spi.ConversationStore;
import dev.roster.core.spi.ConversationWrite;
import dev.roster.core.spi.InboxPage;
import dev.roster.core.spi.MessageCursor;
import dev.roster.core.spi.Versioned;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static dev.roster.mongo.ConversationDocuments.APP;
import static dev.roster.mongo.ConversationDocuments.CONVERSATION;
import static dev.roster.mongo.ConversationDocuments.CONVERSATION_ORDER;
import static dev.roster.mongo.ConversationDocuments.CREATED_AT;
import static dev.roster.mongo.ConversationDocuments.DELETED;
import static dev.roster.mongo.ConversationDocuments.IDEMPOTENCY_KEY;
import static dev.roster.mongo.ConversationDocuments.LAST_MESSAGE;
import static dev.roster.mongo.ConversationDocuments.MESSAGE;
import static dev.roster.mongo.ConversationDocuments.MESSAGE_ORDER;
import static dev.roster.mongo.ConversationDocuments.SENDER;
import static dev.roster.mongo.ConversationDocuments.USER;
import static dev.roster.mongo.ConversationDocuments.VERSION;

/**
 * Conversations in three collections scoped by app id: {@code conversations} (the aggregate's
 * version, own fields, last message id, lock and change outbox), {@code inbox} (one entry per
 * user and conversation carrying its own sort and filter keys) and {@code messages}. A write is
 * a compare-and-set on the conversation document's version: inside one transaction where the
 * deployment has them, otherwise journaled like a user batch (see {@link JournaledWrites}): the
 * conversation document is claimed with a lock, the journal entry committed, then entries,
 * messages and finally the conversation document are written; recovery finishes it after a crash.
 * A delete turns the conversation document into its tombstone, in the same single-document
 * update that ends the write: only the key, the version and the outbox stay, {@code deleted} is
 * set, and no read but {@link #tombstoneVersion} returns it. A create of the deleted id claims the
 * tombstone by its version, like any other write, so the id's versions go on.
 */
final class MongoConversations implements ConversationStore {

    static final String KIND = "conversation";
    private static final String LOCK = UserDocuments.LOCK;
    private static final TransactionOptions TRANSACTION = TransactionOptions.builder()
            .readConcern(ReadConcern.SNAPSHOT).writeConcern(WriteConcern.MAJORITY).build();

    private final MongoClient client;
    private final boolean transactions;
    private final MongoCollection<Document> conversations;
    private final MongoCollection<Document> inbox;
    private final MongoCollection<Document> messages;
    private final MongoChangeLog log;
    private final Journal journal;
    private final Supplier<FaultPoint> faults;

    MongoConversations(MongoClient client, boolean transactions, MongoCollection<Document> conversations,
                       MongoCollection<Document> inbox, MongoCollection<Document> messages, MongoChangeLog log,
                       Journal journal, Supplier<FaultPoint> faults) {
        this.client = client;
        this.transactions = transactions;
        this.conversations = conversations;
        this.inbox = inbox;
        this.messages = messages;
        this.log = log;
        this.journal = journal;
        this.faults = faults;
    }

    /**
     * A conversation: neither a tombstone nor the placeholder of a create's claim (which has no
     * {@code deleted} field). An equality, so listing walks the index {@code conversations_app_live_order}
     * over conversations only.
     */
    private static Bson live() {
        return Filters.eq(DELETED, false);
    }

    private static Bson keyOf(String appId, String conversationId) {
        return Filters.and(Filters.eq(APP, appId), Filters.eq(CONVERSATION, conversationId));
    }

    @Override
    public Map<String, Versioned<ConversationRecord>> load(String appId, Collection<String> conversationIds) {
        if (conversationIds.isEmpty()) {
            return Map.of();
        }
        List<String> ids = new ArrayList<>(new LinkedHashSet<>(conversationIds));
        return MongoErrors.call("loading " + ids.size() + " conversations of app " + appId, () -> {
            List<Document> docs = new ArrayList<>();
            conversations.find(Filters.and(Filters.eq(APP, appId), Filters.in(CONVERSATION, ids), live()))
                    .forEach(docs::add);
            if (docs.isEmpty()) {
                return Map.<String, Versioned<ConversationRecord>>of();
            }
            List<String> found = docs.stream().map(d -> d.getString(CONVERSATION)).toList();
            Map<String, Map<String, InboxEntry>> entries = new HashMap<>();
            inbox.find(Filters.and(Filters.eq(APP, appId), Filters.in(CONVERSATION, found))).forEach(d -> {
                InboxEntry e = ConversationDocuments.entry(d);
                entries.computeIfAbsent(e.conversationId(), c -> new HashMap<>()).put(e.userId(), e);
            });
            List<String> lastIds = docs.stream().map(d -> d.getString(LAST_MESSAGE)).filter(m -> m != null).toList();
            Map<String, Message> last = new HashMap<>();
            if (!lastIds.isEmpty()) {
                messages.find(Filters.and(Filters.eq(APP, appId), Filters.in(CONVERSATION, found),
                        Filters.in(MESSAGE, lastIds))).forEach(d -> last.put(d.getString(MESSAGE), ConversationDocuments.message(d)));
            }
            Map<String, Versioned<ConversationRecord>> result = new HashMap<>();
            for (Document d : docs) {
                String id = d.getString(CONVERSATION);
                String lastId = d.getString(LAST_MESSAGE);
                result.put(id, new Versioned<>(new ConversationRecord(ConversationDocuments.conversation(d),
                        lastId == null ? null : last.get(lastId), entries.getOrDefault(id, Map.of())), d.getLong(VERSION)));
            }
            return result;
        });
    }

    @Override
    public long tombstoneVersion(String appId, String conversationId) {
        return MongoErrors.call("reading the tombstone of conversation " + conversationId, () -> {
            Document tombstone = conversations.find(Filters.and(keyOf(appId, conversationId), Filters.eq(DELETED, true)))
                    .projection(new Document(VERSION, 1)).first();
            return tombstone == null ? 0L : tombstone.getLong(VERSION);
        });
    }

    /**
     * The document a write expects: its id at the expected version, which for a version above 0
     * is the conversation's or, for a create, its tombstone's (versions never repeat for an id);
     * a delete needs the conversation.
     */
    private static Bson expected(String appId, ConversationWrite write) {
        Bson version = Filters.and(keyOf(appId, write.conversationId()), Filters.eq(VERSION, write.expectedVersion()));
        return write.isDelete() ? Filters.and(version, Filters.ne(DELETED, true)) : version;
    }

    @Override
    public boolean write(String appId, ConversationWrite write) {
        boolean written = MongoErrors.call("writing conversation " + write.conversationId() + " of app " + appId,
                () -> transactions ? writeInTransaction(appId, write) : writeJournaled(appId, write));
        if (written) {
            relay(appId, write.conversationId());
        }
        return written;
    }

    private void relay(String appId, String conversationId) {
        MongoErrors.run("recording the change of conversation " + conversationId,
                () -> log.relay(conversations, CONVERSATION, keyOf(appId, conversationId)));
    }

    /** Moves every outbox entry left by a crashed writer into the change log. */
    void relayAll() {
        MongoErrors.run("recording pending conversation changes", () -> log.relay(conversations, CONVERSATION, new Document()));
    }

    private boolean writeInTransaction(String appId, ConversationWrite write) {
        try (ClientSession session = client.startSession()) {
            return session.withTransaction(() -> {
                boolean claimed = write.expectedVersion() == 0 ? insertNew(session, appId, write)
                        : conversations.updateOne(session, expected(appId, write), finalUpdate(write)).getMatchedCount() == 1;
                if (!claimed) {
                    throw new VersionConflict();
                }
                applyParts(session, appId, write);
                return true;
            }, TRANSACTION);
        } catch (VersionConflict conflict) {
            return false;
        }
    }

    private boolean insertNew(ClientSession session, String appId, ConversationWrite write) {
        Document doc = ConversationDocuments.key(appId, write.conversationId()).append(VERSION, 0L);
        try {
            conversations.insertOne(session, doc);
        } catch (MongoException e) {
            if (MongoErrors.isDuplicateKey(e)) {
                return false;
            }
            throw e;
        }
        return conversations.updateOne(session, keyOf(appId, write.conversationId()), finalUpdate(write))
                .getMatchedCount() == 1;
    }

    /**
     * The last step of a write: the conversation document's new state (for a delete, its
     * tombstone) and its change, lock released.
     */
    private static Bson finalUpdate(ConversationWrite write) {
        Bson state = write.isDelete() ? ConversationDocuments.tombstone(write.newVersion())
                : MongoUsers.setAll(ConversationDocuments.fields(write.conversation(), write.newVersion(),
                write.lastMessageId()));
        return Updates.combine(state, Updates.unset(LOCK),
                Updates.push(UserDocuments.OUTBOX, MongoChangeLog.outboxEntry(ChangeKind.CONVERSATION, write.newVersion())));
    }

    /** Entries and messages of a write, each an idempotent single-document operation. */
    private void applyParts(ClientSession session, String appId, ConversationWrite write) {
        String id = write.conversationId();
        if (write.isDelete()) {
            deleteMany(session, inbox, keyOf(appId, id));
            faults.get().reached("removed", 0);
            deleteMany(session, messages, keyOf(appId, id));
            faults.get().reached("removed", 1);
            return;
        }
        if (!write.removeEntries().isEmpty()) {
            deleteMany(session, inbox, Filters.and(keyOf(appId, id), Filters.in(USER, write.removeEntries())));
        }
        int step = 0;
        for (InboxEntry e : write.putEntries()) {
            replace(session, inbox, Filters.and(keyOf(appId, id), Filters.eq(USER, e.userId())),
                    ConversationDocuments.entry(appId, e));
            faults.get().reached("entry", step++);
        }
        if (!write.removeMessages().isEmpty()) {
            deleteMany(session, messages, Filters.and(keyOf(appId, id), Filters.in(MESSAGE, write.removeMessages())));
        }
        for (Message m : write.putMessages()) {
            replace(session, messages, Filters.and(keyOf(appId, id), Filters.eq(MESSAGE, m.id())),
                    ConversationDocuments.message(appId, m));
            faults.get().reached("message", step++);
        }
    }

    private static void deleteMany(ClientSession session, MongoCollection<Document> c, Bson filter) {
        if (session == null) {
            c.deleteMany(filter);
        } else {
            c.deleteMany(session, filter);
        }
    }

    private static void replace(ClientSession session, MongoCollection<Document> c, Bson filter, Document doc) {
        ReplaceOptions upsert = new ReplaceOptions().upsert(true);
        if (session == null) {
            c.replaceOne(filter, doc, upsert);
        } else {
            c.replaceOne(session, filter, doc, upsert);
        }
    }

    private boolean writeJournaled(String appId, ConversationWrite write) {
        String id = write.conversationId();
        ObjectId batchId = journal.begin(KIND, appId, encode(appId, write));
        if (!claim(appId, batchId, write)) {
            abort(batchId, appId, id);
            return false;
        }
        faults.get().reached("claimed", 0);
        if (!journal.commit(batchId)) {
            abort(batchId, appId, id);
            return false;
        }
        apply(batchId, appId, write);
        return true;
    }

    /**
     * Claims the conversation document at the expected version (a tombstone, for a create of a
     * deleted id), or, for an id never used, a placeholder of version 0 that readers skip.
     */
    private boolean claim(String appId, ObjectId batchId, ConversationWrite write) {
        if (write.expectedVersion() == 0) {
            try {
                conversations.insertOne(ConversationDocuments.key(appId, write.conversationId())
                        .append(VERSION, 0L).append(LOCK, batchId));
                return true;
            } catch (MongoException e) {
                if (!MongoErrors.isDuplicateKey(e)) {
                    throw e;
                }
            }
        } else if (conversations.updateOne(Filters.and(expected(appId, write), Filters.exists(LOCK, false)),
                Updates.set(LOCK, batchId)).getMatchedCount() == 1) {
            return true;
        }
        helpOther(appId, write.conversationId());
        return false;
    }

    private void helpOther(String appId, String conversationId) {
        Document doc = conversations.find(keyOf(appId, conversationId)).first();
        if (doc != null && doc.get(LOCK) instanceof ObjectId other) {
            Document batch = journal.find(other);
            if (batch == null) {
                abort(other, appId, conversationId);
            } else {
                recover(batch);
            }
        }
    }

    private void apply(ObjectId batchId, String appId, ConversationWrite write) {
        applyParts(null, appId, write);
        conversations.updateOne(Filters.and(keyOf(appId, write.conversationId()), Filters.eq(LOCK, batchId)),
                finalUpdate(write));
        journal.finish(batchId);
    }

    private void abort(ObjectId batchId, String appId, String conversationId) {
        Document batch = journal.abort(batchId);
        if (batch != null && Journal.COMMITTED.equals(batch.getString(Journal.STATE))) {
            apply(batchId, appId, decode(batch));
            return;
        }
        Bson claimed = Filters.and(keyOf(appId, conversationId), Filters.eq(LOCK, batchId));
        conversations.deleteOne(Filters.and(claimed, Filters.eq(VERSION, 0L)));
        conversations.updateOne(claimed, Updates.unset(LOCK));
        journal.finish(batchId);
    }

    /**
     * Finishes a conversation write whose lease has expired: rolled forward if committed,
     * aborted otherwise.
     *
     * @return whether this call finished it
     */
    boolean recover(Document batch) {
        if (!journal.takeOver(batch)) {
            return false;
        }
        ObjectId batchId = batch.getObjectId("_id");
        String appId = batch.getString(Journal.APP);
        ConversationWrite write = decode(batch);
        if (Journal.COMMITTED.equals(batch.getString(Journal.STATE))) {
            apply(batchId, appId, write);
        } else {
            abort(batchId, appId, write.conversationId());
        }
        return true;
    }

    /** Releases conversation claims whose journal entry is gone; returns how many. */
    int releaseOrphans() {
        List<Document> locked = new ArrayList<>();
        conversations.find(Filters.exists(LOCK)).forEach(locked::add);
        int released = 0;
        for (Document doc : locked) {
            ObjectId other = doc.getObjectId(LOCK);
            if (journal.find(other) == null) {
                abort(other, doc.getString(APP), doc.getString(CONVERSATION));
                released++;
            }
        }
        return released;
    }

    private static Document encode(String appId, ConversationWrite w) {
        return new Document("cid", w.conversationId()).append("expected", w.expectedVersion())
                .append("conversation", w.isDelete() ? null : ConversationDocuments.fields(w.conversation(), 0, null)
                        .append(CONVERSATION, w.conversationId()))
                .append("lastMessageId", w.lastMessageId())
                .append("putEntries", w.putEntries().stream().map(e -> ConversationDocuments.entry(appId, e)).toList())
                .append("removeEntries", new ArrayList<>(w.removeEntries()))
                .append("putMessages", w.putMessages().stream().map(m -> ConversationDocuments.message(appId, m)).toList())
                .append("removeMessages", new ArrayList<>(w.removeMessages()));
    }

    private static ConversationWrite decode(Document d) {
        Document c = d.get("conversation", Document.class);
        return new ConversationWrite(d.getString("cid"), d.getLong("expected"),
                c == null ? null : ConversationDocuments.conversation(c), d.getString("lastMessageId"),
                d.getList("putEntries", Document.class).stream().map(ConversationDocuments::entry).toList(),
                new LinkedHashSet<>(d.getList("removeEntries", String.class)),
                d.getList("putMessages", Document.class).stream().map(ConversationDocuments::message).toList(),
                new LinkedHashSet<>(d.getList("removeMessages", String.class)));
    }

    @Override
    public List<String> listIds(String appId, String startingAfter, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        Bson filter = Filters.and(Filters.eq(APP, appId), live());
        if (startingAfter != null) {
            filter = Filters.and(filter, Filters.gt(CONVERSATION_ORDER, OrderKey.of(startingAfter)));
        }
        Bson query = filter;
        return MongoErrors.call("listing conversations of app " + appId, () -> {
            List<String> ids = new ArrayList<>();
            conversations.find(query).sort(Sorts.ascending(CONVERSATION_ORDER)).limit(limit)
                    .forEach(d -> ids.add(d.getString(CONVERSATION)));
            return ids;
        });
    }

    @Override
    public InboxPage listInbox(String appId, ConversationQuery query) {
        return MongoErrors.call("listing the conversations of user " + query.userId() + " in app " + appId, () -> {
            InboxEntry start = null;
            if (query.startingAfter() != null) {
                Document found = inbox.find(Filters.and(Filters.eq(APP, appId), Filters.eq(USER, query.userId()),
                        Filters.eq(CONVERSATION, query.startingAfter()))).first();
                start = found == null ? null : ConversationDocuments.entry(found);
                if (!query.canStartAfter(start)) {
                    return InboxPage.unknownCursor();
                }
            }
            List<InboxEntry> page = new ArrayList<>(query.limit());
            inbox.find(InboxQueries.filter(appId, query, query.cursor(start))).sort(InboxQueries.sort(query))
                    .limit(query.limit()).forEach(d -> page.add(ConversationDocuments.entry(d)));
            return InboxPage.of(page, load(appId, page.stream().map(InboxEntry::conversationId).toList()));
        });
    }

    @Override
    public List<Message> messages(String appId, String conversationId, MessageCursor after, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        Bson filter = keyOf(appId, conversationId);
        if (after != null) {
            filter = Filters.and(filter, Filters.or(Filters.lt(CREATED_AT, after.createdAt()),
                    Filters.and(Filters.eq(CREATED_AT, after.createdAt()),
                            Filters.lt(MESSAGE_ORDER, OrderKey.of(after.messageId())))));
        }
        Bson query = filter;
        return MongoErrors.call("reading messages of conversation " + conversationId, () -> {
            List<Message> page = new ArrayList<>();
            messages.find(query).sort(Sorts.descending(CREATED_AT, MESSAGE_ORDER)).limit(limit)
                    .forEach(d -> page.add(ConversationDocuments.message(d)));
            return page;
        });
    }

    @Override
    public Map<String, Message> findMessages(String appId, String conversationId, Collection<String> messageIds) {
        if (messageIds.isEmpty()) {
            return Map.of();
        }
        return MongoErrors.call("reading messages of conversation " + conversationId, () -> {
            Map<String, Message> found = new HashMap<>();
            messages.find(Filters.and(keyOf(appId, conversationId), Filters.in(MESSAGE, new LinkedHashSet<>(messageIds))))
                    .forEach(d -> found.put(d.getString(MESSAGE), ConversationDocuments.message(d)));
            return found;
        });
    }

    @Override
    public Map<String, String> idempotencyKeys(String appId, String conversationId, Collection<String> keys) {
        if (keys.isEmpty()) {
            return Map.of();
        }
        return MongoErrors.call("reading idempotency keys of conversation " + conversationId, () -> {
            Map<String, String> found = new HashMap<>();
            messages.find(Filters.and(keyOf(appId, conversationId), Filters.in(IDEMPOTENCY_KEY, new LinkedHashSet<>(keys))))
                    .forEach(d -> found.put(d.getString(IDEMPOTENCY_KEY), d.getString(MESSAGE)));
            return found;
        });
    }

    @Override
    public long countMessages(String appId, String conversationId, long createdAfter, String excludedSender) {
        Bson filter = Filters.and(keyOf(appId, conversationId), Filters.gt(CREATED_AT, createdAfter));
        if (excludedSender != null) {
            filter = Filters.and(filter, Filters.ne(SENDER, excludedSender));
        }
        Bson query = filter;
        return MongoErrors.call("counting messages of conversation " + conversationId,
                () -> messages.countDocuments(query));
    }

    /** Ends the transaction body when the version differs; never leaves this class. */
    private static final class VersionConflict extends RuntimeException {
        private static final long serialVersionUID = 1L;

        VersionConflict() {
            super("the stored version differs", null, false, false);
        }
    }
}
