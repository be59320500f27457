package dev.roster.jdbc.internal;

import dev.roster.core.domain.Ids;
import dev.roster.core.domain.RosterException;
import dev.roster.core.domain.User;
import dev.roster.core.domain.UserLifecycle;
import dev.roster.core.domain.UserOrder;
import dev.roster.core.domain.UserQuery;
import dev.roster.core.spi.ChangeKind;
import dev.roster.core.spi.CreateOrLoad;
import dev.roster.core.spi.UserPage;
import dev.roster.core.spi.UserStore;
import dev.roster.core.spi.UserWrite;
import dev.roster.core.spi.Versioned;
import dev.roster.jdbc.Dialect;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Users in {@code roster_user}, keyed by (app id, user id). A batch write is one transaction:
 * insert the new users, update the others only where the version is still the expected one
 * (an update count of 0 is a mismatch: roll back), append the change-log entries. An insert of a
 * user that exists meanwhile surfaces as a unique-key violation, which is reported as a conflict
 * like a version mismatch.
 */
public final class JdbcUserStore implements UserStore {

    /** Ids per {@code IN} list; far below every engine's bind-parameter limit. */
    private static final int CHUNK = 1000;

    /** The columns {@link #readAt} reads, in order. */
    static final String COLUMNS = "user_id, version, name, email, phone, photo_url, welcome_message, role, "
            + "locale, custom, push_tokens, availability_text, created_at, deactivated_at, tokens_revoked_before";
    private static final String LIFECYCLE_COLUMNS = "user_id, last_active_at, deactivated";
    private static final String QUALIFIED_COLUMNS = "u." + COLUMNS.replace(", ", ", u.");
    private static final RowMapper<Versioned<User>> MAPPER = (rows, context) -> read(rows);

    private final Jdbi jdbi;
    private final DataSource dataSource;
    private final Dialect dialect;
    private final WriteGate gate;
    private final Runnable appended;
    private final String loadOne;
    private final String listFirst;
    private final String listAfter;

