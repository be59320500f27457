package dev.roster.mongo;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.roster.core.spi.ChangeKind;
import dev.roster.core.spi.UserWrite;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Batches on a deployment without transactions (a standalone {@code mongod}, the in-process test
 * server), built only on single-document atomicity:
 * <ol>
 *   <li>a journal document holding the whole batch is inserted, state {@code pending};</li>
 *   <li>each user is claimed: a compare-and-set on its version that only sets {@code lock} to the
 *       batch id (a new user is claimed by a placeholder of version 0, which readers skip);</li>
 *   <li>the journal moves {@code pending -> committed} in one compare-and-set: the commit point;</li>
 *   <li>each claimed user gets its new fields, its outbox entry and loses its lock, in one update
 *       that matches only while the lock is still there (so applying twice does nothing);</li>
 *   <li>the journal is deleted and the outbox entries are relayed to the change log.</li>
 * </ol>
 * A conflict before the commit point releases the claims: nothing was written. After a crash,
 * {@link #recover} (run at start-up and regularly by every process) takes over a batch whose
 * lease has expired and rolls it forward if committed, or aborts it if pending, so every batch
 * ends all or nothing. Until then, readers may see part of a committed batch, never a part that is
 * lost. A document claimed by an unfinished batch makes other writes of it conflict (core retries).
 */
final class JournaledWrites implements MongoUsers.WriteStrategy {

    static final String KIND = "users";

    private final MongoCollection<Document> users;
    private final Journal journal;
    private final Supplier<FaultPoint> faults;

    JournaledWrites(MongoCollection<Document> users, Journal journal, Supplier<FaultPoint> faults) {
        this.users = users;
        this.journal = journal;
        this.faults = faults;
    }

    @Override
    public boolean write(String appId, List<UserWrite> writes) {
        List<Document> items = new ArrayList<>();
        for (UserWrite w : writes) {
            items.add(new Document("uid", w.user().id()).append("expected", w.expectedVersion())
                    .append("fields", UserDocuments.fields(w.user(), w.newVersion())));
        }
        ObjectId batchId = journal.begin(KIND, appId, new Document("writes", items));
        for (int i = 0; i < writes.size(); i++) {
            if (!claim(appId, batchId, writes.get(i))) {
                abort(batchId, appId);
                return false;
            }
            faults.get().reached("claimed", i);
        }
        if (!journal.commit(batchId)) {
            abort(batchId, appId);
            return false;
        }
        apply(batchId, appId, items);
        return true;
    }

    private boolean claim(String appId, ObjectId batchId, UserWrite write) {
        String userId = write.user().id();
        if (write.expectedVersion() == 0) {
            try {
                users.insertOne(UserDocuments.key(appId, userId).append(UserDocuments.ORDER, OrderKey.of(userId))
                        .append(UserDocuments.VERSION, 0L).append(UserDocuments.LOCK, batchId));
                return true;
            } catch (MongoException e) {
                if (MongoErrors.isDuplicateKey(e)) {
                    helpOther(appId, userId);
                    return false;
                }
                throw e;
            }
        }
        Bson filter = Filters.and(Filters.eq(UserDocuments.APP, appId), Filters.eq(UserDocuments.ID, userId),
                Filters.eq(UserDocuments.VERSION, write.expectedVersion()), Filters.exists(UserDocuments.LOCK, false));
        if (users.updateOne(filter, Updates.set(UserDocuments.LOCK, batchId)).getMatchedCount() == 1) {
            return true;
        }
        helpOther(appId, userId);
        return false;
    }

    /** Finishes the batch holding a lock on this user if its lease has expired. */
    private void helpOther(String appId, String userId) {
        Document doc = users.find(Filters.and(Filters.eq(UserDocuments.APP, appId), Filters.eq(UserDocuments.ID, userId)))
                .first();
        if (doc != null && doc.get(UserDocuments.LOCK) instanceof ObjectId other) {
            Document batch = journal.find(other);
            if (batch == null) {
                abort(other, appId);
            } else {
                recover(batch);
            }
        }
    }

    private void apply(ObjectId batchId, String appId, List<Document> items) {
        for (int i = 0; i < items.size(); i++) {
            Document item = items.get(i);
            Document fields = item.get("fields", Document.class);
            Bson filter = Filters.and(Filters.eq(UserDocuments.APP, appId),
                    Filters.eq(UserDocuments.ID, item.getString("uid")), Filters.eq(UserDocuments.LOCK, batchId));
            users.updateOne(filter, Updates.combine(MongoUsers.setAll(fields), Updates.unset(UserDocuments.LOCK),
                    Updates.push(UserDocuments.OUTBOX,
                            MongoChangeLog.outboxEntry(ChangeKind.USER, fields.getLong(UserDocuments.VERSION)))));
            faults.get().reached("applied", i);
        }
        journal.finish(batchId);
    }

    /**
     * Aborts the batch unless it committed first (then it is rolled forward instead), and releases
     * its claims. Also releases claims of a batch whose journal entry is gone: a claim that landed
     * after its batch was aborted by another process.
     */
    private void abort(ObjectId batchId, String appId) {
        Document batch = journal.abort(batchId);
        if (batch != null && Journal.COMMITTED.equals(batch.getString(Journal.STATE))) {
            apply(batchId, appId, batch.getList("writes", Document.class));
            return;
        }
        Bson claimed = Filters.and(Filters.eq(UserDocuments.APP, appId), Filters.eq(UserDocuments.LOCK, batchId));
        users.deleteMany(Filters.and(claimed, Filters.eq(UserDocuments.VERSION, 0L)));
        users.updateMany(claimed, Updates.unset(UserDocuments.LOCK));
        journal.finish(batchId);
    }

    /**
     * Finishes a batch of this kind whose lease has expired: rolled forward if committed, aborted
     * otherwise. Safe to run in any number of processes at once.
     *
     * @return whether this call finished it
     */
    boolean recover(Document batch) {
        if (!journal.takeOver(batch)) {
            return false;
        }
        ObjectId batchId = batch.getObjectId("_id");
        String appId = batch.getString(Journal.APP);
        if (Journal.COMMITTED.equals(batch.getString(Journal.STATE))) {
            apply(batchId, appId, batch.getList("writes", Document.class));
        } else {
            abort(batchId, appId);
        }
        return true;
    }

    /**
     * Releases claims whose journal entry is gone (a claim that landed after another process
     * aborted its batch).
     *
     * @return the number of orphaned batches released
     */
    int releaseOrphans() {
        List<Document> locked = new ArrayList<>();
        users.find(Filters.exists(UserDocuments.LOCK)).forEach(locked::add);
        int released = 0;
        for (Document doc : locked) {
            ObjectId other = doc.getObjectId(UserDocuments.LOCK);
            if (journal.find(other) == null) {
                abort(other, doc.getString(UserDocuments.APP));
                released++;
            }
        }
        return released;
    }
}
