package dev.roster.jdbc.internal;

import dev.roster.core.domain.Delivery;
import dev.roster.core.domain.DeliveryStatus;
import dev.roster.core.domain.FeedCursor;
import dev.roster.core.domain.FeedEventType;
import dev.roster.core.domain.Ids;
import dev.roster.core.domain.Webhook;
import dev.roster.core.spi.StoredWebhook;
import dev.roster.core.spi.WebhookStore;
import dev.roster.jdbc.Dialect;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Webhooks in {@code roster_webhook}, one row each with its queue position, and their deliveries
 * in {@code roster_webhook_delivery}, keyed by webhook and event id. Writes that touch a webhook
 * and its deliveries lock the webhook's row first ({@code SELECT … FOR UPDATE}), so queuing,
 * saving and deleting one webhook run one after the other in every process; a claim is one
 * conditional {@code UPDATE} of the delivery's lease, whose update count says whether it won.
 */
public final class JdbcWebhookStore implements WebhookStore {

    private static final String WEBHOOK_COLUMNS = "app_id, webhook_id, url, events, secret, enabled, "
            + "queued_position, queued_read";
    private static final String DELIVERY_COLUMNS = "app_id, webhook_id, event_position, event_read, event_type, "
            + "user_id, conversation_id, body, made_at, status, attempts, response_code, last_error, "
            + "first_attempt_at, last_attempt_at, next_attempt_at";
    private static final String DELIVERY_KEY = "app_id = ? AND webhook_id = ? AND event_position = ? "
            + "AND event_read = ?";
    private static final String FINISHED = "status IN ('" + DeliveryStatus.DELIVERED + "', '"
            + DeliveryStatus.FAILED + "')";
    /**
     * The condition of pending deliveries, with the status written out: on PostgreSQL only a
     * literal matches the predicate of the partial index on them ({@code V12}).
     */
    private static final String PENDING = "status = '" + DeliveryStatus.PENDING + "'";
    private static final String PENDING_READ = "SELECT " + DELIVERY_COLUMNS + " FROM roster_webhook_delivery "
            + "WHERE app_id = ? AND webhook_id = ? AND " + PENDING
            + " ORDER BY app_id, webhook_id, status, event_position, event_read LIMIT ?";
    private static final String CLAIM = "UPDATE roster_webhook_delivery SET lease_until = ? WHERE " + DELIVERY_KEY
            + " AND " + PENDING + " AND next_attempt_at <= ? AND lease_until <= ?";
    private static final String RECORD = "UPDATE roster_webhook_delivery SET status = ?, attempts = ?, "
            + "response_code = ?, last_error = ?, first_attempt_at = ?, last_attempt_at = ?, next_attempt_at = ?, "
            + "lease_until = 0 WHERE " + DELIVERY_KEY;
    private static final Comparator<StoredWebhook> ORDER = Comparator
            .comparing((StoredWebhook stored) -> stored.webhook().appId(), Ids.ORDER)
            .thenComparing(stored -> stored.webhook().id(), Ids.ORDER);

    private static final RowMapper<StoredWebhook> WEBHOOK = (rows, context) -> new StoredWebhook(
            new Webhook(rows.getString("app_id"), rows.getString("webhook_id"), rows.getString("url"),
                    JsonColumns.list(rows.getString("events")), rows.getString("secret"), rows.getBoolean("enabled")),
            new FeedCursor(rows.getLong("queued_position"), rows.getInt("queued_read")));
    private static final RowMapper<Delivery> DELIVERY = (rows, context) -> new Delivery(rows.getString("app_id"),
            rows.getString("webhook_id"), new FeedCursor(rows.getLong("event_position"), rows.getInt("event_read")),
            FeedEventType.ofWire(rows.getString("event_type")), rows.getString("user_id"),
            rows.getString("conversation_id"), rows.getString("body"), rows.getLong("made_at"),
            DeliveryStatus.valueOf(rows.getString("status")), rows.getInt("attempts"), rows.getInt("response_code"),
            rows.getString("last_error"), rows.getLong("first_attempt_at"), rows.getLong("last_attempt_at"),
            rows.getLong("next_attempt_at"));

    private final Jdbi jdbi;
    private final WriteGate gate;
    private final String insertAbsent;
    private final String pruneOldest;

