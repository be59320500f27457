package dev.roster.core.internal;

import dev.roster.core.spi.Change;
import dev.roster.core.spi.ChangeLog;

import java.time.Duration;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Follows the store's change log on one daemon thread and hands every new entry, in log order,
 * to a consumer, then runs a periodic task. It reads when woken by a local write or by the
 * store's append signal ({@link ChangeLog#onAppend}, such as PostgreSQL's NOTIFY), and at least
 * every poll interval, so that writes of other processes arrive even when a signal is lost.
 *
 * <p>Positions may commit out of order (a database sequence hands out 9 and 10, and 10 commits
 * first). So the follower keeps a watermark below which everything was delivered, re-reads from
 * it, skips what it already delivered, and waits up to {@link #GAP_TIMEOUT} for missing
 * positions before it takes them for rolled-back writes and moves on; a log with
 * {@linkplain ChangeLog#settledReads() settled reads} has no position to wait for.
 */
public final class ChangeFollower implements AutoCloseable {

    private static final int PAGE = 500;
    /** How long a missing position is waited for before it is taken as never coming. */
    static final Duration GAP_TIMEOUT = Duration.ofSeconds(10);
    private static final System.Logger LOG = System.getLogger(ChangeFollower.class.getName());

    private final ChangeLog log;
    private final Consumer<List<Change>> consumer;
    private final Runnable afterRead;
    private final PollingThread thread;
    private final AutoCloseable appendSignal;
    private volatile long watermark;
    /** When a read last reached the end of the log ({@link System#nanoTime()}). */
    private volatile long caughtUpAt = System.nanoTime();
    private final TreeSet<Long> deliveredAboveWatermark = new TreeSet<>();
    private long gapSince = -1;

    /**
     * Starts following from the log's current head.
     *
     * @param afterRead runs after every read of the log, changes or not
     */
    public ChangeFollower(ChangeLog log, Duration pollInterval, Consumer<List<Change>> consumer, Runnable afterRead) {
        this.log = log;
        this.consumer = consumer;
        this.afterRead = afterRead;
        this.watermark = log.head();
        this.thread = new PollingThread("roster-change-follower", pollInterval, this::readAndReport,
                "Reading the change log failed; retrying at the next poll");
        this.appendSignal = log.onAppend(this::wake);
    }

    /** Asks for a read now, for example right after a local write. */
    public void wake() {
        thread.wake();
    }

    private boolean readAndReport() {
        readOnce();
        afterRead.run();
        return false;
    }

    private void readOnce() {
        long cursor = watermark;
        List<Change> changes;
        do {
            changes = log.readAfter(cursor, PAGE);
            List<Change> fresh = changes.stream()
                    .filter(c -> !deliveredAboveWatermark.contains(c.position())).toList();
            if (!fresh.isEmpty()) {
                consumer.accept(fresh);
                fresh.forEach(c -> deliveredAboveWatermark.add(c.position()));
            }
            if (!changes.isEmpty()) {
                cursor = changes.get(changes.size() - 1).position();
            }
        } while (changes.size() == PAGE);
        advanceWatermark();
        caughtUpAt = System.nanoTime();
    }

    /** The position up to which every entry has been delivered. */
    public long position() {
        return watermark;
    }

    /** How long ago a read last reached the end of the log; grows while reads fail. */
    public Duration lag() {
        return Duration.ofNanos(System.nanoTime() - caughtUpAt);
    }

    private void advanceWatermark() {
        if (log.settledReads() && !deliveredAboveWatermark.isEmpty()) {
            // Every position missing below a delivered entry was abandoned.
            watermark = deliveredAboveWatermark.last();
            deliveredAboveWatermark.clear();
            return;
        }
        while (!deliveredAboveWatermark.isEmpty() && deliveredAboveWatermark.first() == watermark + 1) {
            watermark = deliveredAboveWatermark.pollFirst();
            gapSince = -1;
        }
        if (deliveredAboveWatermark.isEmpty()) {
            gapSince = -1;
            return;
        }
        long now = System.nanoTime();
        if (gapSince < 0) {
            gapSince = now;
        } else if (now - gapSince >= GAP_TIMEOUT.toNanos()) {
            watermark = deliveredAboveWatermark.first() - 1;
            gapSince = -1;
            advanceWatermark();
        }
    }

    /** Stops the thread and waits for it to end. */
    @Override
    public void close() {
        try {
            appendSignal.close();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "Unregistering from the store's append signal failed", e);
        }
        thread.close();
    }
}
