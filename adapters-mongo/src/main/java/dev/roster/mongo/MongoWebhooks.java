package dev.roster.mongo;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import dev.roster.core.domain.Delivery;
import dev.roster.core.domain.DeliveryStatus;
import dev.roster.core.domain.FeedCursor;
import dev.roster.core.domain.FeedEventType;
import dev.roster.core.domain.Ids;
import dev.roster.core.domain.Webhook;
import dev.roster.core.spi.StoredWebhook;
import dev.roster.core.spi.WebhookStore;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Webhooks and their deliveries in two collections: {@code webhooks}, one document per
 * registration keyed by (app, id) with its queue position, and {@code webhook_deliveries}, one
 * document per (app, webhook, event) holding the body and the attempt fields. Every method is a
 * single-document write or a sequence of idempotent ones in an order that is safe without a
 * transaction, so both write paths use the same code and a crash at any point leaves nothing an
 * event needs lost:
 *
 * <ul>
 *   <li>{@link #save}: one upsert of the registration document (a lost race to insert it is a
 *       duplicate key, retried as an update).</li>
 *   <li>{@link #enqueue}: the registration is read (nothing is queued for a missing one), then the
 *       deliveries are inserted (unordered, a duplicate key meaning the delivery is already there
 *       and left as stored), then the queue position moves by one update that matches only while
 *       the stored position is lower. A crash between the two writes leaves the position behind its
 *       deliveries: whoever queues next queues the same events again, which changes nothing, and
 *       moves the position. A crash can never move the position past deliveries that are not
 *       stored.</li>
 *   <li>{@link #claim} and {@link #update}: one conditional update of the delivery's document.
 *       The server applies updates of one document one at a time and matches the filter against
 *       the document as it is then, so of concurrent claims exactly one matches.</li>
 *   <li>{@link #delete}: the registration goes first, then its deliveries; the deliveries are
 *       removed even if the registration was already gone, so deleting again finishes a delete
 *       that crashed in between. Until then, or when an enqueue that read the registration just
 *       before the delete inserts after it, deliveries may be left without a registration; a
 *       webhook created again with the same id would see them as its own and send them once
 *       more (an extra send, never a lost one).</li>
 *   <li>{@link #prune}: the ids of finished deliveries are found with a limit, then deleted with
 *       the same condition, so a delivery retried manually in between stays.</li>
 * </ul>
 */
final class MongoWebhooks implements WebhookStore {

    static final String APP = "app";
    static final String ID = "id";
    static final String URL = "url";
    static final String EVENTS = "events";
    static final String SECRET = "secret";
    static final String ENABLED = "enabled";
    static final String QUEUED_POSITION = "qpos";
    static final String QUEUED_READ = "qread";

    static final String WEBHOOK = "hook";
    static final String POSITION = "pos";
    static final String READ = "read";
    static final String TYPE = "type";
    static final String USER = "uid";
    static final String CONVERSATION = "cid";
    static final String BODY = "body";
    static final String AT = "at";
    static final String STATUS = "status";
    static final String ATTEMPTS = "attempts";
    static final String RESPONSE_CODE = "code";
    static final String ERROR = "error";
    static final String FIRST_ATTEMPT_AT = "firstAt";
    static final String LAST_ATTEMPT_AT = "lastAt";
    static final String NEXT_ATTEMPT_AT = "nextAt";
    /** When the claim on a delivery lapses, Unix milliseconds; 0 when none holds it. */
    static final String LEASE_UNTIL = "leaseUntil";

    private static final List<String> FINISHED = List.of(DeliveryStatus.DELIVERED.name(), DeliveryStatus.FAILED.name());

    private final MongoCollection<Document> webhooks;
    private final MongoCollection<Document> deliveries;
    private final Supplier<FaultPoint> faults;

    private MongoWebhooks(MongoCollection<Document> webhooks, MongoCollection<Document> deliveries,
                          Supplier<FaultPoint> faults) {
        this.webhooks = webhooks;
        this.deliveries = deliveries;
        this.faults = faults;
    }

    /**
     * The webhooks in these collections, their indexes created ({@link MongoIndexes#createWebhooks}).
     *
     * @param faults where tests stop an enqueue ({@link FaultPoint#QUEUED})
     */
    static MongoWebhooks open(MongoCollection<Document> webhooks, MongoCollection<Document> deliveries,
                              Supplier<FaultPoint> faults) {
        MongoIndexes.createWebhooks(webhooks, deliveries);
        return new MongoWebhooks(webhooks, deliveries, faults);
    }

    @Override
    public boolean save(Webhook webhook, FeedCursor start) {
        Bson key = webhookKey(webhook.appId(), webhook.id());
        List<Bson> sets = new ArrayList<>(List.of(Updates.set(URL, webhook.url()),
                Updates.set(EVENTS, webhook.events()), Updates.set(SECRET, webhook.secret()),
                Updates.set(ENABLED, webhook.enabled())));
        if (start != null) {
            sets.add(Updates.set(QUEUED_POSITION, start.position()));
            sets.add(Updates.set(QUEUED_READ, start.read()));
        }
        Bson update = Updates.combine(sets);
        return MongoErrors.call("saving webhook " + webhook.id() + " of app " + webhook.appId(), () -> {
            if (start == null) {
                if (webhooks.updateOne(key, update).getMatchedCount() == 0) {
                    throw new IllegalArgumentException("A new webhook needs the cursor its queue starts at");
                }
                return false;
            }
            try {
                return webhooks.updateOne(key, update, new UpdateOptions().upsert(true)).getUpsertedId() != null;
            } catch (MongoException e) {
                if (!MongoErrors.isDuplicateKey(e)) {
                    throw e;
                }
                // Another save inserted the same webhook first; this one replaces what it wrote.
                webhooks.updateOne(key, update);
                return false;
            }
        });
    }

    @Override
    public Optional<StoredWebhook> find(String appId, String webhookId) {
        return MongoErrors.call("loading webhook " + webhookId + " of app " + appId,
                () -> Optional.ofNullable(webhooks.find(webhookKey(appId, webhookId)).first())
                        .map(MongoWebhooks::decodeWebhook));
    }

    @Override
    public List<StoredWebhook> list(String appId) {
        return MongoErrors.call("listing the webhooks of app " + appId, () -> {
            List<StoredWebhook> listed = new ArrayList<>();
            webhooks.find(Filters.eq(APP, appId)).sort(Sorts.ascending(ID))
                    .forEach(d -> listed.add(decodeWebhook(d)));
            return listed;
        });
    }

    /** {@inheritDoc} Sorted here: app ids are ordered by code points ({@link Ids#ORDER}). */
    @Override
    public List<StoredWebhook> all() {
        return MongoErrors.call("listing webhooks", () -> {
            List<StoredWebhook> all = new ArrayList<>();
            webhooks.find().forEach(d -> all.add(decodeWebhook(d)));
            all.sort(Comparator.comparing((StoredWebhook s) -> s.webhook().appId(), Ids.ORDER)
                    .thenComparing(s -> s.webhook().id(), Ids.ORDER));
            return all;
        });
    }

    @Override
    public boolean delete(String appId, String webhookId) {
        return MongoErrors.call("deleting webhook " + webhookId + " of app " + appId, () -> {
            boolean existed = webhooks.deleteOne(webhookKey(appId, webhookId)).getDeletedCount() > 0;
            deliveries.deleteMany(Filters.and(Filters.eq(APP, appId), Filters.eq(WEBHOOK, webhookId)));
            return existed;
        });
    }

    @Override
    public void enqueue(String appId, String webhookId, List<Delivery> queued, FeedCursor through) {
        Bson key = webhookKey(appId, webhookId);
        MongoErrors.run("queuing deliveries of webhook " + webhookId + " of app " + appId, () -> {
            if (webhooks.find(key).projection(Projections.include("_id")).first() == null) {
                return;
            }
            insertAbsent(queued);
            faults.get().reached(FaultPoint.QUEUED, 0);
            webhooks.updateOne(Filters.and(key, lowerThan(QUEUED_POSITION, QUEUED_READ, through)), Updates.combine(
                    Updates.set(QUEUED_POSITION, through.position()), Updates.set(QUEUED_READ, through.read())));
        });
    }

    /** Inserts the deliveries not stored yet; a stored one (a duplicate key) is left as it is. */
    private void insertAbsent(List<Delivery> queued) {
        if (queued.isEmpty()) {
            return;
        }
        try {
            deliveries.insertMany(queued.stream().map(MongoWebhooks::encodeDelivery).toList(),
                    new InsertManyOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            for (BulkWriteError error : e.getWriteErrors()) {
                if (error.getCode() != MongoErrors.DUPLICATE_KEY) {
                    throw e;
                }
            }
            if (e.getWriteConcernError() != null) {
                throw e;
            }
        }
    }

    @Override
    public List<Delivery> pending(String appId, String webhookId, int max) {
        return MongoErrors.call("reading pending deliveries of webhook " + webhookId + " of app " + appId, () -> {
            List<Delivery> due = new ArrayList<>();
            deliveries.find(Filters.and(Filters.eq(APP, appId), Filters.eq(WEBHOOK, webhookId),
                            Filters.eq(STATUS, DeliveryStatus.PENDING.name())))
                    .sort(Sorts.ascending(POSITION, READ)).limit(max).forEach(d -> due.add(decodeDelivery(d)));
            return due;
        });
    }

    /** {@inheritDoc} One conditional {@code updateOne} per delivery, in the order given. */
    @Override
    public List<FeedCursor> claim(String appId, String webhookId, List<FeedCursor> eventIds, long now, long leaseUntil) {
        List<FeedCursor> claimed = new ArrayList<>();
        for (FeedCursor eventId : eventIds) {
            Bson claimable = Filters.and(deliveryKey(appId, webhookId, eventId),
                    Filters.eq(STATUS, DeliveryStatus.PENDING.name()), Filters.lte(NEXT_ATTEMPT_AT, now),
                    Filters.lte(LEASE_UNTIL, now));
            boolean won = MongoErrors.call("claiming delivery " + eventId + " of webhook " + webhookId + " of app "
                    + appId, () -> deliveries.updateOne(claimable, Updates.set(LEASE_UNTIL, leaseUntil))
                    .getMatchedCount() == 1);
            if (won) {
                claimed.add(eventId);
            }
        }
        return claimed;
    }

    /** {@inheritDoc} One unordered bulk write of an {@code updateOne} per delivery. */
    @Override
    public void update(List<Delivery> deliveries) {
        if (deliveries.isEmpty()) {
            return;
        }
        List<UpdateOneModel<Document>> updates = new ArrayList<>();
        for (Delivery delivery : deliveries) {
            updates.add(new UpdateOneModel<>(deliveryKey(delivery.appId(), delivery.webhookId(), delivery.eventId()),
                    Updates.combine(Updates.set(STATUS, delivery.status().name()),
                            Updates.set(ATTEMPTS, delivery.attempts()), Updates.set(RESPONSE_CODE, delivery.responseCode()),
                            Updates.set(ERROR, delivery.error()), Updates.set(FIRST_ATTEMPT_AT, delivery.firstAttemptAt()),
                            Updates.set(LAST_ATTEMPT_AT, delivery.lastAttemptAt()),
                            Updates.set(NEXT_ATTEMPT_AT, delivery.nextAttemptAt()), Updates.set(LEASE_UNTIL, 0L))));
        }
        MongoErrors.run("recording " + deliveries.size() + " webhook deliveries",
                () -> this.deliveries.bulkWrite(updates, new BulkWriteOptions().ordered(false)));
    }

    @Override
    public Optional<Delivery> delivery(String appId, String webhookId, FeedCursor eventId) {
        return MongoErrors.call("loading delivery " + eventId + " of webhook " + webhookId + " of app " + appId,
                () -> Optional.ofNullable(deliveries.find(deliveryKey(appId, webhookId, eventId)).first())
                        .map(MongoWebhooks::decodeDelivery));
    }

    @Override
    public List<Delivery> deliveries(String appId, String webhookId, FeedCursor before, int limit) {
        Bson filter = Filters.and(Filters.eq(APP, appId), Filters.eq(WEBHOOK, webhookId));
        if (before != null) {
            filter = Filters.and(filter, lowerThan(POSITION, READ, before));
        }
        Bson page = filter;
        return MongoErrors.call("reading the delivery log of webhook " + webhookId + " of app " + appId, () -> {
            List<Delivery> log = new ArrayList<>();
            deliveries.find(page).sort(Sorts.descending(POSITION, READ)).limit(limit)
                    .forEach(d -> log.add(decodeDelivery(d)));
            return log;
        });
    }

    @Override
    public int prune(long before, int max) {
        if (max <= 0) {
            return 0;
        }
        Bson prunable = Filters.and(Filters.in(STATUS, FINISHED), Filters.lt(AT, before));
        return MongoErrors.call("pruning webhook deliveries", () -> {
            List<Object> ids = new ArrayList<>();
            deliveries.find(prunable).projection(Projections.include("_id")).limit(max)
                    .forEach(d -> ids.add(d.get("_id")));
            if (ids.isEmpty()) {
                return 0;
            }
            return (int) deliveries.deleteMany(Filters.and(Filters.in("_id", ids), prunable)).getDeletedCount();
        });
    }

    /** Matches a (position, read) pair of fields that is lower than {@code cursor}, compared as a tuple. */
    private static Bson lowerThan(String position, String read, FeedCursor cursor) {
        return Filters.or(Filters.lt(position, cursor.position()),
                Filters.and(Filters.eq(position, cursor.position()), Filters.lt(read, cursor.read())));
    }

    /**
     * The equality on the unique index's fields, as a plain document rather than an {@code $and}:
     * the same query to MongoDB, and the only form the in-process test server looks up by index.
     */
    private static Document webhookKey(String appId, String webhookId) {
        return new Document(APP, appId).append(ID, webhookId);
    }

    /** The equality on the unique index's fields, as a plain document ({@link #webhookKey}). */
    private static Document deliveryKey(String appId, String webhookId, FeedCursor eventId) {
        return new Document(APP, appId).append(WEBHOOK, webhookId).append(POSITION, eventId.position())
                .append(READ, eventId.read());
    }

    private static StoredWebhook decodeWebhook(Document d) {
        Webhook webhook = new Webhook(d.getString(APP), d.getString(ID), d.getString(URL),
                d.getList(EVENTS, String.class), d.getString(SECRET), d.getBoolean(ENABLED));
        return new StoredWebhook(webhook, new FeedCursor(d.getLong(QUEUED_POSITION), d.getInteger(QUEUED_READ)));
    }

    private static Document encodeDelivery(Delivery d) {
        return new Document(APP, d.appId()).append(WEBHOOK, d.webhookId())
                .append(POSITION, d.eventId().position()).append(READ, d.eventId().read())
                .append(TYPE, d.type().wire()).append(USER, d.userId()).append(CONVERSATION, d.conversationId())
                .append(BODY, d.body()).append(AT, d.at()).append(STATUS, d.status().name())
                .append(ATTEMPTS, d.attempts()).append(RESPONSE_CODE, d.responseCode()).append(ERROR, d.error())
                .append(FIRST_ATTEMPT_AT, d.firstAttemptAt()).append(LAST_ATTEMPT_AT, d.lastAttemptAt())
                .append(NEXT_ATTEMPT_AT, d.nextAttemptAt()).append(LEASE_UNTIL, 0L);
    }

    private static Delivery decodeDelivery(Document d) {
        return new Delivery(d.getString(APP), d.getString(WEBHOOK),
                new FeedCursor(d.getLong(POSITION), d.getInteger(READ)), FeedEventType.ofWire(d.getString(TYPE)),
                d.getString(USER), d.getString(CONVERSATION), d.getString(BODY), d.getLong(AT),
                DeliveryStatus.valueOf(d.getString(STATUS)), d.getInteger(ATTEMPTS), d.getInteger(RESPONSE_CODE),
                d.getString(ERROR), d.getLong(FIRST_ATTEMPT_AT), d.getLong(LAST_ATTEMPT_AT),
                d.getLong(NEXT_ATTEMPT_AT));
    }
}