    /** A store over {@code jdbi}, whose schema is migrated. */
    public JdbcWebhookStore(Jdbi jdbi, Dialect dialect, WriteGate gate) {
        this.jdbi = jdbi;
        this.gate = gate;
        String insert = "INSERT INTO roster_webhook_delivery (" + DELIVERY_COLUMNS + ", lease_until) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)";
        String deleteFinished = "DELETE FROM roster_webhook_delivery WHERE " + FINISHED + " AND made_at < ?";
        switch (dialect) {
            case POSTGRESQL:
                insertAbsent = insert + " ON CONFLICT (app_id, webhook_id, event_position, event_read) DO NOTHING";
                pruneOldest = "DELETE FROM roster_webhook_delivery WHERE (app_id, webhook_id, event_position, "
                        + "event_read) IN (SELECT app_id, webhook_id, event_position, event_read "
                        + "FROM roster_webhook_delivery WHERE " + FINISHED + " AND made_at < ? LIMIT ?)";
                break;
            case MARIADB:
                // Not INSERT IGNORE, which would also turn a value too long for its column into a warning.
                insertAbsent = insert + " ON DUPLICATE KEY UPDATE app_id = app_id";
                pruneOldest = deleteFinished + " LIMIT ?";
                break;
            default:
                insertAbsent = "MERGE INTO roster_webhook_delivery t USING (VALUES (CAST(? AS VARCHAR(255)), "
                        + "CAST(? AS VARCHAR(64)), CAST(? AS BIGINT), CAST(? AS INTEGER))) "
                        + "s (app_id, webhook_id, event_position, event_read) ON t.app_id = s.app_id "
                        + "AND t.webhook_id = s.webhook_id AND t.event_position = s.event_position "
                        + "AND t.event_read = s.event_read WHEN NOT MATCHED THEN INSERT (" + DELIVERY_COLUMNS
                        + ", lease_until) VALUES (s.app_id, s.webhook_id, s.event_position, s.event_read, "
                        + "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)";
                pruneOldest = deleteFinished + " FETCH FIRST ? ROWS ONLY";
                break;
        }
    }

    @Override
    public boolean save(Webhook webhook, FeedCursor start) {
        String what = "saving webhook " + webhook.id() + " of app " + webhook.appId();
        Optional<Boolean> created = Failures.call(what, () -> {
            try {
                return saveOnce(webhook, start);
            } catch (RuntimeException e) {
                // Two first saves of one webhook can race to insert; the second then replaces.
                if (!Failures.isUniqueViolation(e)) {
                    throw e;
                }
                return saveOnce(webhook, start);
            }
        });
        return created.orElseThrow(() -> new IllegalArgumentException("Webhook " + webhook.id() + " of app "
                + webhook.appId() + " does not exist, so it needs the cursor its queue starts at"));
    }

    /** Saves the webhook: true if created, false if replaced, empty if it does not exist and {@code start} is null. */
    private Optional<Boolean> saveOnce(Webhook webhook, FeedCursor start) {
        return gate.write(() -> jdbi.inTransaction(handle -> {
            if (!lockWebhook(handle, webhook.appId(), webhook.id())) {
                if (start == null) {
                    return Optional.empty();
                }
                handle.execute("INSERT INTO roster_webhook (" + WEBHOOK_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        webhook.appId(), webhook.id(), webhook.url(), JsonColumns.write(webhook.events()),
                        webhook.secret(), webhook.enabled(), start.position(), start.read());
                return Optional.of(true);
            }
            handle.execute("UPDATE roster_webhook SET url = ?, events = ?, secret = ?, enabled = ? "
                            + "WHERE app_id = ? AND webhook_id = ?", webhook.url(), JsonColumns.write(webhook.events()),
                    webhook.secret(), webhook.enabled(), webhook.appId(), webhook.id());
            if (start != null) {
                handle.execute("UPDATE roster_webhook SET queued_position = ?, queued_read = ? WHERE app_id = ? "
                        + "AND webhook_id = ?", start.position(), start.read(), webhook.appId(), webhook.id());
            }
            return Optional.of(false);
        }));
    }

