package dev.roster.mongo;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.roster.core.spi.Change;
import dev.roster.core.spi.ChangeKind;
import dev.roster.core.spi.ChangeLog;
import dev.roster.core.spi.FeedEntry;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The change log: one document per entry whose {@code _id} is its position. Positions are dense:
 * an entry is inserted at "newest position + 1" and a writer that loses the race for a position
 * (duplicate key) reads the head again and tries the next one. So an entry at position p exists
 * only after the one at p - 1 was visible to its writer, and a reader that saw p can never miss
 * an entry below p that commits later: nothing below p is still to come. Positions only grow,
 * whichever process writes.
 *
 * <p>Writes first put their entries into the outbox of the document they change (in the same
 * single-document write, or the same transaction), and {@link #relay} moves them into the log
 * right after; an entry left behind by a crash is moved by the next relay of any process. Relaying is idempotent (the pair entity + version is unique in the log), so any process may
 * do it, and entries of one entity move in version order.
 */
final class MongoChangeLog implements ChangeLog {

    static final String APP = "app";
    static final String KIND = "kind";
    static final String ENTITY = "eid";
    static final String VERSION = "v";
    static final String TOKEN = "t";
    /** When the change was made ({@link FeedEntry#at()}). */
    static final String AT = "at";
    /** The change's feed events as core encoded them ({@link FeedEntry#events()}). */
    static final String EVENTS = "ev";

    private final MongoCollection<Document> changes;
    private final AtomicLong knownHead = new AtomicLong();
    private final Runnable beforeRead;

    MongoChangeLog(MongoCollection<Document> changes, Runnable beforeRead) {
        this.changes = changes;
        this.beforeRead = beforeRead;
    }

    @Override
    public List<Change> readAfter(long position, int max) {
        beforeRead.run();
        return MongoErrors.call("reading the change log", () -> {
            List<Change> out = new ArrayList<>();
            changes.find(Filters.gt("_id", position)).sort(Sorts.ascending("_id")).limit(max)
                    .forEach(d -> out.add(decode(d)));
            return out;
        });
    }

    @Override
    public long head() {
        return MongoErrors.call("reading the change log head", this::readHead);
    }

    @Override
    public long oldest() {
        return MongoErrors.call("reading the change log's oldest position", () -> {
            Document oldest = changes.find().sort(Sorts.ascending("_id")).limit(1)
                    .projection(Projections.include("_id")).first();
            return oldest == null ? 0L : oldest.getLong("_id");
        });
    }

    @Override
    public void removeThrough(long position) {
        MongoErrors.run("pruning the change log", () -> changes.deleteMany(Filters.lte("_id", position)));
    }

    /** An outbox entry: what a relay turns into a log entry. */
    static Document outboxEntry(ChangeKind kind, long version, FeedEntry feed) {
        return withFeed(new Document(KIND, kind.name()).append(VERSION, version), feed).append(TOKEN, new ObjectId());
    }

    /** {@code doc} with the fields of {@code feed}. */
    static Document withFeed(Document doc, FeedEntry feed) {
        return doc.append(AT, feed.at()).append(EVENTS, feed.events());
    }

    /** The feed fields of {@code doc}; {@link FeedEntry#NONE} for a document written before they existed. */
    static FeedEntry feed(Document doc) {
        String events = doc.getString(EVENTS);
        return events == null ? FeedEntry.NONE : new FeedEntry(doc.getLong(AT), events);
    }

    /**
     * Moves the outbox entries of the documents of {@code source} matching {@code filter} into the
     * log, each entity's in version order, and removes them from the outbox.
     *
     * @param entityField the field of {@code source} documents holding the entity id
     */
    void relay(MongoCollection<Document> source, String entityField, Bson filter) {
        List<Document> pending = new ArrayList<>();
        source.find(Filters.and(filter, Filters.exists(Target.OUTBOX + "." + TOKEN)))
                .projection(Projections.include(Target.APP, entityField, Target.OUTBOX))
                .forEach(pending::add);
        for (Document doc : pending) {
            List<Document> outbox = doc.getList(Target.OUTBOX, Document.class);
            String appId = doc.getString(Target.APP);
            String entityId = doc.getString(entityField);
            for (Document e : outbox) {
                append(appId, ChangeKind.valueOf(e.getString(KIND)), entityId, e.getLong(VERSION), feed(e),
                        e.getObjectId(TOKEN));
                source.updateOne(Filters.eq("_id", doc.get("_id")),
                        Updates.pull(Target.OUTBOX, new Document(TOKEN, e.getObjectId(TOKEN))));
            }
        }
    }

    private void append(String appId, ChangeKind kind, String entityId, long version, FeedEntry feed, ObjectId token) {
        long position = knownHead.get() + 1;
        while (true) {
            try {
                changes.insertOne(withFeed(entry(position, appId, kind, entityId, version), feed).append(TOKEN, token));
                knownHead.accumulateAndGet(position, Math::max);
                return;
            } catch (MongoException e) {
                if (!MongoErrors.isDuplicateKey(e)) {
                    throw e;
                }
                if (changes.find(Filters.eq(TOKEN, token)).first() != null) {
                    return;
                }
                position = readHead() + 1;
            }
        }
    }

    private long readHead() {
        Document newest = changes.find().sort(Sorts.descending("_id")).limit(1).projection(Projections.include("_id")).first();
        long head = newest == null ? 0 : newest.getLong("_id");
        knownHead.accumulateAndGet(head, Math::max);
        return head;
    }

    private static Document entry(long position, String appId, ChangeKind kind, String entityId, long version) {
        return new Document("_id", position).append(APP, appId).append(KIND, kind.name())
                .append(ENTITY, entityId).append(VERSION, version);
    }

    private static Change decode(Document d) {
        return new Change(d.getLong("_id"), d.getString(APP), ChangeKind.valueOf(d.getString(KIND)),
                d.getString(ENTITY), d.getLong(VERSION), feed(d));
    }
}
