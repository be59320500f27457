package dev.roster.jdbc.internal;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The pause of the PostgreSQL store's daemon threads: a wait on the monitor that guards a
 * thread's {@code closed} flag, cut short when {@link Object#notifyAll()} comes with the flag set.
 */
final class ClosableSleep {

    private ClosableSleep() {
    }

    /**
     * Waits on {@code monitor} for {@code duration}, or less once {@code closed} (read under the
     * monitor) says so; an interrupt ends the wait and is kept.
     *
     * @return whether the whole time passed, not closed and not interrupted
     */
    static boolean sleep(Object monitor, BooleanSupplier closed, Duration duration) {
        long deadline = System.nanoTime() + duration.toNanos();
        synchronized (monitor) {
            while (!closed.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return true;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(monitor, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return false;
        }
    }
}
