package dev.roster.jdbc.internal;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * PostgreSQL's wake-up for change-log followers: one dedicated connection runs
 * {@code LISTEN roster_changes} and a daemon thread runs every registered wake-up when a process on
 * the same schema tells of its appends ({@link PostgresChangeNotifier}). The log
 * table stays the truth: after every (re)connection the thread wakes everyone once, since
 * notifications sent while it was not listening are lost.
 *
 * <p>The connection is opened when the first wake-up registers and kept until {@link #close()};
 * a lost connection is reopened with a backoff from {@link #FIRST_BACKOFF} up to
 * {@link #MAX_BACKOFF}. Thread-safe.
 */
public final class PostgresChangeListener implements AutoCloseable {

    /** The notification channel; the payload is the schema whose log grew. */
    static final String CHANNEL = "roster_changes";
    /**
     * The call that notifies the listeners of the caller's schema; PostgreSQL sends it at commit.
     * {@link PostgresChangeNotifier} makes it after writes that appended.
     */
    static final String NOTIFY_CALL = "pg_notify('" + CHANNEL + "', current_schema())";

    private static final System.Logger LOG = System.getLogger(PostgresChangeListener.class.getName());
    /** How long one wait for notifications blocks, which bounds how late {@link #close()} is noticed. */
    private static final int WAIT_MILLIS = 250;
    /** How long the connection may stay silent before it is checked. */
    private static final Duration IDLE_CHECK = Duration.ofSeconds(30);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    /** Opens the dedicated connection. */
    @FunctionalInterface
    public interface ConnectionSource {
        /** A new connection to the store's database and schema. */
        Connection open() throws SQLException;
    }

    private final ConnectionSource source;
    private final List<Runnable> wakes = new CopyOnWriteArrayList<>();
    private final Object monitor = new Object();
    private Thread thread;
    private boolean closed;
    private volatile boolean recheck;

    /** A listener that opens its connection from {@code source} once a wake-up registers. */
    public PostgresChangeListener(ConnectionSource source) {
        this.source = Objects.requireNonNull(source, "source");
    }

    /**
     * Runs {@code wake} on the listener thread whenever the change log of this schema may have
     * grown; starts listening on the first registration.
     *
     * @return closing it unregisters {@code wake}
     */
    public AutoCloseable register(Runnable wake) {
        Objects.requireNonNull(wake, "wake");
        synchronized (monitor) {
            if (closed) {
                return () -> { };
            }
            wakes.add(wake);
            if (thread == null) {
                thread = new Thread(this::run, "roster-postgres-listener");
                thread.setDaemon(true);
                thread.start();
            }
        }
        return () -> wakes.remove(wake);
    }

    /**
     * Asks for one more wake-up within {@link #WAIT_MILLIS} without a notification: a read found
     * entries not yet settled ({@link JdbcChangeLog}), whose writers' notifications may already
     * have come.
     */
    void wakeAgainSoon() {
        recheck = true;
    }

    /** Stops listening, closes the connection and waits briefly for the thread to end. */
    @Override
    public void close() {
        Thread running;
        synchronized (monitor) {
            closed = true;
            monitor.notifyAll();
            running = thread;
        }
        if (running != null) {
            try {
                running.join(Duration.ofSeconds(5).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        Duration backoff = FIRST_BACKOFF;
        while (!isClosed() && !Thread.currentThread().isInterrupted()) {
            try (Connection connection = source.open()) {
                listen(connection);
                backoff = FIRST_BACKOFF;
            } catch (SQLException | RuntimeException e) {
                if (isClosed()) {
                    return;
                }
                LOG.log(System.Logger.Level.WARNING, "Listening for change-log notifications failed; reconnecting in "
                        + backoff.toMillis() + " ms (followers poll meanwhile)", e);
                pause(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    /** Listens on {@code connection} until closed; returns normally only on {@link #close()}. */
    private void listen(Connection connection) throws SQLException {
        connection.setAutoCommit(true);
        String schema;
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET application_name = 'roster-change-listener'");
            try (ResultSet rows = statement.executeQuery("SELECT current_schema()")) {
                rows.next();
                schema = rows.getString(1);
            }
            statement.execute("LISTEN " + CHANNEL);
        }
        PGConnection notifications = connection.unwrap(PGConnection.class);
        wakeAll();
        long silentSince = System.nanoTime();
        while (!isClosed()) {
            PGNotification[] received = notifications.getNotifications(WAIT_MILLIS);
            boolean notified = received != null && received.length > 0;
            if (notified) {
                silentSince = System.nanoTime();
            }
            boolean again = recheck;
            recheck = false;
            if (again || notified && concernsSchema(received, schema)) {
                wakeAll();
            } else if (!notified && System.nanoTime() - silentSince > IDLE_CHECK.toNanos()) {
                if (!connection.isValid(5)) {
                    throw new SQLException("The listening connection is no longer valid", "08006");
                }
                silentSince = System.nanoTime();
            }
        }
        try (Statement statement = connection.createStatement()) {
            // A connection borrowed from the caller's pool goes back to it: it must stop listening.
            statement.execute("UNLISTEN *");
        }
    }

    private static boolean concernsSchema(PGNotification[] received, String schema) {
        for (PGNotification notification : received) {
            if (Objects.equals(notification.getParameter(), schema)) {
                return true;
            }
        }
        return false;
    }

    private void wakeAll() {
        for (Runnable wake : wakes) {
            try {
                wake.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "A change-log wake-up failed", e);
            }
        }
    }

    private boolean isClosed() {
        synchronized (monitor) {
            return closed;
        }
    }

    private void pause(Duration backoff) {
        ClosableSleep.sleep(monitor, () -> closed, backoff);
    }
}
