package dev.roster.core.spi;

import java.util.List;

/**
 * The log of every write, shared by all Roster processes over one store. Stores append to it in
 * the same atomic write as the change it records; readers follow it by position.
 */
public interface ChangeLog {

    /** The entries after {@code position}, oldest first, at most {@code max}. */
    List<Change> readAfter(long position, int max);

    /** The position of the newest entry, or 0 when the log is empty. */
    long head();
}