    @Override
    public Optional<StoredWebhook> find(String appId, String webhookId) {
        return Failures.call("finding webhook " + webhookId + " of app " + appId, () -> jdbi.withHandle(handle -> handle
                .createQuery("SELECT " + WEBHOOK_COLUMNS + " FROM roster_webhook WHERE app_id = ? AND webhook_id = ?")
                .bind(0, appId).bind(1, webhookId).map(WEBHOOK).findOne()));
    }

    @Override
    public List<StoredWebhook> list(String appId) {
        List<StoredWebhook> webhooks = Failures.call("listing the webhooks of app " + appId, () -> jdbi.withHandle(
                handle -> handle.createQuery("SELECT " + WEBHOOK_COLUMNS + " FROM roster_webhook WHERE app_id = ?")
                        .bind(0, appId).map(WEBHOOK).list()));
        return webhooks.stream().sorted(ORDER).toList();
    }

    /** {@inheritDoc} Webhooks are few; sorting here gives code-point order on every engine without a sort column. */
    @Override
    public List<StoredWebhook> all() {
        List<StoredWebhook> webhooks = Failures.call("listing webhooks", () -> jdbi.withHandle(handle -> handle
                .createQuery("SELECT " + WEBHOOK_COLUMNS + " FROM roster_webhook").map(WEBHOOK).list()));
        return webhooks.stream().sorted(ORDER).toList();
    }

    /** {@inheritDoc} The webhook's row goes first, which waits for a queuing of it to end. */
    @Override
    public boolean delete(String appId, String webhookId) {
        return Failures.call("deleting webhook " + webhookId + " of app " + appId, () -> gate.write(() -> jdbi
                .inTransaction(handle -> {
                    int removed = handle.execute("DELETE FROM roster_webhook WHERE app_id = ? AND webhook_id = ?",
                            appId, webhookId);
                    handle.execute("DELETE FROM roster_webhook_delivery WHERE app_id = ? AND webhook_id = ?", appId,
                            webhookId);
                    return removed == 1;
                })));
    }

    /**
     * {@inheritDoc} One transaction: the webhook's row locked, the deliveries inserted where absent,
     * then the position raised by an {@code UPDATE} that changes it only if {@code through} is past
     * it, whatever this transaction read before.
     */
    @Override
    public void enqueue(String appId, String webhookId, List<Delivery> deliveries, FeedCursor through) {
        Failures.run("queuing deliveries of webhook " + webhookId + " of app " + appId, () -> gate.write(() -> jdbi
                .inTransaction(handle -> {
                    if (!lockWebhook(handle, appId, webhookId)) {
                        return false;
                    }
                    if (!deliveries.isEmpty()) {
                        insertAbsent(handle, appId, webhookId, deliveries);
                    }
                    handle.execute("UPDATE roster_webhook SET queued_position = ?, queued_read = ? "
                                    + "WHERE app_id = ? AND webhook_id = ? "
                                    + "AND (queued_position < ? OR queued_position = ? AND queued_read < ?)",
                            through.position(), through.read(), appId, webhookId, through.position(),
                            through.position(), through.read());
                    return true;
                })));
    }

    /**
     * One JDBC batch on the transaction's connection: Jdbi's binding of sixteen values per delivery
     * was a third of the dispatcher thread's time at a thousand deliveries a second.
     */
    private void insertAbsent(Handle handle, String appId, String webhookId, List<Delivery> deliveries) {
        try (PreparedStatement insert = handle.getConnection().prepareStatement(insertAbsent)) {
            for (Delivery d : deliveries) {
                insert.setString(1, appId);
                insert.setString(2, webhookId);
                insert.setLong(3, d.eventId().position());
                insert.setInt(4, d.eventId().read());
                insert.setString(5, d.type().wire());
                insert.setString(6, d.userId());
                insert.setString(7, d.conversationId());
                insert.setString(8, d.body());
                insert.setLong(9, d.at());
                insert.setString(10, d.status().name());
                insert.setInt(11, d.attempts());
                insert.setInt(12, d.responseCode());
                insert.setString(13, d.error());
                insert.setLong(14, d.firstAttemptAt());
                insert.setLong(15, d.lastAttemptAt());
                insert.setLong(16, d.nextAttemptAt());
                insert.addBatch();
            }
            insert.executeBatch();
        } catch (SQLException e) {
            throw new UnableToExecuteStatementException(e, null);
        }
    }

