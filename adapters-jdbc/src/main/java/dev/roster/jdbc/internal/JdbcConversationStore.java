package dev.roster.jdbc.internal;

import dev.roster.core.domain.Access;
import dev.roster.core.domain.Conversation;
import dev.roster.core.domain.ConversationQuery;
import dev.roster.core.domain.ConversationRecord;
import dev.roster.core.domain.ErrorCode;
import dev.roster.core.domain.Ids;
import dev.roster.core.domain.InboxCursor;
import dev.roster.core.domain.InboxEntry;
import dev.roster.core.domain.Message;
import dev.roster.core.domain.MessageType;
import dev.roster.core.domain.Notify;
import dev.roster.core.domain.RosterException;
import dev.roster.core.spi.ChangeKind;
import dev.roster.core.spi.ConversationStore;
import dev.roster.core.spi.ConversationWrite;
import dev.roster.core.spi.InboxPage;
import dev.roster.core.spi.MessageCursor;
import dev.roster.core.spi.Versioned;
import dev.roster.jdbc.Dialect;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.SqlStatement;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Conversations in {@code roster_conversation} with their entries ({@code roster_entry}), custom
 * fields ({@code roster_conversation_custom}) and messages ({@code roster_message}); a deleted
 * one's version in {@code roster_conversation_tombstone}, a table of its own so that no read or
 * listing of conversations ever meets it. An id has a conversation row or a tombstone row, never
 * both. A write is one transaction that first changes the conversation row (or the tombstone) only
 * if its version is the expected one (which locks it), then rewrites the parts the write names. A
 * read re-checks the versions after its statements, so it returns one committed state. The
 * listing is one query per page ({@link InboxSql}).
 */
public final class JdbcConversationStore implements ConversationStore {

    private static final int CHUNK = 1000;
    /** Consistent-read attempts before giving up; each attempt only repeats because a write committed. */
    private static final int MAX_READS = 100;

    private static final String CONVERSATION_COLUMNS = "c.conversation_id, c.version, c.subject, c.photo_url, "
            + "c.welcome_messages, c.custom, c.created_at, c.topic_id";
    private static final String ENTRY_COLUMNS = "e.user_id, e.conversation_id, e.access, e.notification, e.joined_at, "
            + "e.read_until, e.is_left, e.created_at, e.subject, e.custom, e.last_message_at, e.last_activity_at, "
            + "e.unread_count";
    private static final String MESSAGE_COLUMNS = "m.message_id, m.conversation_id, m.message_type, m.sender_id, "
            + "m.text, m.custom, m.created_at, m.edited_at, m.origin, m.referenced_message_id, m.idempotency_key";

    private static final RowMapper<InboxEntry> ENTRY = (rows, context) -> new InboxEntry(rows.getString("user_id"),
            rows.getString("conversation_id"), Access.valueOf(rows.getString("access")),
            Notify.valueOf(rows.getString("notification")), rows.getLong("joined_at"), rows.getLong("read_until"),
            rows.getBoolean("is_left"), rows.getLong("created_at"), rows.getString("subject"),
            new TreeMap<>(JsonColumns.map(rows.getString("custom"))), nullableLong(rows, "last_message_at"),
            rows.getLong("last_activity_at"), rows.getLong("unread_count"));
    private static final RowMapper<Message> MESSAGE = (rows, context) -> message(rows);

    private final Jdbi jdbi;
    private final Dialect dialect;
    private final WriteGate gate;
    private final Runnable appended;
    private final String putTombstone;

    /**
     * A store over {@code jdbi}, whose schema is migrated, writing through {@code gate};
     * {@code appended} runs after every write that committed a change-log entry.
     */
    public JdbcConversationStore(Jdbi jdbi, Dialect dialect, WriteGate gate, Runnable appended) {
        this.jdbi = jdbi;
        this.dialect = dialect;
        this.gate = gate;
        this.appended = appended;
        // An upsert, not an insert: a Roster older than schema version 4 (still running during an
        // upgrade) creates a deleted id again without removing its tombstone.
        String insert = "INSERT INTO roster_conversation_tombstone (app_id, conversation_id, version) VALUES (?, ?, ?)";
        this.putTombstone = switch (dialect) {
            case POSTGRESQL -> insert + " ON CONFLICT (app_id, conversation_id) DO UPDATE SET version = EXCLUDED.version";
            case MARIADB -> insert + " ON DUPLICATE KEY UPDATE version = VALUES(version)";
            case H2 -> "MERGE INTO roster_conversation_tombstone KEY (app_id, conversation_id) VALUES (?, ?, ?)";
        };
    }

