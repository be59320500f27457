package dev.roster.core.internal;

import java.time.Duration;

/**
 * One daemon thread that runs a task whenever it is woken and at least every interval, one run at
 * a time. The task says whether it has more to do at once; a run that throws is logged, and the
 * next one comes at the next wake or interval.
 */
final class PollingThread implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(PollingThread.class.getName());

    /** What the thread runs. */
    interface Task {
        /** {@return whether to run again at once, without waiting for a wake or the interval} */
        boolean run();
    }

    private final Duration interval;
    private final Task task;
    private final String failure;
    private final Object monitor = new Object();
    private final Thread thread;
    private boolean woken;
    private boolean closed;

    /**
     * Starts the thread; its first run comes at the first wake, or after one interval.
     *
     * @param name     the thread's name
     * @param interval the longest wait between runs
     * @param task     what to run
     * @param failure  what the log says when a run throws
     */
    PollingThread(String name, Duration interval, Task task, String failure) {
        this.interval = interval;
        this.task = task;
        this.failure = failure;
        this.thread = new Thread(this::loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Asks for a run now. */
    void wake() {
        synchronized (monitor) {
            woken = true;
            monitor.notifyAll();
        }
    }

    /** Stops the runs and waits up to five seconds for the one in progress to end. */
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

    private void loop() {
        boolean more = false;
        while (awaitTurn(more)) {
            try {
                more = task.run();
            } catch (RuntimeException e) {
                more = false;
                LOG.log(System.Logger.Level.WARNING, failure, e);
            }
        }
    }

    private boolean awaitTurn(boolean more) {
        synchronized (monitor) {
            long deadline = System.nanoTime() + interval.toNanos();
            while (!woken && !closed && !more) {
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
}