    /**
     * {@inheritDoc} The order names the index's leading columns too, fixed by the condition, so
     * that H2 reads the index in order instead of sorting every pending delivery of the webhook.
     */
    @Override
    public List<Delivery> pending(String appId, String webhookId, int max) {
        if (max <= 0) {
            return List.of();
        }
        return Failures.call("reading the pending deliveries of webhook " + webhookId + " of app " + appId,
                () -> jdbi.withHandle(handle -> handle.createQuery(PENDING_READ)
                        .bind(0, appId).bind(1, webhookId).bind(2, max).map(DELIVERY).list()));
    }

    /**
     * {@inheritDoc} One batch of conditional {@code UPDATE}s of the lease in one transaction; of
     * concurrent claims of a delivery the engine lets one change the row and re-checks the others
     * against what it wrote, which no longer matches, so only one counts an updated row. A batch
     * that collides with a concurrent write (a deadlock, a lock timeout) claims nothing. A driver
     * that does not count each statement of a batch gets the statements one by one.
     */
    @Override
    public List<FeedCursor> claim(String appId, String webhookId, List<FeedCursor> eventIds, long now, long leaseUntil) {
        if (eventIds.isEmpty()) {
            return List.of();
        }
        try {
            return gate.write(() -> jdbi.inTransaction(handle -> {
                int[] counts = claimBatch(handle, appId, webhookId, eventIds, now, leaseUntil).execute();
                if (Arrays.stream(counts).anyMatch(count -> count < 0)) {
                    handle.rollback();
                    counts = new int[eventIds.size()];
                    for (int i = 0; i < counts.length; i++) {
                        counts[i] = claimBatch(handle, appId, webhookId, List.of(eventIds.get(i)), now, leaseUntil)
                                .execute()[0];
                    }
                }
                List<FeedCursor> claimed = new ArrayList<>();
                for (int i = 0; i < counts.length; i++) {
                    if (counts[i] == 1) {
                        claimed.add(eventIds.get(i));
                    }
                }
                return claimed;
            }));
        } catch (RuntimeException e) {
            if (Failures.isConflict(e) && !Failures.isUnavailable(e)) {
                return List.of();
            }
            throw Failures.translate("claiming " + eventIds.size() + " deliveries of webhook " + webhookId + " of app "
                    + appId, e);
        }
    }

    private static PreparedBatch claimBatch(Handle handle, String appId, String webhookId, List<FeedCursor> eventIds,
                                            long now, long leaseUntil) {
        PreparedBatch batch = handle.prepareBatch(CLAIM);
        for (FeedCursor eventId : eventIds) {
            batch.bind(0, leaseUntil).bind(1, appId).bind(2, webhookId).bind(3, eventId.position())
                    .bind(4, eventId.read()).bind(5, now).bind(6, now).add();
        }
        return batch;
    }

    /** {@inheritDoc} One batch of {@code UPDATE}s in one transaction. */
    @Override
    public void update(List<Delivery> deliveries) {
        if (deliveries.isEmpty()) {
            return;
        }
        Failures.run("recording " + deliveries.size() + " deliveries", () -> gate.write(() -> jdbi.inTransaction(
                handle -> {
                    PreparedBatch batch = handle.prepareBatch(RECORD);
                    for (Delivery delivery : deliveries) {
                        batch.bind(0, delivery.status().name()).bind(1, delivery.attempts())
                                .bind(2, delivery.responseCode()).bind(3, delivery.error())
                                .bind(4, delivery.firstAttemptAt()).bind(5, delivery.lastAttemptAt())
                                .bind(6, delivery.nextAttemptAt()).bind(7, delivery.appId())
                                .bind(8, delivery.webhookId()).bind(9, delivery.eventId().position())
                                .bind(10, delivery.eventId().read()).add();
                    }
                    return batch.execute().length;
                })));
    }

    @Override
    public Optional<Delivery> delivery(String appId, String webhookId, FeedCursor eventId) {
        return Failures.call("finding delivery " + eventId + " of webhook " + webhookId + " of app " + appId,
                () -> jdbi.withHandle(handle -> handle.createQuery("SELECT " + DELIVERY_COLUMNS
                                + " FROM roster_webhook_delivery WHERE " + DELIVERY_KEY)
                        .bind(0, appId).bind(1, webhookId).bind(2, eventId.position()).bind(3, eventId.read())
                        .map(DELIVERY).findOne()));
    }

