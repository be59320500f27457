package dev.roster.core.internal;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * One daemon thread that calls {@code tick} once per window while there is work, and sleeps
 * without a timer otherwise. {@code tick} answers whether work is still waiting; after
 * {@link #IDLE_TICKS} ticks without any, the clock stops until the next {@link #wake()}, so an
 * idle Roster costs no wake-ups and a busy one no unparking per request.
 */
final class BatchClock implements AutoCloseable {

    /** Ticks without waiting work before the clock goes to sleep. */
    static final int IDLE_TICKS = 100;

    private final long windowNanos;
    private final BooleanSupplier tick;
    private final AtomicBoolean asleep = new AtomicBoolean(true);
    private final Thread thread;
    private volatile boolean closed;

    BatchClock(Duration window, BooleanSupplier tick) {
        this.windowNanos = window.toNanos();
        this.tick = tick;
        this.thread = new Thread(this::run, "roster-batch-clock");
        thread.setDaemon(true);
        thread.start();
    }

    /** Makes sure the clock ticks within a window; cheap when it is already ticking. */
    void wake() {
        if (asleep.get() && asleep.compareAndSet(true, false)) {
            LockSupport.unpark(thread);
        }
    }

    private void run() {
        int idle = 0;
        while (!closed) {
            if (asleep.get()) {
                LockSupport.park(this);
                continue;
            }
            LockSupport.parkNanos(this, windowNanos);
            idle = tick.getAsBoolean() ? 0 : idle + 1;
            if (idle >= IDLE_TICKS) {
                idle = 0;
                asleep.set(true);
                // Work that arrived between the last tick and falling asleep found the clock awake.
                if (tick.getAsBoolean()) {
                    asleep.set(false);
                }
            }
        }
    }

    /** Stops the thread. */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
    }
}
