package dev.roster.core.internal;

import dev.roster.core.spi.Change;
import dev.roster.core.spi.ChangeLog;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Follows the store's change log on one daemon thread and hands every new entry, in log order,
 * to a consumer, then runs a periodic task. It reads when woken by a local write and at least
 * every poll interval, so that writes of other processes over the same store arrive too.
 */
public final class ChangeFollower implements AutoCloseable {

    private static final int PAGE = 500;
    private static final System.Logger LOG = System.getLogger(ChangeFollower.class.getName());

    private final ChangeLog log;
    private final Duration pollInterval;
    private final Consumer<List<Change>> consumer;
    private final Runnable afterRead;
    private final Object monitor = new Object();
    private final Thread thread;
    private long position;
    private boolean woken;
    private boolean closed;

    /**
     * Starts following from the log's current head.
     *
     * @param afterRead runs after every read of the log, changes or not
     */
    public ChangeFollower(ChangeLog log, Duration pollInterval, Consumer<List<Change>> consumer, Runnable afterRead) {
        this.log = log;
        this.pollInterval = pollInterval;
        this.consumer = consumer;
        this.afterRead = afterRead;
        this.position = log.head();
        this.thread = new Thread(this::run, "roster-change-follower");
        thread.setDaemon(true);
        thread.start();
    }

    /** Asks for a read now, for example right after a local write. */
    public void wake() {
        synchronized (monitor) {
            woken = true;
            monitor.notifyAll();
        }
    }

    /** The position of the last entry handed to the consumer. */
    public long position() {
        synchronized (monitor) {
            return position;
        }
    }

    private void run() {
        while (awaitTurn()) {
            try {
                List<Change> changes;
                do {
                    changes = log.readAfter(position(), PAGE);
                    if (!changes.isEmpty()) {
                        consumer.accept(changes);
                        synchronized (monitor) {
                            position = changes.get(changes.size() - 1).position();
                        }
                    }
                } while (changes.size() == PAGE);
                afterRead.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "Reading the change log failed; retrying at the next poll", e);
            }
        }
    }

    private boolean awaitTurn() {
        synchronized (monitor) {
            long deadline = System.nanoTime() + pollInterval.toNanos();
            while (!woken && !closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    monitor.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            woken = false;
            return !closed;
        }
    }

    /** Stops the thread and waits for it to end. */
    @Override
    public void close() {
        synchronized (monitor) {
            closed = true;
            monitor.notifyAll();
        }
        try {
            thread.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