    @Override
    public Map<String, Versioned<ConversationRecord>> load(String appId, Collection<String> conversationIds) {
        List<String> ids = List.copyOf(new LinkedHashSet<>(conversationIds));
        if (ids.isEmpty()) {
            return Map.of();
        }
        return Failures.call("loading conversations of app " + appId, () -> jdbi.withHandle(handle -> {
            Map<String, Versioned<ConversationRecord>> found = new HashMap<>();
            for (int from = 0; from < ids.size(); from += CHUNK) {
                found.putAll(loadConsistent(handle, appId, ids.subList(from, Math.min(ids.size(), from + CHUNK))));
            }
            return found;
        }));
    }

    /**
     * Reads the conversations, their entries and last messages, then their versions again, and
     * starts over while a version moved. The statements run outside a transaction under READ
     * COMMITTED, each on its own snapshot; without the re-check a write committing between them
     * would pair the new version with the old entries, and a writer planning from that record
     * would pass the version check and overwrite the other write's unread counts. Every write
     * changes the version of its conversation row, so equal versions mean nothing moved.
     */
    private Map<String, Versioned<ConversationRecord>> loadConsistent(Handle handle, String appId, List<String> chunk) {
        List<Object> byKey = new ArrayList<>();
        String conversationsFrom = conversationsFrom(appId, chunk, "", byKey);
        String lastMessagesFrom = conversationsFrom(appId, chunk, dialect == Dialect.POSTGRESQL
                ? "CROSS JOIN LATERAL (SELECT * FROM roster_message WHERE app_id = c.app_id "
                        + "AND conversation_id = c.conversation_id AND message_id = c.last_message_id OFFSET 0) m"
                : "JOIN roster_message m ON m.app_id = c.app_id AND m.conversation_id = c.conversation_id "
                        + "AND m.message_id = c.last_message_id", new ArrayList<>());
        List<Object> entriesParameters = new ArrayList<>();
        String entriesFrom = entriesFrom(appId, chunk, entriesParameters);
        for (int attempt = 1; ; attempt++) {
            Map<String, Conversation> conversations = new HashMap<>();
            Map<String, Long> versions = new HashMap<>();
            bindPositional(handle.createQuery("SELECT " + CONVERSATION_COLUMNS + " FROM " + conversationsFrom), byKey)
                    .map((rows, context) -> {
                        Conversation conversation = conversation(rows);
                        versions.put(conversation.id(), rows.getLong("version"));
                        return conversation;
                    }).forEach(conversation -> conversations.put(conversation.id(), conversation));
            if (conversations.isEmpty()) {
                return Map.of();
            }
            Map<String, Map<String, InboxEntry>> entries = new HashMap<>();
            bindPositional(handle.createQuery("SELECT " + ENTRY_COLUMNS + " FROM " + entriesFrom), entriesParameters)
                    .map(ENTRY).forEach(entry -> entries
                            .computeIfAbsent(entry.conversationId(), c -> new HashMap<>()).put(entry.userId(), entry));
            Map<String, Message> lastMessages = new HashMap<>();
            bindPositional(handle.createQuery("SELECT " + MESSAGE_COLUMNS + " FROM " + lastMessagesFrom), byKey)
                    .map(MESSAGE).forEach(m -> lastMessages.put(m.conversationId(), m));
            Map<String, Long> versionsAfter = new HashMap<>();
            bindPositional(handle.createQuery("SELECT c.conversation_id, c.version FROM " + conversationsFrom),
                    byKey)
                    .map((rows, context) -> Map.entry(rows.getString(1), rows.getLong(2)))
                    .forEach(e -> versionsAfter.put(e.getKey(), e.getValue()));
            if (versionsAfter.equals(versions)) {
                Map<String, Versioned<ConversationRecord>> found = new HashMap<>();
                conversations.forEach((id, conversation) -> found.put(id, new Versioned<>(new ConversationRecord(
                        conversation, lastMessages.get(id), entries.getOrDefault(id, Map.of())), versions.get(id))));
                return found;
            }
            if (attempt == MAX_READS) {
                throw RosterException.of(ErrorCode.CONFLICT, "Gave up reading conversations of app " + appId
                        + " after " + MAX_READS + " attempts: concurrent writes kept changing them; retry");
            }
        }
    }

