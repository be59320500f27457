package dev.roster.jdbc.internal;

import dev.roster.core.domain.Ids;
import dev.roster.core.domain.RosterException;
import dev.roster.core.domain.User;
import dev.roster.core.spi.ChangeKind;
import dev.roster.core.spi.UserStore;
import dev.roster.core.spi.UserWrite;
import dev.roster.core.spi.Versioned;
import dev.roster.jdbc.Dialect;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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

    private static final String COLUMNS = "user_id, version, name, email, phone, photo_url, welcome_message, role, "
            + "locale, custom, push_tokens, availability_text, created_at";
    private static final RowMapper<Versioned<User>> MAPPER = (rows, context) -> read(rows);

    private final Jdbi jdbi;
    private final DataSource dataSource;
    private final Dialect dialect;
    private final WriteGate gate;
    private final String loadOne;
    private final String listFirst;
    private final String listAfter;

    /**
     * A store over {@code jdbi}, whose schema is migrated; {@code dataSource} is the one under
     * {@code jdbi}, which {@link #load} uses directly.
     */
    public JdbcUserStore(Jdbi jdbi, DataSource dataSource, Dialect dialect, WriteGate gate) {
        this.jdbi = jdbi;
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.gate = gate;
        String select = "SELECT " + COLUMNS + " FROM roster_user WHERE app_id = ?";
        loadOne = select + " AND user_id = ?";
        if (dialect == Dialect.H2) {
            listFirst = select + " ORDER BY user_sort LIMIT ?";
            listAfter = select + " AND user_sort > CAST(? AS VARBINARY(1020)) ORDER BY user_sort LIMIT ?";
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
            if (ids.size() == 1) {
                try (PreparedStatement select = connection.prepareStatement(loadOne)) {
                    select.setString(1, appId);
                    select.setString(2, ids.get(0));
                    return readAll(select);
                }
            }
            Map<String, Versioned<User>> found = new HashMap<>();
            for (int from = 0; from < ids.size(); from += CHUNK) {
                List<String> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
                try (PreparedStatement select = connection.prepareStatement(loadSql(chunk.size()))) {
                    bindLoad(select, appId, chunk);
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
        return new Versioned<>(new User(
                rows.getString(1),
                rows.getString(3),
                JsonColumns.list(rows.getString(4)),
                JsonColumns.list(rows.getString(5)),
                rows.getString(6),
                rows.getString(7),
                rows.getString(8),
                rows.getString(9),
                new TreeMap<>(JsonColumns.map(rows.getString(10))),
                new TreeSet<>(JsonColumns.set(rows.getString(11))),
                rows.getString(12),
                rows.getLong(13)), rows.getLong(2));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Jdbi runs the transaction; the statements are plain JDBC batches on its connection, like
     * {@link #load}, because Jdbi's per-value argument binding cost as much as H2's own work.
     */
    @Override
    public boolean write(String appId, List<UserWrite> writes) {
        if (writes.isEmpty()) {
            return true;
        }
        // One lock order for every writer keeps concurrent batches from deadlocking each other.
        List<UserWrite> sorted = new ArrayList<>(writes);
        sorted.sort(Comparator.comparing((UserWrite w) -> w.user().id(), Ids.ORDER));
        try {
            return gate.write(() -> jdbi.inTransaction(handle -> {
                Connection connection = handle.getConnection();
                insert(connection, appId, sorted);
                if (!update(connection, appId, sorted)) {
                    handle.rollback();
                    return false;
                }
                ChangeAppender.append(connection, dialect, appId, ChangeKind.USER, sorted.stream()
                        .map(w -> new ChangeAppender.Entry(w.user().id(), w.newVersion())).toList());
                return true;
            }));
        } catch (SQLException | RuntimeException e) {
            if (Failures.isConflict(e) && !Failures.isUnavailable(e)) {
                return false;
            }
            throw Failures.translate("writing " + writes.size() + " users of app " + appId, e);
        }
    }

    private static void insert(Connection connection, String appId, List<UserWrite> writes) throws SQLException {
        if (writes.stream().noneMatch(w -> w.expectedVersion() == 0)) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO roster_user (app_id, " + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (UserWrite write : writes) {
                if (write.expectedVersion() == 0) {
                    insert.setString(1, appId);
                    insert.setString(2, write.user().id());
                    insert.setLong(3, write.newVersion());
                    setFields(insert, 4, write.user());
                    insert.setLong(14, write.user().createdAt());
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
                + "push_tokens = ?, availability_text = ? WHERE app_id = ? AND user_id = ? AND version = ?")) {
            for (UserWrite write : writes) {
                if (write.expectedVersion() > 0) {
                    update.setLong(1, write.newVersion());
                    setFields(update, 2, write.user());
                    update.setString(12, appId);
                    update.setString(13, write.user().id());
                    update.setLong(14, write.expectedVersion());
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

    @Override
    public List<User> list(String appId, String startingAfter, int limit) {
        return Failures.call("listing users of app " + appId, () -> jdbi.withHandle(handle -> {
            Query query = startingAfter == null
                    ? handle.createQuery(listFirst).bind(0, appId).bind(1, limit)
                    : handle.createQuery(listAfter).bind(0, appId).bind(1, startingAfter).bind(2, limit);
            return query.map(MAPPER).map(Versioned::value).list();
        }));
    }

    /**
     * The multi-id select of {@link #load} for {@code count} ids; {@link #bindLoad} binds it. H2
     * joins a {@link KeyLookup#valuesTable table of the ids} to the primary key, one lookup per id:
     * its {@code (app_id, user_id) IN ((?, ?), …)} re-tests every found row against the whole list
     * (quadratic: 29 ms for 1,000 ids against 5 ms) and a plain {@code IN} or {@code = ANY} walks
     * every user of the app. PostgreSQL and MariaDB plan the plain {@code IN} as index lookups.
     */
    private String loadSql(int count) {
        if (dialect == Dialect.H2) {
            return "SELECT " + COLUMNS + " FROM " + KeyLookup.valuesTable(count, "?")
                    + " JOIN roster_user u ON u.app_id = ? AND u.user_id = v.id";
        }
        return "SELECT " + COLUMNS + " FROM roster_user WHERE "
                + KeyLookup.of(dialect, "app_id", "", "user_id", Collections.nCopies(count, "")).condition();
    }

    private void bindLoad(PreparedStatement select, String appId, List<String> ids) throws SQLException {
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

    /** The plan of {@link #load}'s select of these ids ({@code EXPLAIN ANALYZE}), for tests that check it. */
    public String loadPlan(String appId, List<String> ids) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement explain = connection.prepareStatement("EXPLAIN ANALYZE " + loadSql(ids.size()))) {
            bindLoad(explain, appId, ids);
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
