package dev.roster.core.spi;

import java.util.Objects;

/**
 * What a change-log entry records for the public change feed: when the change was made and its
 * events, encoded by core as opaque text. A store keeps both with the entry, exactly as given, and
 * hands them back in {@link Change#feed()}; it never reads the text. Retention prunes entries by
 * {@code at}.
 *
 * @param at     when the change was made, Unix milliseconds (the writer's clock)
 * @param events the entry's events as core encoded them; {@code "[]"} for none
 */
public record FeedEntry(long at, String events) {

    /** No event: what a write that records none (and an entry written before the feed existed) carries. */
    public static final FeedEntry NONE = new FeedEntry(0, "[]");

    /**
     * Checks the fields.
     *
     * @param at     when, Unix milliseconds
     * @param events the encoded events
     * @throws NullPointerException if {@code events} is null
     */
    public FeedEntry {
        Objects.requireNonNull(events, "events");
    }
}