    /**
     * The {@code FROM} of the rows {@code c} of these conversations, joined by {@code join} (none
     * when empty); its parameters are added to {@code parameters}. PostgreSQL looks up each id by
     * itself ({@link KeyLookup#lateral}).
     */
    private String conversationsFrom(String appId, List<String> ids, String join, List<Object> parameters) {
        String joined = join.isEmpty() ? "" : " " + join;
        if (dialect == Dialect.POSTGRESQL) {
            parameters.addAll(KeyLookup.keyArrays(List.of(appId), ids));
            return KeyLookup.lateral("roster_conversation", "c", List.of("app_id", "conversation_id")) + joined;
        }
        KeyLookup byKey = KeyLookup.of(dialect, List.of("c.app_id"), List.of(appId), "c.conversation_id", "?", ids);
        parameters.addAll(byKey.parameters());
        return "roster_conversation c" + joined + " WHERE " + byKey.condition();
    }

    /** The {@code FROM} of the entries of these conversations; its parameters are added to {@code parameters}. */
    private String entriesFrom(String appId, List<String> ids, List<Object> parameters) {
        if (dialect == Dialect.POSTGRESQL) {
            parameters.addAll(KeyLookup.keyArrays(List.of(appId), ids));
            return KeyLookup.lateral("roster_entry", "e", List.of("app_id", "conversation_id"));
        }
        if (dialect == Dialect.H2 && ids.size() > 1) {
            parameters.addAll(ids);
            parameters.add(appId);
            return KeyLookup.valuesTable(ids.size(), "?") + " JOIN roster_entry e ON e.app_id = ? AND e.conversation_id = v.id";
        }
        KeyLookup entryKey = KeyLookup.of(dialect, "e.app_id", appId, "e.conversation_id", ids);
        parameters.addAll(entryKey.parameters());
        return "roster_entry e WHERE " + entryKey.condition();
    }

    /**
     * The plans ({@code EXPLAIN}) of the two lookups by id of a load of these conversations, their
     * rows then their entries, for tests that check them.
     */
    public String loadPlan(String appId, List<String> ids) {
        List<Object> byKey = new ArrayList<>();
        String conversationsFrom = conversationsFrom(appId, ids, "", byKey);
        List<Object> entriesParameters = new ArrayList<>();
        String entriesFrom = entriesFrom(appId, ids, entriesParameters);
        return Failures.call("explaining a load of conversations of app " + appId, () -> jdbi.withHandle(handle ->
                String.join("\n", bindPositional(handle.createQuery("EXPLAIN SELECT " + CONVERSATION_COLUMNS
                        + " FROM " + conversationsFrom), byKey).mapTo(String.class).list())
                        + "\n" + String.join("\n", bindPositional(handle.createQuery("EXPLAIN SELECT " + ENTRY_COLUMNS
                        + " FROM " + entriesFrom), entriesParameters).mapTo(String.class).list())));
    }

    @Override
    public long tombstoneVersion(String appId, String conversationId) {
        return Failures.call("reading the tombstone of conversation " + conversationId, () -> jdbi.withHandle(handle ->
                handle.createQuery("SELECT version FROM roster_conversation_tombstone WHERE app_id = ? "
                        + "AND conversation_id = ?").bind(0, appId).bind(1, conversationId)
                        .mapTo(Long.class).findOne().orElse(0L)));
    }

