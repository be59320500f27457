package dev.roster.mongo;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The write path of a deployment without transactions (a standalone {@code mongod}, the in-process
 * test server), built on single-document atomicity only, for every kind of {@link AtomicWrite}:
 * <ol>
 *   <li>a journal entry holding the whole write is inserted, state {@code pending};</li>
 *   <li>each target is claimed: a compare-and-set on its version that only sets {@code lock} to the
 *       entry's id (an id never used is claimed by a placeholder of version 0, which readers skip);</li>
 *   <li>the entry moves {@code pending -> committed} in one compare-and-set: the commit point;</li>
 *   <li>the write's parts run (idempotent), then each target gets its new state and outbox entry
 *       and loses its lock, in one update that matches only while the lock is there;</li>
 *   <li>the entry is deleted; the caller relays the outbox entries to the change log.</li>
 * </ol>
 * A conflict before the commit point releases the claims: nothing was written. After a crash,
 * {@link #recoverAll} (run on start and regularly by every process) and any writer that meets a
 * claim rebuild the write with the decoder of its kind and roll it forward if committed (a user
 * batch at once, others once the lease has expired) or abort it if pending and its lease has
 * expired, so every write ends all or nothing. Until then, readers may see part of a committed
 * write, never a part that is lost.
 */
final class JournaledWrites implements WritePath {

    private final Journal journal;
    private final Map<String, AtomicWrite.Decoder> decoders;
    private final List<MongoCollection<Document>> claimable;
    private final Supplier<FaultPoint> faults;

    /**
     * @param decoders  the decoder of each kind of write; entries of another kind are left alone
     * @param claimable every collection whose documents a write may claim
     */
    JournaledWrites(Journal journal, Map<String, AtomicWrite.Decoder> decoders,
                    List<MongoCollection<Document>> claimable, Supplier<FaultPoint> faults) {
        this.journal = journal;
        this.decoders = Map.copyOf(decoders);
        this.claimable = List.copyOf(claimable);
        this.faults = faults;
    }

    @Override
    public boolean write(AtomicWrite write) {
        ObjectId id = journal.begin(write.kind(), write.appId(), write.payload());
        List<Target> targets = write.targets();
        for (int i = 0; i < targets.size(); i++) {
            if (!claim(id, targets.get(i))) {
                abort(id, write.appId());
                return false;
            }
            faults.get().reached(FaultPoint.CLAIMED, i);
        }
        if (!journal.commit(id)) {
            abort(id, write.appId());
            return false;
        }
        faults.get().reached(FaultPoint.COMMITTED, 0);
        apply(id, write);
        return true;
    }

    private boolean claim(ObjectId id, Target target) {
        if (target.expectedVersion() == 0) {
            try {
                target.collection().insertOne(target.placeholder(id));
                return true;
            } catch (MongoException e) {
                if (!MongoErrors.isDuplicateKey(e)) {
                    throw e;
                }
            }
        } else if (target.collection().updateOne(target.expected(), Updates.set(Target.LOCK, id)).getMatchedCount() == 1) {
            return true;
        }
        finishHolder(target);
        return false;
    }

    /** Finishes the write holding a claim on the target's document, if its lease has expired. */
    private void finishHolder(Target target) {
        Document doc = target.collection().find(target.key()).first();
        if (doc != null && doc.get(Target.LOCK) instanceof ObjectId holder) {
            Document entry = journal.find(holder);
            if (entry == null) {
                abort(holder, doc.getString(Target.APP));
            } else {
                recover(entry);
            }
        }
    }

    private void apply(ObjectId id, AtomicWrite write) {
        write.parts().write(DocumentWrites.DIRECT, faults.get());
        List<Target> targets = write.targets();
        for (int i = 0; i < targets.size(); i++) {
            Target target = targets.get(i);
            target.collection().updateOne(target.claimedBy(id), target.update());
            faults.get().reached(FaultPoint.APPLIED, i);
        }
        journal.finish(id);
        faults.get().reached(FaultPoint.FINISHED, 0);
    }

    /**
     * Aborts the write unless it committed first (then it is rolled forward instead), and releases
     * its claims. Also releases the claims of an entry that is gone: a claim that landed after
     * another process aborted its write.
     */
    private void abort(ObjectId id, String appId) {
        Document entry = journal.abort(id);
        if (entry != null && Journal.COMMITTED.equals(entry.getString(Journal.STATE))) {
            apply(id, decode(entry));
            return;
        }
        for (MongoCollection<Document> collection : claimable) {
            Bson claimed = Filters.and(Filters.eq(Target.APP, appId), Filters.eq(Target.LOCK, id));
            collection.deleteMany(Filters.and(claimed, Filters.eq(Target.VERSION, 0L)));
            collection.updateMany(claimed, Updates.unset(Target.LOCK));
        }
        journal.finish(id);
    }

    /**
     * Finishes a write: rolled forward if committed, aborted otherwise once its lease has expired.
     * A committed write of targets only (a user batch) is rolled forward at once, lease or not:
     * each target's update matches only while the write's lock is on it, so applying it next to a
     * live writer changes nothing twice, and after a crash the batch is whole again before the
     * restarted store answers a read. A write with other parts waits for its lease, since those
     * parts are not guarded by the lock and must not run again after a later write. Safe to run in
     * any number of processes at once.
     *
     * @return whether this call finished it
     */
    private boolean recover(Document entry) {
        ObjectId id = entry.getObjectId("_id");
        boolean committed = Journal.COMMITTED.equals(entry.getString(Journal.STATE));
        AtomicWrite write = committed ? decode(entry) : null;
        if (committed && write.parts() == AtomicWrite.Parts.NONE) {
            apply(id, write);
            return true;
        }
        if (!journal.takeOver(entry)) {
            return false;
        }
        if (committed) {
            apply(id, write);
        } else {
            abort(id, entry.getString(Journal.APP));
        }
        return true;
    }

    /**
     * Finishes every write of a known kind whose lease has expired, and releases claims whose
     * journal entry is gone.
     *
     * @return the number of writes finished or released
     */
    int recoverAll() {
        int ended = 0;
        for (Document entry : journal.all()) {
            if (decoders.containsKey(entry.getString(Journal.KIND)) && recover(entry)) {
                ended++;
            }
        }
        return ended + releaseOrphans();
    }

    private int releaseOrphans() {
        Map<ObjectId, String> orphans = new LinkedHashMap<>();
        for (MongoCollection<Document> collection : claimable) {
            List<Document> claimed = new ArrayList<>();
            collection.find(Filters.exists(Target.LOCK)).forEach(claimed::add);
            for (Document doc : claimed) {
                ObjectId holder = doc.getObjectId(Target.LOCK);
                if (journal.find(holder) == null) {
                    orphans.putIfAbsent(holder, doc.getString(Target.APP));
                }
            }
        }
        orphans.forEach(this::abort);
        return orphans.size();
    }

    private AtomicWrite decode(Document entry) {
        AtomicWrite.Decoder decoder = decoders.get(entry.getString(Journal.KIND));
        if (decoder == null) {
            throw new IllegalStateException("journal entry " + entry.getObjectId("_id") + " is of unknown kind "
                    + entry.getString(Journal.KIND));
        }
        return decoder.decode(entry);
    }
}
