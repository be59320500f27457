package dev.roster.core.spi;

import java.util.List;

/**
 * The log of every write, shared by all Roster processes over one store. Stores append to it in
 * the same atomic write as the change it records; readers follow it by position. Positions start
 * at 1 and grow. A store either leaves no hole (once no write is in flight, the entries are
 * exactly 1 to {@link #head()}, less the oldest entries that {@link #removeThrough} removed; a
 * position may become visible after a higher one, never not at all), or {@linkplain #settledReads()
 * reads only settled entries}, where a hole is a rolled-back write's position.
 */
public interface ChangeLog {

    /**
     * The entries after {@code position}, oldest first, at most {@code max}.
     *
     * @param position the last position already read, 0 for the start of the log
     * @param max      the most entries to return
     * @return the entries
     */
    List<Change> readAfter(long position, int max);

    /**
     * {@return the position of the newest entry, or 0 when the log is empty; for a log with
     * {@linkplain #settledReads() settled reads}, a position at or below which every entry is
     * readable, which may lag the newest entry while writes are in flight}
     */
    long head();

    /**
     * {@return a position at or above every position handed out to a write so far, committed or
     * not: a reader asking for entries after a higher one is ahead of the log. The default is
     * {@link #head()}}
     */
    default long assigned() {
        return head();
    }

    /**
     * {@return whether every read returns only settled entries: every entry that will ever have a
     * position at or below the newest one a read returns is visible to that read, so a position
     * missing below it was abandoned (a rolled-back write) and readers need not wait for it. The
     * default is false: a missing position may still be in flight}
     */
    default boolean settledReads() {
        return false;
    }

    /**
     * The position of the oldest entry still kept: entries below it were pruned. 1 for a log that
     * was never pruned (and 0 for an empty log); one round trip. The default reads the first entry.
     *
     * @return the oldest kept position
     */
    default long oldest() {
        List<Change> first = readAfter(0, 1);
        return first.isEmpty() ? 0 : first.get(0).position();
    }

    /**
     * Removes the entries at or below {@code position}. Core decides what to remove (it applies
     * the feed's retention) and never asks for the newest entry, so {@link #head()} and
     * {@link #oldest()} keep their meaning. Idempotent, and safe to run from many processes at once.
     * The default removes nothing: such a log keeps every entry, and the change feed's cursors
     * never expire.
     *
     * @param position the newest position to remove
     */
    default void removeThrough(long position) {
    }

    /**
     * Asks the store to run {@code wake} soon after an entry is appended by any process, so that a
     * follower reads the log at once instead of at its next poll. A hint only: the log stays the
     * truth, and a store may call {@code wake} late, spuriously, or (after a lost connection) not
     * at all, which costs at most one poll interval. {@code wake} may run on any thread and must
     * return quickly. The default registers nothing: followers of such a store rely on polling.
     *
     * @param wake what to run after an append
     * @return closing it stops the calls; it does not throw
     */
    default AutoCloseable onAppend(Runnable wake) {
        return () -> { };
    }
}