    @Override
    public boolean write(String appId, ConversationWrite write) {
        try {
            boolean written = gate.write(() -> jdbi.inTransaction(handle -> {
                Claim claim = claim(handle, appId, write);
                if (claim == Claim.LOST) {
                    handle.rollback();
                    return false;
                }
                if (write.isDelete()) {
                    for (String table : List.of("roster_entry", "roster_message", "roster_conversation_custom")) {
                        handle.execute("DELETE FROM " + table + " WHERE app_id = ? AND conversation_id = ?", appId,
                                write.conversationId());
                    }
                } else {
                    boolean created = claim == Claim.CREATED;
                    saveCustom(handle, appId, write, created);
                    saveEntries(handle, appId, write, created);
                    saveMessages(handle, appId, write, created);
                }
                ChangeAppender.append(handle.getConnection(), dialect, appId, ChangeKind.CONVERSATION,
                        List.of(new ChangeAppender.Entry(write.conversationId(), write.newVersion(), write.feed())));
                return true;
            }));
            if (written) {
                appended.run();
            }
            return written;
        } catch (SQLException | RuntimeException e) {
            if (Failures.isConflict(e) && !Failures.isUnavailable(e)) {
                return false;
            }
            throw Failures.translate("writing conversation " + write.conversationId() + " of app " + appId, e);
        }
    }

    /**
     * The compare-and-set, first in the transaction so nothing else is written unless it wins: one
     * statement that changes the conversation row only if it still has the expected version, and
     * locks it until commit. A delete turns the row into a tombstone. A create is an insert, which a
     * concurrent creator makes fail on the primary key (a conflict); a create of a deleted id first
     * removes the tombstone of the expected version, which locks it the same way.
     *
     * @return {@link Claim#LOST} when the id's stored version is not the expected one
     */
    private Claim claim(Handle handle, String appId, ConversationWrite write) {
        String id = write.conversationId();
        if (write.isDelete()) {
            if (handle.execute("DELETE FROM roster_conversation WHERE app_id = ? AND conversation_id = ? "
                    + "AND version = ?", appId, id, write.expectedVersion()) != 1) {
                return Claim.LOST;
            }
            handle.execute(putTombstone, appId, id, write.newVersion());
            return Claim.UPDATED;
        }
        if (write.expectedVersion() == 0) {
            insertConversation(handle, appId, write);
            // Checked after the insert, which waits for a concurrent delete of the id to end: a
            // tombstone then means the id was used since the writer read it, so the create is stale.
            boolean stale = handle.createQuery("SELECT COUNT(*) FROM roster_conversation_tombstone WHERE app_id = ? "
                    + "AND conversation_id = ?").bind(0, appId).bind(1, id).mapTo(Long.class).one() > 0;
            return stale ? Claim.LOST : Claim.CREATED;
        }
        Conversation c = write.conversation();
        if (handle.execute("UPDATE roster_conversation SET version = ?, subject = ?, photo_url = ?, "
                        + "welcome_messages = ?, custom = ?, created_at = ?, topic_id = ?, last_message_id = ? "
                        + "WHERE app_id = ? AND conversation_id = ? AND version = ?",
                write.newVersion(), c.subject(), c.photoUrl(), welcome(c), JsonColumns.write(c.custom()),
                c.createdAt(), c.topicId(), write.lastMessageId(), appId, id, write.expectedVersion()) == 1) {
            return Claim.UPDATED;
        }
        // Versions never repeat for an id, so the expected one may instead be its tombstone's.
        if (handle.execute("DELETE FROM roster_conversation_tombstone WHERE app_id = ? AND conversation_id = ? "
                + "AND version = ?", appId, id, write.expectedVersion()) != 1) {
            return Claim.LOST;
        }
        insertConversation(handle, appId, write);
        return Claim.CREATED;
    }

    /**
     * What {@link #claim} did: lost to another version, changed (or deleted) the conversation, or
     * created it, which then has no participations, custom rows or messages for the write to replace.
     */
    private enum Claim { LOST, UPDATED, CREATED }

    private static void insertConversation(Handle handle, String appId, ConversationWrite write) {
        Conversation c = write.conversation();
        handle.execute("INSERT INTO roster_conversation (app_id, conversation_id, version, subject, photo_url, "
                        + "welcome_messages, custom, created_at, topic_id, last_message_id) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                appId, write.conversationId(), write.newVersion(), c.subject(), c.photoUrl(), welcome(c),
                JsonColumns.write(c.custom()), c.createdAt(), c.topicId(), write.lastMessageId());
    }

    private static String welcome(Conversation c) {
        return c.welcomeMessages() == null ? null : JsonColumns.write(c.welcomeMessages());
    }

