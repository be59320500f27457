package dev.roster.core.spi;

import java.util.List;

/**
 * The log of every write, shared by all Roster processes over one store. Stores append to it in
 * the same atomic write as the change it records; readers follow it by position. Positions start
 * at 1 and leave no hole: once no write is in flight, the entries are exactly 1 to
 * {@link #head()} (a position may become visible after a higher one, never not at all).
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

    /** {@return the position of the newest entry, or 0 when the log is empty} */
    long head();

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
