package dev.roster.mongo;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.roster.core.spi.ChangeKind;
import dev.roster.core.spi.FeedEntry;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;

import java.util.ArrayList;
import java.util.List;

/**
 * One versioned document that a write compares and sets: where it is, the version the writer read
 * and the state it gets. Every write path builds its filters and updates from here, so a document
 * is checked, claimed and written the same way on each. Field names are ours, never user input.
 *
 * @param collection      the document's collection
 * @param key             its key (app id and entity id), used as an equality filter
 * @param sortKey         the order key stored with a new document
 * @param expectedVersion the version the writer read; 0 for an id never used
 * @param condition       what else the expected document must match, or null
 * @param state           the fields it gets, its new version ({@link #VERSION}) among them
 * @param cleared         the fields it loses
 * @param kind            the kind of its change-log entry
 * @param feed            what its change-log entry records for the change feed
 */
record Target(MongoCollection<Document> collection, Document key, Document sortKey, long expectedVersion,
              Bson condition, Document state, List<String> cleared, ChangeKind kind, FeedEntry feed) {

    /** The app id of every versioned document. */
    static final String APP = "app";
    /** The version of a document; 0 for the placeholder that claims a new id, which readers skip. */
    static final String VERSION = "v";
    /** The id of the journal entry of the write that claimed the document, while it runs. */
    static final String LOCK = "lock";
    /** Change-log entries written with the document and not yet relayed to the log. */
    static final String OUTBOX = "outbox";

    Target {
        cleared = List.copyOf(cleared);
    }

    /** The version the write stores. */
    long newVersion() {
        return state.getLong(VERSION);
    }

    /** The document at the expected version, claimed by no write. */
    Bson expected() {
        List<Bson> all = new ArrayList<>(List.of(key, Filters.eq(VERSION, expectedVersion), Filters.exists(LOCK, false)));
        if (condition != null) {
            all.add(condition);
        }
        return Filters.and(all);
    }

    /** The document while the write of journal entry {@code lock} holds it. */
    Bson claimedBy(ObjectId lock) {
        return Filters.and(key, Filters.eq(LOCK, lock));
    }

    /** The placeholder that claims a new id for journal entry {@code lock}. */
    Document placeholder(ObjectId lock) {
        return identity().append(VERSION, 0L).append(LOCK, lock);
    }

    /**
     * The update to the new state: fields set and cleared, the change in the outbox and any lock
     * released. Each call makes a change entry of its own.
     */
    Bson update() {
        List<Bson> updates = new ArrayList<>();
        state.forEach((field, value) -> updates.add(Updates.set(field, value)));
        cleared.forEach(field -> updates.add(Updates.unset(field)));
        updates.add(Updates.unset(LOCK));
        updates.add(Updates.push(OUTBOX, change()));
        return Updates.combine(updates);
    }

    /**
     * Compares and sets the document alone: inserts it whole for an id never used, else updates it
     * if it is still at the expected version and unclaimed.
     *
     * @return false, with nothing written, if the stored version differs or the document is claimed
     */
    boolean compareAndSet(DocumentWrites writes) {
        if (expectedVersion == 0) {
            Document created = identity();
            created.putAll(state);
            created.append(OUTBOX, List.of(change()));
            try {
                writes.insert(collection, created);
                return true;
            } catch (MongoException e) {
                if (MongoErrors.isDuplicateKey(e)) {
                    return false;
                }
                throw e;
            }
        }
        return writes.update(collection, expected(), update());
    }

    private Document identity() {
        Document identity = new Document(key);
        identity.putAll(sortKey);
        return identity;
    }

    private Document change() {
        return MongoChangeLog.outboxEntry(kind, newVersion(), feed);
    }
}