    private static void saveCustom(Handle handle, String appId, ConversationWrite write, boolean created) {
        Conversation c = write.conversation();
        if (!created) {
            handle.execute("DELETE FROM roster_conversation_custom WHERE app_id = ? AND conversation_id = ?",
                    appId, c.id());
        }
        if (!c.custom().isEmpty()) {
            PreparedBatch batch = handle.prepareBatch("INSERT INTO roster_conversation_custom "
                    + "(app_id, conversation_id, custom_key, custom_value) VALUES (?, ?, ?, ?)");
            c.custom().forEach((key, value) -> batch.bind(0, appId).bind(1, c.id()).bind(2, key).bind(3, value).add());
            batch.execute();
        }
    }

    private void saveEntries(Handle handle, String appId, ConversationWrite write, boolean created) {
        if (!created) {
            List<String> replaced = new ArrayList<>(write.removeEntries());
            write.putEntries().forEach(entry -> replaced.add(entry.userId()));
            deleteByIds(handle, "roster_entry", "user_id", appId, write.conversationId(), replaced);
        }
        if (write.putEntries().isEmpty()) {
            return;
        }
        PreparedBatch batch = handle.prepareBatch("INSERT INTO roster_entry (app_id, conversation_id, user_id, access, "
                + "notification, joined_at, read_until, is_left, created_at, subject, custom, last_message_at, "
                + "last_activity_at, unread_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        for (InboxEntry e : write.putEntries()) {
            batch.bind(0, appId).bind(1, write.conversationId()).bind(2, e.userId()).bind(3, e.access().name())
                    .bind(4, e.notification().name()).bind(5, e.joinedAt()).bind(6, e.readUntil()).bind(7, e.left())
                    .bind(8, e.createdAt()).bind(9, e.subject()).bind(10, JsonColumns.write(e.custom()))
                    .bind(11, e.lastMessageAt()).bind(12, e.lastActivityAt()).bind(13, e.unreadCount()).add();
        }
        batch.execute();
    }

    private void saveMessages(Handle handle, String appId, ConversationWrite write, boolean created)
            throws SQLException {
        if (!created) {
            List<String> replaced = new ArrayList<>(write.removeMessages());
            write.putMessages().forEach(message -> replaced.add(message.id()));
            deleteByIds(handle, "roster_message", "message_id", appId, write.conversationId(), replaced);
        }
        if (write.putMessages().isEmpty()) {
            return;
        }
        if (dialect == Dialect.POSTGRESQL) {
            insertMessagesPostgres(handle.getConnection(), appId, write);
            return;
        }
        PreparedBatch batch = handle.prepareBatch("INSERT INTO roster_message (app_id, conversation_id, message_id, "
                + "message_type, sender_id, text, custom, created_at, edited_at, origin, referenced_message_id, "
                + "idempotency_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        for (Message m : write.putMessages()) {
            batch.bind(0, appId).bind(1, write.conversationId()).bind(2, m.id()).bind(3, m.type().name())
                    .bind(4, m.senderId()).bind(5, m.text()).bind(6, JsonColumns.write(m.custom()))
                    .bind(7, m.createdAt()).bind(8, m.editedAt()).bind(9, m.origin())
                    .bind(10, m.referencedMessageId()).bind(11, m.idempotencyKey()).add();
        }
        batch.execute();
    }

