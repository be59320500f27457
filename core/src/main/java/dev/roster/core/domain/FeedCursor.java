package dev.roster.core.domain;

/**
 * A place in an app's change feed: every event up to it has been read. Persist it with
 * {@link #toString()} and read it back with {@link #parse}; the text is opaque and stays valid
 * across restarts of any process sharing the store, until retention prunes the events after it.
 * An event's id is the cursor right after it, so resuming from the id of the last event handled
 * delivers exactly the events after it.
 *
 * <p>Inside, a cursor is a change-log position and how many of that entry's events are read
 * (one write may record several events: a message and the participants it changed, say).
 *
 * @param position the log position of the entry last read from, 0 before the first
 * @param read     how many of that entry's events are read, 0 to all of them
 */
public record FeedCursor(long position, int read) implements Comparable<FeedCursor> {

    /** Before the oldest retained event: reading from here returns the whole retained feed. */
    public static final FeedCursor START = new FeedCursor(0, 0);

    /**
     * Checks the fields.
     *
     * @param position the log position, not negative
     * @param read     how many of its events are read, not negative
     * @throws IllegalArgumentException if a field is negative
     */
    public FeedCursor {
        if (position < 0 || read < 0) {
            throw new IllegalArgumentException("A feed cursor has no negative part: " + position + "." + read);
        }
    }

    /**
     * Reads a cursor back from its text.
     *
     * @param text what {@link #toString()} gave
     * @param name the parameter the text came in, named by the error
     * @return the cursor
     * @throws RosterException {@link ErrorCode#INVALID_ARGUMENT} naming {@code name} if the text is not a cursor
     */
    public static FeedCursor parse(String text, String name) {
        int dot = text == null ? -1 : text.indexOf('.');
        if (dot > 0 && dot < text.length() - 1 && digits(text, 0, dot) && digits(text, dot + 1, text.length())
                && dot <= 18 && text.length() - dot - 1 <= 9) {
            return new FeedCursor(Long.parseLong(text, 0, dot, 10), Integer.parseInt(text, dot + 1, text.length(), 10));
        }
        throw RosterException.invalid(name + " is not a change feed cursor: " + Json.show(text) + ".",
                Violations.of(name, "must be the id of an event or the next of a page"));
    }

    private static boolean digits(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** {@return the cursor as opaque text, for {@link #parse}} */
    @Override
    public String toString() {
        return position + "." + read;
    }

    /** Orders cursors as the feed does: by position, then by the events read of it. */
    @Override
    public int compareTo(FeedCursor other) {
        int byPosition = Long.compare(position, other.position);
        return byPosition != 0 ? byPosition : Integer.compare(read, other.read);
    }
}
