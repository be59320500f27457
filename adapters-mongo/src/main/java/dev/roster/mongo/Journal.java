package dev.roster.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.bson.types.ObjectId;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The journal of multi-document writes on a deployment without transactions: one document per
 * write, holding all of it, with a state that moves {@code pending -> committed} (the commit point)
 * or {@code pending -> aborted} by single-document compare-and-sets, and a lease. The writer owns
 * its entry until the lease expires; after that, any process may take it over (one at a time, by a
 * compare-and-set on the lease) and finish it: roll a committed write forward, abort a pending one.
 */
final class Journal {

    static final String KIND = "kind";
    static final String APP = "app";
    static final String STATE = "state";
    static final String EXPIRES = "expires";
    static final String PENDING = "pending";
    static final String COMMITTED = "committed";
    static final String ABORTED = "aborted";

    private final MongoCollection<Document> entries;
    private final Clock clock;
    private final Duration lease;

    Journal(MongoCollection<Document> entries, Clock clock, Duration lease) {
        this.entries = entries;
        this.clock = clock;
        this.lease = lease;
    }

    /** Writes a pending entry holding {@code payload} (whose fields are ours); returns its id. */
    ObjectId begin(String kind, String appId, Document payload) {
        ObjectId id = new ObjectId();
        Document entry = new Document("_id", id).append(KIND, kind).append(APP, appId).append(STATE, PENDING)
                .append(EXPIRES, clock.millis() + lease.toMillis());
        entry.putAll(payload);
        entries.insertOne(entry);
        return id;
    }

    /** Moves the entry from pending to committed; false if it was aborted meanwhile. */
    boolean commit(ObjectId id) {
        return entries.updateOne(Filters.and(Filters.eq("_id", id), Filters.eq(STATE, PENDING)),
                Updates.set(STATE, COMMITTED)).getMatchedCount() == 1;
    }

    /**
     * Moves the entry from pending to aborted.
     *
     * @return the entry as it is now, or null if it no longer exists
     */
    Document abort(ObjectId id) {
        entries.updateOne(Filters.and(Filters.eq("_id", id), Filters.eq(STATE, PENDING)), Updates.set(STATE, ABORTED));
        return find(id);
    }

    /** The entry, or null. */
    Document find(ObjectId id) {
        return entries.find(Filters.eq("_id", id)).first();
    }

    /** Removes the finished entry. */
    void finish(ObjectId id) {
        entries.deleteOne(Filters.eq("_id", id));
    }

    /** Every entry, oldest first. */
    List<Document> all() {
        List<Document> all = new ArrayList<>();
        entries.find().sort(new Document("_id", 1)).forEach(all::add);
        return all;
    }

    /**
     * Takes over an entry whose lease has expired, renewing the lease for this process.
     *
     * @return false if the lease has not expired or another process took it over first
     */
    boolean takeOver(Document entry) {
        long expires = entry.getLong(EXPIRES);
        long now = clock.millis();
        if (expires > now) {
            return false;
        }
        return entries.updateOne(Filters.and(Filters.eq("_id", entry.getObjectId("_id")), Filters.eq(EXPIRES, expires)),
                Updates.set(EXPIRES, now + lease.toMillis())).getMatchedCount() == 1;
    }
}