    /**
     * The messages as one {@code INSERT … SELECT FROM unnest(…)} of one array per column: one
     * statement for the whole page, where a batch of single-row inserts is parsed, bound and run
     * once per message (the insert of 500 messages was the biggest wait of row 10's copy).
     */
    private static void insertMessagesPostgres(Connection connection, String appId, ConversationWrite write)
            throws SQLException {
        List<Message> messages = write.putMessages();
        int n = messages.size();
        String[][] texts = new String[8][n];
        Long[] createdAt = new Long[n];
        Long[] editedAt = new Long[n];
        for (int i = 0; i < n; i++) {
            Message m = messages.get(i);
            texts[0][i] = m.id();
            texts[1][i] = m.type().name();
            texts[2][i] = m.senderId();
            texts[3][i] = m.text();
            texts[4][i] = JsonColumns.write(m.custom());
            texts[5][i] = m.origin();
            texts[6][i] = m.referencedMessageId();
            texts[7][i] = m.idempotencyKey();
            createdAt[i] = m.createdAt();
            editedAt[i] = m.editedAt();
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO roster_message (app_id, "
                + "conversation_id, message_id, message_type, sender_id, text, custom, created_at, edited_at, origin, "
                + "referenced_message_id, idempotency_key) SELECT ?, ?, m.id, m.type, m.sender, m.text, m.custom, "
                + "m.created_at, m.edited_at, m.origin, m.referenced, m.idempotency_key FROM unnest(CAST(? AS varchar[]), "
                + "CAST(? AS varchar[]), CAST(? AS varchar[]), CAST(? AS text[]), CAST(? AS text[]), "
                + "CAST(? AS bigint[]), CAST(? AS bigint[]), CAST(? AS text[]), CAST(? AS varchar[]), "
                + "CAST(? AS varchar[])) AS m(id, type, sender, text, custom, created_at, edited_at, origin, referenced, "
                + "idempotency_key)")) {
            PostgresBinder bind = new PostgresBinder(connection, insert);
            bind.text(appId);
            bind.text(write.conversationId());
            bind.array("varchar", texts[0]);
            bind.array("varchar", texts[1]);
            bind.array("varchar", texts[2]);
            bind.array("text", texts[3]);
            bind.array("text", texts[4]);
            bind.array("bigint", createdAt);
            bind.array("bigint", editedAt);
            bind.array("text", texts[5]);
            bind.array("varchar", texts[6]);
            bind.array("varchar", texts[7]);
            insert.executeUpdate();
        }
    }

    private void deleteByIds(Handle handle, String table, String column, String appId, String conversationId,
                             List<String> ids) {
        for (int from = 0; from < ids.size(); from += CHUNK) {
            KeyLookup key = KeyLookup.of(dialect, List.of("app_id", "conversation_id"), List.of(appId, conversationId),
                    column, "?", ids.subList(from, Math.min(ids.size(), from + CHUNK)));
            handle.execute("DELETE FROM " + table + " WHERE " + key.condition(), key.parameters().toArray());
        }
    }

    @Override
    public List<String> listIds(String appId, String startingAfter, int limit) {
        return Failures.call("listing conversations of app " + appId, () -> jdbi.withHandle(handle ->
                bindPositional(handle.createQuery(listIdsSql(startingAfter)), listIdsParameters(appId, startingAfter,
                        limit)).mapTo(String.class).list()));
    }

    /**
     * The listing by id. H2 is ordered by its whole index, app first: ordered by
     * {@code conversation_sort} alone, it does not see that the index gives that order, and reads
     * and sorts every later conversation of the app for each page.
     */
    private String listIdsSql(String startingAfter) {
        String order = dialect == Dialect.H2 ? "app_id, conversation_sort" : "conversation_id";
        String after = dialect == Dialect.H2 ? "conversation_sort > CAST(? AS VARBINARY(1020))" : "conversation_id > ?";
        return "SELECT conversation_id FROM roster_conversation WHERE app_id = ?"
                + (startingAfter == null ? "" : " AND " + after) + " ORDER BY " + order + " LIMIT ?";
    }

    private static List<Object> listIdsParameters(String appId, String startingAfter, int limit) {
        List<Object> parameters = new ArrayList<>();
        parameters.add(appId);
        if (startingAfter != null) {
            parameters.add(startingAfter);
        }
        parameters.add(limit);
        return parameters;
    }

    @Override
    public long count(String appId) {
        return countOf("roster_conversation", "counting conversations of app " + appId, appId);
    }

    @Override
    public long countMessages(String appId) {
        return countOf("roster_message", "counting messages of app " + appId, appId);
    }

    private long countOf(String table, String what, String appId) {
        return Failures.call(what, () -> jdbi.withHandle(handle ->
                handle.createQuery("SELECT COUNT(*) FROM " + table + " WHERE app_id = ?").bind(0, appId)
                        .mapTo(Long.class).one()));
    }

    /** The plan ({@code EXPLAIN ANALYZE}) of a {@link #listIds} page, for tests that check it. */
    public String listIdsPlan(String appId, String startingAfter, int limit) {
        return explain("explaining a listing of conversations of app " + appId, listIdsSql(startingAfter),
                listIdsParameters(appId, startingAfter, limit));
    }

