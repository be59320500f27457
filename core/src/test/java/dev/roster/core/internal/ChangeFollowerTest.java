package dev.roster.core.internal;

import dev.roster.core.spi.Change;
import dev.roster.core.spi.ChangeKind;
import dev.roster.core.spi.ChangeLog;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ChangeFollowerTest {

    /** A log whose entries become visible in any order, as concurrent transactions commit. */
    private static final class CommitOrderLog implements ChangeLog {
        final List<Change> visible = new CopyOnWriteArrayList<>();

        void commit(long position) {
            visible.add(new Change(position, "app", ChangeKind.USER, "u" + position, 1));
        }

        @Override
        public List<Change> readAfter(long position, int max) {
            return visible.stream().filter(c -> c.position() > position)
                    .sorted(java.util.Comparator.comparingLong(Change::position)).limit(max).toList();
        }

        @Override
        public long head() {
            return visible.stream().mapToLong(Change::position).max().orElse(0);
        }
    }

    /** A log that signals appends the way a store with a notification channel does. */
    private static final class SignallingLog implements ChangeLog {
        final CommitOrderLog entries = new CommitOrderLog();
        final List<Runnable> wakes = new CopyOnWriteArrayList<>();

        /** An append by another process: the entry commits, then the store's signal fires. */
        void appendElsewhere(long position) {
            entries.commit(position);
            wakes.forEach(Runnable::run);
        }

        @Override
        public List<Change> readAfter(long position, int max) {
            return entries.readAfter(position, max);
        }

        @Override
        public long head() {
            return entries.head();
        }

        @Override
        public AutoCloseable onAppend(Runnable wake) {
            wakes.add(wake);
            return () -> wakes.remove(wake);
        }
    }

    @Test
    void theStoresAppendSignalTriggersAReadLongBeforeThePoll() throws InterruptedException {
        SignallingLog log = new SignallingLog();
        BlockingQueue<Long> delivered = new LinkedBlockingQueue<>();
        ChangeFollower follower = new ChangeFollower(log, Duration.ofHours(1),
                changes -> changes.forEach(c -> delivered.add(c.position())), () -> { });
        try (follower) {
            assertEquals(1, log.wakes.size(), "the follower registers for the signal");
            log.appendElsewhere(1);
            assertEquals(1L, delivered.poll(10, TimeUnit.SECONDS));
            log.appendElsewhere(2);
            log.appendElsewhere(3);
            assertEquals(2L, delivered.poll(10, TimeUnit.SECONDS));
            assertEquals(3L, delivered.poll(10, TimeUnit.SECONDS));
        }
        assertEquals(List.of(), log.wakes, "closing the follower unregisters it");
    }

    @Test
    void aPositionThatCommitsLateIsStillDeliveredOnce() throws InterruptedException {
        CommitOrderLog log = new CommitOrderLog();
        BlockingQueue<Long> delivered = new LinkedBlockingQueue<>();
        BlockingQueue<Boolean> reads = new LinkedBlockingQueue<>();
        try (ChangeFollower follower = new ChangeFollower(log, Duration.ofHours(1),
                changes -> changes.forEach(c -> delivered.add(c.position())), () -> reads.add(true))) {
            log.commit(1);
            log.commit(3);
            follower.wake();
            assertEquals(1L, delivered.poll(10, TimeUnit.SECONDS));
            assertEquals(3L, delivered.poll(10, TimeUnit.SECONDS));

            log.commit(2);
            follower.wake();
            assertEquals(2L, delivered.poll(10, TimeUnit.SECONDS));

            reads.clear();
            follower.wake();
            reads.poll(10, TimeUnit.SECONDS);
            assertNull(delivered.poll(0, TimeUnit.SECONDS), "nothing is delivered twice");
        }
    }
}
