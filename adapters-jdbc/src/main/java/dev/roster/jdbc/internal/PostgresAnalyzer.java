package dev.roster.jdbc.internal;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Analyzes Roster's large tables on PostgreSQL once each, when one has grown past
 * {@value #GROWN} rows without ever having been analyzed, which happens only where autovacuum is
 * off (PostgreSQL's autovacuum analyzes a table after its first 50 rows and a tenth more).
 *
 * <p>Without statistics, PostgreSQL's generic plan for a lookup by key, made while the table was
 * small and then kept by the connection's prepared statement for as long as it lives, may take an
 * index that only leads with the app id ({@code roster_user_by_active}) instead of the primary key:
 * every lookup then walks every user of the app. The first {@code ANALYZE} invalidates those plans.
 * A daemon thread checks {@code pg_stat_user_tables} every {@value #CHECK_MILLIS} ms until every one
 * of {@link #TABLES} has been analyzed by anyone, then ends. An analysis refused (the store's user
 * does not own the table) is logged once and not tried again. Thread-safe.
 */
public final class PostgresAnalyzer implements AutoCloseable {

    /** The rows, live and dead, of a never-analyzed table that make it worth analyzing. */
    static final long GROWN = 1_000;
    /** How often the statistics views are read while a table waits. */
    static final long CHECK_MILLIS = 2_000;
    /** The tables whose plans depend on their statistics. */
    static final List<String> TABLES = List.of("roster_user", "roster_user_custom", "roster_conversation",
            "roster_entry", "roster_message", "roster_change", "roster_webhook_delivery");

    private static final System.Logger LOG = System.getLogger(PostgresAnalyzer.class.getName());
    private static final String WAITING = "SELECT relname, n_live_tup + n_dead_tup FROM pg_stat_user_tables "
            + "WHERE schemaname = current_schema() AND relname = ANY (?) AND last_analyze IS NULL "
            + "AND last_autoanalyze IS NULL";

    private final DataSource dataSource;
    private final List<String> refused = new ArrayList<>();
    private final Object monitor = new Object();
    private final Thread thread;
    private boolean closed;

    /** Starts checking the tables of the schema that connections of {@code dataSource} use. */
    public PostgresAnalyzer(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.thread = new Thread(this::run, "roster-postgres-analyzer");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (pause()) {
            try {
                if (!analyzeGrown()) {
                    return;
                }
            } catch (SQLException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "Checking whether Roster's tables need ANALYZE failed", e);
            }
        }
    }

    /**
     * Analyzes the waiting tables that have grown.
     *
     * @return whether a table still waits for its first analysis
     */
    private boolean analyzeGrown() throws SQLException {
        List<String> grown = new ArrayList<>();
        boolean waiting = false;
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement select = connection.prepareStatement(WAITING)) {
                select.setArray(1, connection.createArrayOf("varchar", TABLES.toArray()));
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        String table = rows.getString(1);
                        if (refused.contains(table)) {
                            continue;
                        }
                        waiting = true;
                        if (rows.getLong(2) >= GROWN) {
                            grown.add(table);
                        }
                    }
                }
            }
            for (String table : grown) {
                analyze(connection, table);
            }
        }
        return waiting;
    }

    private void analyze(Connection connection, String table) {
        try (Statement statement = connection.createStatement()) {
            statement.execute("ANALYZE " + table);
            LOG.log(System.Logger.Level.INFO, "Analyzed " + table + ", grown past " + GROWN
                    + " rows and never analyzed (is autovacuum off?)");
        } catch (SQLException e) {
            refused.add(table);
            LOG.log(System.Logger.Level.WARNING, "Could not analyze " + table + "; its plans may stay poor until "
                    + "it is analyzed", e);
        }
    }

    /** Waits {@link #CHECK_MILLIS}; false once closed. */
    private boolean pause() {
        return ClosableSleep.sleep(monitor, () -> closed, Duration.ofMillis(CHECK_MILLIS));
    }

    /** Stops the checks; an analysis under way finishes on its own. */
    @Override
    public void close() {
        synchronized (monitor) {
            closed = true;
            monitor.notifyAll();
        }
    }
}