    @Override
    public InboxPage listInbox(String appId, ConversationQuery query) {
        return Failures.call("listing conversations of user " + query.userId() + " in app " + appId,
                () -> jdbi.withHandle(handle -> {
                    InboxEntry start = null;
                    if (query.startingAfter() != null) {
                        start = handle.createQuery("SELECT " + ENTRY_COLUMNS + " FROM roster_entry e WHERE e.app_id = ? "
                                        + "AND e.user_id = ? AND e.conversation_id = ?")
                                .bind(0, appId).bind(1, query.userId()).bind(2, query.startingAfter())
                                .map(ENTRY).findOne().orElse(null);
                        if (!query.canStartAfter(start)) {
                            return InboxPage.unknownCursor();
                        }
                    }
                    InboxSql sql = InboxSql.of(dialect, ENTRY_COLUMNS, appId, query, query.cursor(start));
                    List<InboxEntry> page = bindPositional(handle.createQuery(sql.sql()), sql.parameters()).map(ENTRY).list();
                    List<String> ids = page.stream().map(InboxEntry::conversationId).toList();
                    return InboxPage.of(page, ids.isEmpty() ? Map.of() : loadConsistent(handle, appId, ids));
                }));
    }

    /** The SQL and parameters of a listing page starting at {@code cursor}, for tests that check the plan. */
    public InboxSql inboxSql(String appId, ConversationQuery query, InboxCursor cursor) {
        return InboxSql.of(dialect, ENTRY_COLUMNS, appId, query, cursor);
    }

    @Override
    public List<Message> messages(String appId, String conversationId, MessageCursor after, int limit) {
        return Failures.call("reading messages of conversation " + conversationId, () -> jdbi.withHandle(handle ->
                newestFirst(handle, "m.conversation_id", conversationId, appId, after, limit)));
    }

    /** {@inheritDoc} <p>One range scan of {@code roster_message_by_sender} (schema step V8). */
    @Override
    public List<Message> messagesBySender(String appId, String senderId, MessageCursor after, int limit) {
        return Failures.call("reading messages sent by " + senderId, () -> jdbi.withHandle(handle ->
                newestFirst(handle, "m.sender_id", senderId, appId, after, limit)));
    }

    /** A page of the messages with {@code column = value}, newest first in (created_at, id) order, after the cursor. */
    private List<Message> newestFirst(Handle handle, String column, String value, String appId, MessageCursor after,
                                      int limit) {
        return bindPositional(handle.createQuery(newestFirstSql(column, after)),
                newestFirstParameters(value, appId, after, limit)).map(MESSAGE).list();
    }

    /**
     * The select of {@link #newestFirst}. H2 is ordered by the whole index, app and {@code column}
     * first: ordered by the time and id alone, it does not see that the index gives that order, and
     * reads and sorts every older message of the conversation (or sender) for each page.
     */
    private String newestFirstSql(String column, MessageCursor after) {
        String order = dialect == Dialect.H2 ? "m.message_sort" : "m.message_id";
        String id = dialect == Dialect.H2 ? "CAST(? AS VARBINARY(1020))" : "?";
        String where = "m.app_id = ? AND " + column + " = ?";
        if (after != null) {
            where += " AND m.created_at <= ? AND (m.created_at, " + order + ") < (?, " + id + ")";
        }
        String fixed = dialect == Dialect.H2 ? "m.app_id DESC, " + column + " DESC, " : "";
        return "SELECT " + MESSAGE_COLUMNS + " FROM roster_message m WHERE " + where + " ORDER BY " + fixed
                + "m.created_at DESC, " + order + " DESC LIMIT ?";
    }

    private static List<Object> newestFirstParameters(String value, String appId, MessageCursor after, int limit) {
        List<Object> parameters = new ArrayList<>(List.of(appId, value));
        if (after != null) {
            parameters.addAll(List.of(after.createdAt(), after.createdAt(), after.messageId()));
        }
        parameters.add(limit);
        return parameters;
    }

    /** The plan ({@code EXPLAIN ANALYZE}) of a {@link #messages} page, for tests that check it. */
    public String messagesPlan(String appId, String conversationId, MessageCursor after, int limit) {
        return explain("explaining a page of messages of conversation " + conversationId,
                newestFirstSql("m.conversation_id", after), newestFirstParameters(conversationId, appId, after, limit));
    }

