package dev.roster.core.internal;

import dev.roster.core.domain.ErrorCode;
import dev.roster.core.domain.FeedCursor;
import dev.roster.core.domain.FeedEvent;
import dev.roster.core.domain.FeedPage;
import dev.roster.core.domain.QueryParameters;
import dev.roster.core.domain.RosterException;
import dev.roster.core.domain.Violations;
import dev.roster.core.spi.Change;
import dev.roster.core.spi.ChangeLog;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an app's change feed from the change log, and applies its retention.
 *
 * <p>A cursor {@code (q, n)} means: every entry below position {@code q} is read, and the first
 * {@code n} events of entry {@code q}. The id of an entry's last event is {@code (q + 1, 0)}, so a
 * cursor names the next entry to read and never needs the entry it came from (which retention may
 * have pruned): it is expired exactly when {@code 0 < q <} {@link ChangeLog#oldest()}.
 *
 * <p>A read walks the log from the cursor in position order and stops before the first missing
 * position (ChangeFollower's rule: a position may become visible after a higher one), so a
 * later read returns it once it commits. A position missing for longer than
 * {@link ChangeFollower#GAP_TIMEOUT}, judged by the time of the entry after it, is taken as never
 * coming (a store whose rolled-back writes leave holes); a log with
 * {@linkplain ChangeLog#settledReads() settled reads} says so at once.
 */
public final class FeedReader {

    /** The most log entries one read walks, so that a read costs O(this) even over other apps' entries. */
    static final int SCAN_LIMIT = 10_000;
    private static final int CHUNK = 1000;

    private final ChangeLog log;
    private final Clock clock;
    private final Duration retention;

    /**
     * @param retention how long entries are kept
     */
    public FeedReader(ChangeLog log, Clock clock, Duration retention) {
        this.log = log;
        this.clock = clock;
        this.retention = retention;
    }

    /** How long entries are kept. */
    public Duration retention() {
        return retention;
    }

    /**
     * What one read found: the page, and whether it walked up to the visible end of the log
     * (false: it stopped at a missing position or at {@link #SCAN_LIMIT}, so reading on may find more).
     */
    public record Scan(FeedPage page, boolean reachedEnd) {
    }

    /**
     * The events of {@code appId} after {@code after}, at most {@code limit}.
     *
     * @throws RosterException {@link ErrorCode#CURSOR_EXPIRED} if events after the cursor were
     *                         pruned; {@link ErrorCode#INVALID_ARGUMENT} naming {@code limit}, or
     *                         naming {@code after} for a cursor ahead of the log
     */
    public Scan read(String appId, FeedCursor after, int limit, int maxLimit) {
        QueryParameters.requireLimit(limit, maxLimit);
        List<FeedEvent> events = new ArrayList<>();
        long position = after.position();
        int skip = after.read();
        long expected = Math.max(position, 1);
        boolean first = true;
        int scanned = 0;
        while (scanned < SCAN_LIMIT) {
            List<Change> chunk = log.readAfter(expected - 1, CHUNK);
            if (first) {
                requireLive(after, chunk);
                if (after.position() == 0 && !chunk.isEmpty()) {
                    // From the start: whatever retention pruned below the oldest entry is no gap.
                    expected = chunk.get(0).position();
                }
                first = false;
            }
            for (Change change : chunk) {
                if (change.position() != expected && !log.settledReads() && !isAbandoned(change)) {
                    return new Scan(new FeedPage(events, new FeedCursor(position, skip)), false);
                }
                scanned++;
                if (change.appId().equals(appId)) {
                    List<FeedCodec.Item> items = FeedCodec.decode(change.feed().events());
                    int from = change.position() == position ? skip : 0;
                    for (int i = from; i < items.size(); i++) {
                        if (events.size() == limit) {
                            return new Scan(new FeedPage(events, new FeedCursor(change.position(), i)), false);
                        }
                        events.add(event(appId, change, items, i));
                    }
                }
                position = change.position() + 1;
                skip = 0;
                expected = position;
            }
            if (chunk.size() < CHUNK) {
                return new Scan(new FeedPage(events, new FeedCursor(position, skip)), true);
            }
        }
        return new Scan(new FeedPage(events, new FeedCursor(position, skip)), false);
    }

    private static FeedEvent event(String appId, Change change, List<FeedCodec.Item> items, int index) {
        FeedCodec.Item item = items.get(index);
        FeedCursor id = index + 1 < items.size() ? new FeedCursor(change.position(), index + 1)
                : new FeedCursor(change.position() + 1, 0);
        return new FeedEvent(id, item.type(), change.feed().at(), appId, item.userId(), item.conversationId(),
                item.data());
    }

    /** Fails for a cursor whose next entry was pruned, or that is ahead of the log. */
    private void requireLive(FeedCursor after, List<Change> chunk) {
        long q = after.position();
        if (q == 0 || (!chunk.isEmpty() && chunk.get(0).position() == q)) {
            return;
        }
        if (q < log.oldest()) {
            throw RosterException.of(ErrorCode.CURSOR_EXPIRED, "The change feed no longer holds the events after "
                    + after + ": they are older than the retention of " + retention + ". Read from the start.");
        }
        if (chunk.isEmpty() && q > log.assigned() + 1) {
            throw RosterException.invalid("after " + after + " is ahead of the change feed.",
                    Violations.of("after", "is ahead of the change feed: give the id of an event or a page's next"));
        }
    }

    private boolean isAbandoned(Change next) {
        return clock.millis() - next.feed().at() >= ChangeFollower.GAP_TIMEOUT.toMillis();
    }

    /**
     * Removes the oldest entries made before the retention, never the newest entry; at most
     * {@link #SCAN_LIMIT} a call. Three round trips when there is nothing to remove, else one read
     * per thousand entries and one delete.
     */
    public void prune() {
        long cutoff = clock.millis() - retention.toMillis();
        long newest = log.head();
        long through = 0;
        long after = Math.max(log.oldest(), 1) - 1;
        // The first read is of one entry: most calls find the oldest entry young and stop there.
        int size = 1;
        for (int scanned = 0; scanned < SCAN_LIMIT; scanned += size, size = CHUNK) {
            List<Change> chunk = log.readAfter(after, size);
            for (Change change : chunk) {
                if (change.position() >= newest || change.feed().at() >= cutoff) {
                    remove(through);
                    return;
                }
                through = change.position();
            }
            if (chunk.size() < size) {
                break;
            }
            after = through;
        }
        remove(through);
    }

    private void remove(long through) {
        if (through > 0) {
            log.removeThrough(through);
        }
    }
}