    /**
     * {@inheritDoc} A backward range of the primary key: {@code event_position <= ?} bounds the
     * range on every engine, the rest leaves out {@code before} itself and the events after it at
     * that position; the order names the key's leading columns, as in {@link #pending}.
     */
    @Override
    public List<Delivery> deliveries(String appId, String webhookId, FeedCursor before, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return Failures.call("reading the deliveries of webhook " + webhookId + " of app " + appId,
                () -> jdbi.withHandle(handle -> {
                    String older = before == null ? ""
                            : " AND event_position <= ? AND (event_position < ? OR event_read < ?)";
                    Query query = handle.createQuery("SELECT " + DELIVERY_COLUMNS + " FROM roster_webhook_delivery "
                            + "WHERE app_id = ? AND webhook_id = ?" + older
                            + " ORDER BY app_id DESC, webhook_id DESC, event_position DESC, event_read DESC LIMIT ?");
                    query.bind(0, appId).bind(1, webhookId);
                    int next = 2;
                    if (before != null) {
                        query.bind(next++, before.position()).bind(next++, before.position())
                                .bind(next++, before.read());
                    }
                    return query.bind(next, limit).map(DELIVERY).list();
                }));
    }

    /** {@inheritDoc} One {@code DELETE} bounded by {@code max} on every engine. */
    @Override
    public int prune(long before, int max) {
        if (max <= 0) {
            return 0;
        }
        return Failures.call("pruning webhook deliveries", () -> gate.write(() -> jdbi.withHandle(handle -> handle
                .execute(pruneOldest, before, max))));
    }

    /**
     * On PostgreSQL, the generic plans ({@code plan_cache_mode = force_generic_plan}, what a
     * prepared statement runs after its fifth use) of the statements that read and write one
     * webhook's deliveries, for tests that check them: by name ({@code pending}, {@code claim},
     * {@code record}), each the text of {@code EXPLAIN EXECUTE}.
     */
    public Map<String, String> genericPlans(String appId, String webhookId) {
        Map<String, Sample> samples = new LinkedHashMap<>();
        samples.put("pending", new Sample(PENDING_READ, List.of(appId, webhookId, 10)));
        samples.put("claim", new Sample(CLAIM, List.of(1L, appId, webhookId, 1L, 0, 1L, 1L)));
        samples.put("record", new Sample(RECORD, List.of(DeliveryStatus.DELIVERED.name(), 1, 204, "", 1L, 1L, 0L,
                appId, webhookId, 1L, 0)));
        return Failures.call("explaining the delivery statements of webhook " + webhookId, () -> jdbi.inTransaction(
                handle -> {
                    handle.execute("SET LOCAL plan_cache_mode = force_generic_plan");
                    Map<String, String> plans = new LinkedHashMap<>();
                    samples.forEach((name, sample) -> {
                        handle.execute("PREPARE roster_plan AS " + numbered(sample.sql()));
                        String values = sample.values().stream().map(JdbcWebhookStore::literal)
                                .collect(Collectors.joining(", "));
                        plans.put(name, String.join("\n", handle.createQuery("EXPLAIN EXECUTE roster_plan(" + values
                                + ")").mapTo(String.class).list()));
                        handle.execute("DEALLOCATE roster_plan");
                    });
                    return plans;
                }));
    }

    /** A statement and values of its parameters, to explain. */
    private record Sample(String sql, List<Object> values) {
    }

    /** A value written out in SQL: a number as it is, a text quoted. */
    private static String literal(Object value) {
        return value instanceof String text ? "'" + text.replace("'", "''") + "'" : value.toString();
    }

    /** The statement with PostgreSQL's numbered placeholders ({@code $1}, …) for its {@code ?}s. */
    private static String numbered(String sql) {
        StringBuilder out = new StringBuilder();
        int next = 1;
        for (char c : sql.toCharArray()) {
            if (c == '?') {
                out.append('$').append(next++);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Locks the webhook's row until the transaction ends; false if it does not exist. */
    private static boolean lockWebhook(Handle handle, String appId, String webhookId) {
        return handle.createQuery("SELECT 1 FROM roster_webhook WHERE app_id = ? AND webhook_id = ? FOR UPDATE")
                .bind(0, appId).bind(1, webhookId).mapTo(Integer.class).findOne().isPresent();
    }
}