    private String explain(String what, String sql, List<Object> parameters) {
        return Failures.call(what, () -> jdbi.withHandle(handle -> String.join("\n",
                bindPositional(handle.createQuery("EXPLAIN ANALYZE " + sql), parameters).mapTo(String.class).list())));
    }

    @Override
    public Map<String, Message> findMessages(String appId, String conversationId, Collection<String> messageIds) {
        return byColumn(appId, conversationId, "message_id", messageIds, MESSAGE, Message::id);
    }

    @Override
    public Map<String, String> idempotencyKeys(String appId, String conversationId, Collection<String> keys) {
        Map<String, Message> byKey = byColumn(appId, conversationId, "idempotency_key", keys, MESSAGE,
                Message::idempotencyKey);
        Map<String, String> ids = new HashMap<>();
        byKey.forEach((key, message) -> ids.put(key, message.id()));
        return ids;
    }

    private <T> Map<String, T> byColumn(String appId, String conversationId, String column, Collection<String> values,
                                        RowMapper<T> mapper, java.util.function.Function<T, String> key) {
        List<String> list = List.copyOf(new LinkedHashSet<>(values));
        if (list.isEmpty()) {
            return Map.of();
        }
        return Failures.call("reading messages of conversation " + conversationId, () -> jdbi.withHandle(handle -> {
            Map<String, T> found = new HashMap<>();
            for (int from = 0; from < list.size(); from += CHUNK) {
                List<String> chunk = list.subList(from, Math.min(list.size(), from + CHUNK));
                KeyLookup lookup = KeyLookup.of(dialect, List.of("m.app_id", "m.conversation_id"),
                        List.of(appId, conversationId), "m." + column, "?", chunk);
                bindPositional(handle.createQuery("SELECT " + MESSAGE_COLUMNS + " FROM roster_message m "
                        + "WHERE " + lookup.condition()), lookup.parameters())
                        .map(mapper).forEach(value -> found.put(key.apply(value), value));
            }
            return found;
        }));
    }

    @Override
    public long countMessages(String appId, String conversationId, long createdAfter, String excludedSender) {
        return Failures.call("counting messages of conversation " + conversationId, () -> jdbi.withHandle(handle -> {
            Query query = handle.createQuery("SELECT COUNT(*) FROM roster_message WHERE app_id = ? "
                    + "AND conversation_id = ? AND created_at > ?"
                    + (excludedSender == null ? "" : " AND (sender_id IS NULL OR sender_id <> ?)"));
            query.bind(0, appId).bind(1, conversationId).bind(2, createdAfter);
            if (excludedSender != null) {
                query.bind(3, excludedSender);
            }
            return query.mapTo(Long.class).one();
        }));
    }

    private static Conversation conversation(ResultSet rows) throws SQLException {
        String welcome = rows.getString("welcome_messages");
        return new Conversation(rows.getString("conversation_id"), rows.getString("subject"),
                rows.getString("photo_url"), welcome == null ? null : JsonColumns.list(welcome),
                new TreeMap<>(JsonColumns.map(rows.getString("custom"))), rows.getLong("created_at"),
                rows.getString("topic_id"));
    }

    private static Message message(ResultSet rows) throws SQLException {
        return new Message(rows.getString("message_id"), rows.getString("conversation_id"),
                MessageType.valueOf(rows.getString("message_type")), rows.getString("sender_id"),
                rows.getString("text"), new TreeMap<>(JsonColumns.map(rows.getString("custom"))),
                rows.getLong("created_at"), nullableLong(rows, "edited_at"), rows.getString("origin"),
                rows.getString("referenced_message_id"), rows.getString("idempotency_key"));
    }

    private static Long nullableLong(ResultSet rows, String column) throws SQLException {
        long value = rows.getLong(column);
        return rows.wasNull() ? null : value;
    }

    private static <S extends SqlStatement<S>> S bindPositional(S statement, List<Object> parameters) {
        for (int i = 0; i < parameters.size(); i++) {
            statement.bind(i, parameters.get(i));
        }
        return statement;
    }
}
