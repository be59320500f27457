package dev.roster.jdbc.internal;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;

/**
 * Tells the {@link PostgresChangeListener}s of other processes that the change log grew. A write
 * that appended calls {@link #appended()} after its commit; a daemon thread then sends one
 * {@code NOTIFY} in a transaction of its own, and every append that commits while it is on its
 * way shares the next one. The writes themselves do not notify: PostgreSQL commits the
 * transactions that notify one at a time, under one lock held through the commit's flush, which
 * would serialise every writer of the database again. Notifications go at most one per
 * {@value #GAP_MILLIS} ms: each is a transaction with an id and a commit record, which under
 * thousands of writes a second cost the writers about a quarter of their rate (row 7); the gap
 * adds at most that much to another process's wait for a write.
 *
 * <p>A hint only, like the listener: a notification that fails is logged and not retried, since
 * followers poll. The thread starts with the first append and ends at {@link #close()}, after
 * sending what is still asked for. Thread-safe.
 */
public final class PostgresChangeNotifier implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(PostgresChangeNotifier.class.getName());
    /** How long {@link #close()} waits for a notification on its way (its connection may hang). */
    private static final long CLOSE_WAIT_MILLIS = 5_000;
    /** The least time between two notifications. */
    static final long GAP_MILLIS = 10;

    private final DataSource dataSource;
    private final Object monitor = new Object();
    private Thread thread;
    private boolean wanted;
    private boolean closed;

    /** A notifier that sends on connections of {@code dataSource}, the store's pool. */
    public PostgresChangeNotifier(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /** Asks for a notification; returns at once. Call it after the commit of a write that appended. */
    public void appended() {
        synchronized (monitor) {
            if (closed) {
                return;
            }
            wanted = true;
            if (thread == null) {
                thread = new Thread(this::run, "roster-postgres-notifier");
                thread.setDaemon(true);
                thread.start();
            }
            monitor.notifyAll();
        }
    }

    private void run() {
        while (awaitRequest()) {
            try (Connection connection = dataSource.getConnection();
                 Statement statement = connection.createStatement()) {
                statement.execute("SELECT " + PostgresChangeListener.NOTIFY_CALL);
            } catch (SQLException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "Notifying other processes of a change-log append failed; "
                        + "they read it at their next poll", e);
            }
            keepGap();
        }
    }

    /** Waits out {@link #GAP_MILLIS} after a notification, unless closed meanwhile. */
    private void keepGap() {
        ClosableSleep.sleep(monitor, () -> closed, Duration.ofMillis(GAP_MILLIS));
    }

    /** Waits for a request and takes it; false once closed with none left. */
    private boolean awaitRequest() {
        synchronized (monitor) {
            while (!wanted && !closed) {
                try {
                    monitor.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            boolean send = wanted;
            wanted = false;
            return send;
        }
    }

    /** Sends what is still asked for, then stops the thread; waits for it up to five seconds. */
    @Override
    public void close() {
        Thread running;
        synchronized (monitor) {
            closed = true;
            running = thread;
            monitor.notifyAll();
        }
        if (running != null) {
            try {
                running.join(CLOSE_WAIT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
