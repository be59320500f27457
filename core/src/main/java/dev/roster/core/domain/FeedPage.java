package dev.roster.core.domain;

import java.util.List;
import java.util.Objects;

/**
 * One page of an app's change feed: the events after the cursor read from, oldest first, and
 * where to read on. A page may hold fewer events than asked for (even none) while more follow,
 * when the log entries it scanned belong to other apps; {@code next} has then still moved on.
 *
 * @param events the events, in commit order
 * @param next   the cursor to read the next page from; equal to the cursor read from when
 *               nothing new was found
 */
public record FeedPage(List<FeedEvent> events, FeedCursor next) {

    /**
     * Copies the list.
     *
     * @param events the events
     * @param next   the cursor to read on from
     */
    public FeedPage {
        events = List.copyOf(events);
        Objects.requireNonNull(next, "next");
    }
}