    /**
     * A store over {@code jdbi}, whose schema is migrated; {@code dataSource} is the one under
     * {@code jdbi}, which {@link #load} uses directly. {@code appended} runs after every write
     * that committed change-log entries.
     */
    public JdbcUserStore(Jdbi jdbi, DataSource dataSource, Dialect dialect, WriteGate gate, Runnable appended) {
        this.jdbi = jdbi;
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.gate = gate;
        this.appended = appended;
        String select = "SELECT " + COLUMNS + " FROM roster_user WHERE app_id = ?";
        loadOne = select + " AND user_id = ?";
        if (dialect == Dialect.H2) {
            // Ordered by the whole index, app_id first: ordered by user_sort alone, H2 does not
            // see that the index gives that order, and reads and sorts every later user of the app.
            listFirst = select + " ORDER BY app_id, user_sort LIMIT ?";
            listAfter = select + " AND user_sort > CAST(? AS VARBINARY(1020)) ORDER BY app_id, user_sort LIMIT ?";
        } else {
            listFirst = select + " ORDER BY user_id LIMIT ?";
            listAfter = select + " AND user_id > ? ORDER BY user_id LIMIT ?";
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Plain JDBC on a pooled connection rather than Jdbi: this is the read behind every
     * uncached user lookup, and Jdbi's per-statement set-up (handle, statement context, argument
     * factory lookup per bound value, result iterator) cost more than the SQL itself on H2.
     */
    @Override
    public Map<String, Versioned<User>> load(String appId, Collection<String> userIds) {
        List<String> ids = List.copyOf(new LinkedHashSet<>(userIds));
        if (ids.isEmpty()) {
            return Map.of();
        }
        try (Connection connection = dataSource.getConnection()) {
            if (ids.size() == 1 && dialect != Dialect.POSTGRESQL) {
                try (PreparedStatement select = connection.prepareStatement(loadOne)) {
                    select.setString(1, appId);
                    select.setString(2, ids.get(0));
                    return readAll(select);
                }
            }
            Map<String, Versioned<User>> found = new HashMap<>();
            for (int from = 0; from < ids.size(); from += CHUNK) {
                List<String> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
                try (PreparedStatement select = connection.prepareStatement(loadSql(COLUMNS, chunk.size()))) {
                    bindLoad(connection, select, appId, chunk);
                    found.putAll(readAll(select));
                }
            }
            return found;
        } catch (RosterException e) {
            throw e;
        } catch (SQLException | RuntimeException e) {
            throw Failures.translate("loading users of app " + appId, e);
        }
    }

    private static Map<String, Versioned<User>> readAll(PreparedStatement select) throws SQLException {
        Map<String, Versioned<User>> found = new HashMap<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                Versioned<User> user = read(rows);
                found.put(user.value().id(), user);
            }
        }
        return found;
    }

    /** A row of {@link #COLUMNS}, read by position. */
    private static Versioned<User> read(ResultSet rows) throws SQLException {
        return readAt(rows, 1);
    }

    /** The columns of {@link #COLUMNS} from position {@code first} on. */
    static Versioned<User> readAt(ResultSet rows, int first) throws SQLException {
        int at = first - 1;
        return new Versioned<>(new User(
                rows.getString(at + 1),
                rows.getString(at + 3),
                JsonColumns.list(rows.getString(at + 4)),
                JsonColumns.list(rows.getString(at + 5)),
                rows.getString(at + 6),
                rows.getString(at + 7),
                rows.getString(at + 8),
                rows.getString(at + 9),
                new TreeMap<>(JsonColumns.map(rows.getString(at + 10))),
                new TreeSet<>(JsonColumns.set(rows.getString(at + 11))),
                rows.getString(at + 12),
                rows.getLong(at + 13),
                rows.getObject(at + 14, Long.class),
                rows.getObject(at + 15, Long.class)), rows.getLong(at + 2));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Plain JDBC, transaction included, like {@link #load}: Jdbi's per-value argument binding
     * cost as much as H2's own work. On PostgreSQL the whole write, commit included, is one round
     * trip ({@link PostgresUserWrite}); H2 and MariaDB run one JDBC batch per statement kind.
     */
    @Override
    public boolean write(String appId, List<UserWrite> writes) {
        if (writes.isEmpty()) {
            return true;
        }
        List<UserWrite> sorted = byId(writes);
        try {
            boolean written = gate.write(() -> inTransaction(appId, sorted));
            if (written) {
                appended.run();
            }
            return written;
        } catch (SQLException | RuntimeException e) {
            if (Failures.isConflict(e) && !Failures.isUnavailable(e)) {
                return false;
            }
            throw Failures.translate("writing " + writes.size() + " users of app " + appId, e);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>On PostgreSQL one round trip ({@link PostgresUserWrite#createOrLoad}); elsewhere the
     * default's load, then write.
     */
    @Override
    public CreateOrLoad createOrLoad(String appId, List<UserWrite> creates) {
        if (dialect != Dialect.POSTGRESQL || creates.isEmpty()) {
            return UserStore.super.createOrLoad(appId, creates);
        }
        List<UserWrite> sorted = byId(creates);
        List<String> ids = CreateOrLoad.idsOf(sorted);
        CreateOrLoad outcome;
        try {
            outcome = gate.write(() -> {
                try (Connection connection = dataSource.getConnection()) {
                    connection.setAutoCommit(true);
                    return PostgresUserWrite.createOrLoad(connection, appId, sorted);
                }
            });
        } catch (SQLException | RuntimeException e) {
            if (!Failures.isConflict(e) || Failures.isUnavailable(e)) {
                throw Failures.translate("creating " + creates.size() + " users of app " + appId, e);
            }
            outcome = null;
        }
        if (outcome == null) {
            return new CreateOrLoad(false, load(appId, ids));
        }
        if (outcome.created()) {
            appended.run();
        }
        return outcome;
    }

    /** The writes in id order: one lock order for every writer keeps concurrent batches from deadlocking. */
    private static List<UserWrite> byId(List<UserWrite> writes) {
        List<UserWrite> sorted = new ArrayList<>(writes);
        sorted.sort(Comparator.comparing((UserWrite w) -> w.user().id(), Ids.ORDER));
        return sorted;
    }

    /** Writes the sorted batch in one transaction, committed when every write matched. */
    private boolean inTransaction(String appId, List<UserWrite> sorted) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            if (dialect == Dialect.POSTGRESQL) {
                // A caller's data source may hand out connections with auto-commit off.
                connection.setAutoCommit(true);
                return PostgresUserWrite.write(connection, appId, sorted);
            }
            connection.setAutoCommit(false);
            boolean written;
            try {
                written = writeBatches(connection, appId, sorted);
                if (written) {
                    connection.commit();
                } else {
                    connection.rollback();
                }
            } catch (SQLException | RuntimeException e) {
                // The connection may be lost: what fails while cleaning up must not hide the cause.
                try {
                    connection.rollback();
                    connection.setAutoCommit(true);
                } catch (SQLException cleanup) {
                    e.addSuppressed(cleanup);
                }
                throw e;
            }
            connection.setAutoCommit(true);
            return written;
        }
    }

    /** The write as JDBC batches, one per statement kind; false (roll back) when a version did not match. */
    private boolean writeBatches(Connection connection, String appId, List<UserWrite> sorted) throws SQLException {
        insert(connection, appId, sorted);
        if (!update(connection, appId, sorted)) {
            return false;
        }
        writeCustom(connection, appId, sorted.stream().filter(UserWrite::customChanged).map(UserWrite::user).toList());
        ChangeAppender.append(connection, dialect, appId, ChangeKind.USER, sorted.stream()
                .map(w -> new ChangeAppender.Entry(w.user().id(), w.newVersion(), w.feed())).toList());
        return true;
    }

    private static void insert(Connection connection, String appId, List<UserWrite> writes) throws SQLException {
        if (writes.stream().noneMatch(w -> w.expectedVersion() == 0)) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO roster_user (app_id, " + COLUMNS
                + ", name_key, deactivated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (UserWrite write : writes) {
                if (write.expectedVersion() == 0) {
                    insert.setString(1, appId);
                    insert.setString(2, write.user().id());
                    insert.setLong(3, write.newVersion());
                    setFields(insert, 4, write.user());
                    insert.setLong(14, write.user().createdAt());
                    setLifecycle(insert, 15, write.user());
                    insert.setString(17, UserOrder.nameKey(write.user().name()));
                    insert.setBoolean(18, write.user().deactivated());
                    insert.addBatch();
                }
            }
            insert.executeBatch();
        }
    }

    /**
     * Updates the existing users if each still has its expected version: the compare-and-set
     * (a row changed since is not matched, its update count is 0) and the row lock in one.
     *
     * @return false when a version did not match
     */
    private static boolean update(Connection connection, String appId, List<UserWrite> writes) throws SQLException {
        if (writes.stream().noneMatch(w -> w.expectedVersion() > 0)) {
            return true;
        }
        try (PreparedStatement update = connection.prepareStatement("UPDATE roster_user SET version = ?, name = ?, "
                + "email = ?, phone = ?, photo_url = ?, welcome_message = ?, role = ?, locale = ?, custom = ?, "
                + "push_tokens = ?, availability_text = ?, name_key = ?, deactivated_at = ?, tokens_revoked_before = ?, "
                + "deactivated = ? WHERE app_id = ? AND user_id = ? AND version = ?")) {
            for (UserWrite write : writes) {
                if (write.expectedVersion() > 0) {
                    update.setLong(1, write.newVersion());
                    setFields(update, 2, write.user());
                    update.setString(12, UserOrder.nameKey(write.user().name()));
                    setLifecycle(update, 13, write.user());
                    update.setBoolean(15, write.user().deactivated());
                    update.setString(16, appId);
                    update.setString(17, write.user().id());
                    update.setLong(18, write.expectedVersion());
                    update.addBatch();
                }
            }
            for (int count : update.executeBatch()) {
                // Anything but "one row" fails the write, so a driver that reported no counts could
                // never make a stale write pass.
                if (count != 1) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Replaces the custom rows of these users with their custom fields. */
    private static void writeCustom(Connection connection, String appId, List<User> users) throws SQLException {
        if (users.isEmpty()) {
            return;
        }
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM roster_user_custom WHERE app_id = ? AND user_id = ?");
             PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO roster_user_custom (app_id, user_id, custom_key, custom_value) VALUES (?, ?, ?, ?)")) {
            boolean inserts = false;
            for (User user : users) {
                delete.setString(1, appId);
                delete.setString(2, user.id());
                delete.addBatch();
                for (Map.Entry<String, String> field : user.custom().entrySet()) {
                    insert.setString(1, appId);
                    insert.setString(2, user.id());
                    insert.setString(3, field.getKey());
                    insert.setString(4, field.getValue());
                    insert.addBatch();
                    inserts = true;
                }
            }
            delete.executeBatch();
            if (inserts) {
                insert.executeBatch();
            }
        }
    }

    /**
     * Fills in the name key and custom rows of users written before the schema had them (their
     * name key is null), a thousand at a time. Idempotent; a store runs it when it opens.
     */
    public void backfill() {
        try (Connection connection = dataSource.getConnection()) {
            while (true) {
                Map<String, List<User>> byApp = new HashMap<>();
                try (PreparedStatement select = connection.prepareStatement("SELECT app_id, " + COLUMNS
                        + " FROM roster_user WHERE name_key IS NULL LIMIT " + CHUNK);
                     ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        byApp.computeIfAbsent(rows.getString(1), a -> new ArrayList<>()).add(readAt(rows, 2).value());
                    }
                }
                if (byApp.isEmpty()) {
                    return;
                }
                connection.setAutoCommit(false);
                try (PreparedStatement update = connection.prepareStatement(
                        "UPDATE roster_user SET name_key = ? WHERE app_id = ? AND user_id = ?")) {
                    for (Map.Entry<String, List<User>> app : byApp.entrySet()) {
                        for (User user : app.getValue()) {
                            update.setString(1, UserOrder.nameKey(user.name()));
                            update.setString(2, app.getKey());
                            update.setString(3, user.id());
                            update.addBatch();
                        }
                        writeCustom(connection, app.getKey(), app.getValue());
                    }
                    update.executeBatch();
                    connection.commit();
                } catch (SQLException | RuntimeException e) {
                    connection.rollback();
                    throw e;
                } finally {
                    connection.setAutoCommit(true);
                }
            }
        } catch (SQLException | RuntimeException e) {
            throw Failures.translate("filling in the name keys of users", e);
        }
    }

    /** Binds the ten stored fields from name to availability text, starting at parameter {@code first}. */
    private static void setFields(PreparedStatement statement, int first, User u) throws SQLException {
        statement.setString(first, u.name());
        statement.setString(first + 1, JsonColumns.write(u.email()));
        statement.setString(first + 2, JsonColumns.write(u.phone()));
        statement.setString(first + 3, u.photoUrl());
        statement.setString(first + 4, u.welcomeMessage());
        statement.setString(first + 5, u.role());
        statement.setString(first + 6, u.locale());
        statement.setString(first + 7, JsonColumns.write(u.custom()));
        statement.setString(first + 8, JsonColumns.write(u.pushTokens()));
        statement.setString(first + 9, u.availabilityText());
    }

    /** Binds {@code deactivated_at} and {@code tokens_revoked_before}, starting at parameter {@code first}. */
    private static void setLifecycle(PreparedStatement statement, int first, User u) throws SQLException {
        setNullableLong(statement, first, u.deactivatedAt());
        setNullableLong(statement, first + 1, u.tokensRevokedBefore());
    }

    private static void setNullableLong(PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }

    @Override
    public List<User> list(String appId, String startingAfter, int limit) {
        return Failures.call("listing users of app " + appId, () -> jdbi.withHandle(handle -> {
            Query query = startingAfter == null
                    ? handle.createQuery(listFirst).bind(0, appId).bind(1, limit)
                    : handle.createQuery(listAfter).bind(0, appId).bind(1, startingAfter).bind(2, limit);
            return query.map(MAPPER).map(Versioned::value).list();
        }));
    }

    @Override
    public long count(String appId) {
        return Failures.call("counting users of app " + appId, () -> jdbi.withHandle(handle ->
                handle.createQuery("SELECT COUNT(*) FROM roster_user WHERE app_id = ?").bind(0, appId)
                        .mapTo(Long.class).one()));
    }

    /**
     * {@inheritDoc}
     *
     * <p>One {@code UPDATE} of {@code last_active_at} alone, by primary key, with the staleness test
     * in its {@code WHERE}: the row's version, custom rows and the change log are not touched.
     */
    @Override
    public boolean recordActivity(String appId, String userId, long at, long staleBefore) {
        try {
            return gate.write(() -> {
                try (Connection connection = dataSource.getConnection();
                     PreparedStatement update = connection.prepareStatement("UPDATE roster_user SET last_active_at = ? "
                             + "WHERE app_id = ? AND user_id = ? AND (last_active_at IS NULL OR last_active_at < ?)")) {
                    update.setLong(1, at);
                    update.setString(2, appId);
                    update.setString(3, userId);
                    update.setLong(4, staleBefore);
                    return update.executeUpdate() == 1;
                }
            });
        } catch (RosterException e) {
            throw e;
        } catch (SQLException | RuntimeException e) {
            throw Failures.translate("recording the activity of user " + userId + " of app " + appId, e);
        }
    }

    /** {@inheritDoc} <p>The select of {@link #load} with the lifecycle columns. */
    @Override
    public Map<String, UserLifecycle> lifecycles(String appId, Collection<String> userIds) {
        List<String> ids = List.copyOf(new LinkedHashSet<>(userIds));
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<String, UserLifecycle> found = new HashMap<>();
        try (Connection connection = dataSource.getConnection()) {
            for (int from = 0; from < ids.size(); from += CHUNK) {
                List<String> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
                try (PreparedStatement select = connection.prepareStatement(loadSql(LIFECYCLE_COLUMNS, chunk.size()))) {
                    bindLoad(connection, select, appId, chunk);
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            found.put(rows.getString(1), new UserLifecycle(rows.getObject(2, Long.class),
                                    rows.getBoolean(3)));
                        }
                    }
                }
            }
            return found;
        } catch (RosterException e) {
            throw e;
        } catch (SQLException | RuntimeException e) {
            throw Failures.translate("loading the lifecycle of users of app " + appId, e);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>One indexed range scan per query ({@link UserSql}); the {@code lastActiveAt} order reads
     * the users with a time first, then, if the page is not full, those never active. Outside id
     * order the cursor user's sort values are read first, by primary key.
     */
    @Override
    public UserPage query(String appId, UserQuery query) {
        return Failures.call("querying users of app " + appId, () -> jdbi.withHandle(handle -> {
            Cursor cursor = null;
            if (query.needsCursorUser()) {
                cursor = handle.createQuery("SELECT created_at, name_key, last_active_at FROM roster_user "
                                + "WHERE app_id = ? AND user_id = ?").bind(0, appId).bind(1, query.startingAfter())
                        .map((rows, context) -> new Cursor(rows.getLong(1), rows.getString(2),
                                (Long) rows.getObject(3, Long.class)))
                        .findOne().orElse(null);
                if (cursor == null) {
                    return UserPage.unknownCursor();
                }
            }
            String after = query.startingAfter();
            if (query.order() != UserOrder.LAST_ACTIVE_AT) {
                UserSql.Keyset keyset = after == null ? null : new UserSql.Keyset(cursor == null ? null
                        : query.order() == UserOrder.NAME ? cursor.nameKey() : cursor.createdAt(), after);
                return UserPage.of(select(handle, appId, query, UserSql.Segment.ALL, keyset, query.limit()));
            }
            List<User> page = new ArrayList<>();
            if (after == null || cursor.lastActiveAt() != null) {
                UserSql.Keyset keyset = after == null ? null : new UserSql.Keyset(cursor.lastActiveAt(), after);
                page.addAll(select(handle, appId, query, UserSql.Segment.ACTIVE, keyset, query.limit()));
            }
            if (page.size() < query.limit()) {
                UserSql.Keyset keyset = after == null || cursor.lastActiveAt() != null ? null
                        : new UserSql.Keyset(null, after);
                page.addAll(select(handle, appId, query, UserSql.Segment.NEVER_ACTIVE, keyset,
                        query.limit() - page.size()));
            }
            return UserPage.of(page);
        }));
    }

    private List<User> select(Handle handle, String appId, UserQuery query, UserSql.Segment segment,
                              UserSql.Keyset after, int limit) {
        UserSql sql = UserSql.of(dialect, QUALIFIED_COLUMNS, appId, query, segment, after, limit);
        Query select = handle.createQuery(sql.sql());
        for (int i = 0; i < sql.parameters().size(); i++) {
            select.bind(i, sql.parameters().get(i));
        }
        return select.map(MAPPER).map(Versioned::value).list();
    }

    /**
     * The plans ({@code EXPLAIN}) of the queries a first page of {@code query} runs, one after the
     * other, for tests that check them.
     */
    public String queryPlan(String appId, UserQuery query) {
        List<UserSql.Segment> segments = query.order() == UserOrder.LAST_ACTIVE_AT
                ? List.of(UserSql.Segment.ACTIVE, UserSql.Segment.NEVER_ACTIVE) : List.of(UserSql.Segment.ALL);
        return Failures.call("explaining a user query of app " + appId, () -> jdbi.withHandle(handle -> {
            StringBuilder plans = new StringBuilder();
            for (UserSql.Segment segment : segments) {
                UserSql sql = UserSql.of(dialect, QUALIFIED_COLUMNS, appId, query, segment, null, query.limit());
                Query explain = handle.createQuery("EXPLAIN " + sql.sql());
                for (int i = 0; i < sql.parameters().size(); i++) {
                    explain.bind(i, sql.parameters().get(i));
                }
                explain.mapTo(String.class).forEach(line -> plans.append(line).append('\n'));
            }
            return plans.toString();
        }));
    }

    /** The sort values of the user a page starts after. */
    private record Cursor(long createdAt, String nameKey, Long lastActiveAt) {
    }

    /**
     * The multi-id select of {@code columns} for {@link #load} of {@code count} ids; {@link #bindLoad} binds it. H2
     * joins a {@link KeyLookup#valuesTable table of the ids} to the primary key, one lookup per id:
     * its {@code (app_id, user_id) IN ((?, ?), …)} re-tests every found row against the whole list
     * (quadratic: 29 ms for 1,000 ids against 5 ms) and a plain {@code IN} or {@code = ANY} walks
     * every user of the app. PostgreSQL looks up each key of arrays of them, app id included,
     * whatever the count ({@link KeyLookup#lateral}: constants are not plan-proof there), and a
     * single key as one row of values ({@link KeyLookup#lateralOne}). MariaDB
     * plans the plain {@code IN} as index lookups.
     */
    private String loadSql(String columns, int count) {
        if (dialect == Dialect.H2) {
            return "SELECT " + columns + " FROM " + KeyLookup.valuesTable(count, "?")
                    + " JOIN roster_user u ON u.app_id = ? AND u.user_id = v.id";
        }
        if (dialect == Dialect.POSTGRESQL) {
            List<String> key = List.of("app_id", "user_id");
            return "SELECT " + columns + " FROM "
                    + (count == 1 ? KeyLookup.lateralOne("roster_user", "u", key) : KeyLookup.lateral("roster_user", "u", key));
        }
        return "SELECT " + columns + " FROM roster_user WHERE "
                + KeyLookup.of(dialect, "app_id", "", "user_id", Collections.nCopies(count, "")).condition();
    }

    private void bindLoad(Connection connection, PreparedStatement select, String appId, List<String> ids)
            throws SQLException {
        if (dialect == Dialect.POSTGRESQL && ids.size() == 1) {
            select.setString(1, appId);
            select.setString(2, ids.get(0));
            return;
        }
        if (dialect == Dialect.POSTGRESQL) {
            List<Object> arrays = KeyLookup.keyArrays(List.of(appId), ids);
            for (int i = 0; i < arrays.size(); i++) {
                select.setArray(i + 1, connection.createArrayOf("varchar", (Object[]) arrays.get(i)));
            }
            return;
        }
        List<Object> parameters;
        if (dialect == Dialect.H2) {
            parameters = new ArrayList<>(ids);
            parameters.add(appId);
        } else {
            parameters = KeyLookup.of(dialect, "app_id", appId, "user_id", ids).parameters();
        }
        for (int i = 0; i < parameters.size(); i++) {
            select.setString(i + 1, (String) parameters.get(i));
        }
    }

    /**
     * The plan ({@code EXPLAIN ANALYZE}) of {@link #list}'s select of the page after {@code startingAfter}
     * (null for the first), for tests that check it.
     */
    public String listPlan(String appId, String startingAfter, int limit) {
        return Failures.call("explaining a listing of app " + appId, () -> jdbi.withHandle(handle -> {
            Query query = startingAfter == null
                    ? handle.createQuery("EXPLAIN ANALYZE " + listFirst).bind(0, appId).bind(1, limit)
                    : handle.createQuery("EXPLAIN ANALYZE " + listAfter).bind(0, appId).bind(1, startingAfter).bind(2, limit);
            return String.join("\n", query.mapTo(String.class).list());
        }));
    }

    /** The plan of {@link #load}'s select of these ids ({@code EXPLAIN ANALYZE}), for tests that check it. */
    public String loadPlan(String appId, List<String> ids) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement explain = connection.prepareStatement("EXPLAIN ANALYZE " + loadSql(COLUMNS, ids.size()))) {
            bindLoad(connection, explain, appId, ids);
            StringBuilder plan = new StringBuilder();
            try (ResultSet rows = explain.executeQuery()) {
                while (rows.next()) {
                    plan.append(rows.getString(1)).append('\n');
                }
            }
            return plan.toString();
        } catch (SQLException e) {
            throw Failures.translate("explaining a load of app " + appId, e);
        }
    }
}
