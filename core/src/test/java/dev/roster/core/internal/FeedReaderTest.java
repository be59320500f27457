package dev.roster.core.internal;

import dev.roster.core.domain.ErrorCode;
import dev.roster.core.domain.FeedCursor;
import dev.roster.core.domain.FeedData;
import dev.roster.core.domain.FeedEvent;
import dev.roster.core.domain.FeedEventType;
import dev.roster.core.domain.RosterException;
import dev.roster.core.spi.Change;
import dev.roster.core.spi.ChangeKind;
import dev.roster.core.spi.ChangeLog;
import dev.roster.core.spi.FeedEntry;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The feed's reading rules against a log whose positions commit in any order: a read never passes
 * a position that may still commit, until the gap timeout; cursors expire exactly when retention
 * removed what they need next.
 */
class FeedReaderTest {

    private static final Instant NOW = Instant.parse("2024-01-01T00:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    /** A log whose entries become visible in any order, as concurrent transactions commit. */
    private static final class CommitOrderLog implements ChangeLog {
        final List<Change> visible = new CopyOnWriteArrayList<>();

        /** Commits an entry of {@code events} message deletions made {@code age} ago. */
        void commit(long position, int events, Duration age) {
            List<FeedCodec.Item> items = IntStream.range(0, events)
                    .mapToObj(i -> new FeedCodec.Item(FeedEventType.MESSAGE_DELETED, null, "c" + position,
                            new FeedData.Removed("msg_" + position + "_" + i))).toList();
            visible.add(new Change(position, "app", ChangeKind.CONVERSATION, "c" + position, 1,
                    new FeedEntry(NOW.minus(age).toEpochMilli(), FeedCodec.encode(items))));
        }

        @Override
        public List<Change> readAfter(long position, int max) {
            return visible.stream().filter(c -> c.position() > position)
                    .sorted(Comparator.comparingLong(Change::position)).limit(max).toList();
        }

        @Override
        public long head() {
            return visible.stream().mapToLong(Change::position).max().orElse(0);
        }

        @Override
        public void removeThrough(long position) {
            visible.removeIf(c -> c.position() <= position);
        }
    }

    private final CommitOrderLog log = new CommitOrderLog();
    private final FeedReader reader = new FeedReader(log, CLOCK, Duration.ofDays(1));

    private List<String> ids(FeedReader.Scan scan) {
        return scan.page().events().stream().map(e -> ((FeedData.Removed) e.data()).id()).toList();
    }

    @Test
    void aReadStopsBeforeAPositionThatMayStillCommit() {
        log.commit(1, 1, Duration.ZERO);
        log.commit(3, 1, Duration.ZERO);
        FeedReader.Scan first = reader.read("app", FeedCursor.START, 10, 10);
        assertEquals(List.of("msg_1_0"), ids(first));
        assertFalse(first.reachedEnd(), "position 2 may still commit");
        assertEquals(new FeedCursor(2, 0), first.page().next());

        log.commit(2, 1, Duration.ZERO);
        FeedReader.Scan second = reader.read("app", first.page().next(), 10, 10);
        assertEquals(List.of("msg_2_0", "msg_3_0"), ids(second), "nothing skipped, nothing twice");
        assertTrue(second.reachedEnd());
    }

    @Test
    void aPositionMissingPastTheGapTimeoutIsPassed() {
        log.commit(1, 1, Duration.ZERO);
        log.commit(3, 1, ChangeFollower.GAP_TIMEOUT);
        assertEquals(List.of("msg_1_0", "msg_3_0"), ids(reader.read("app", FeedCursor.START, 10, 10)));
    }

    @Test
    void aPageMayEndInsideAnEntryAndResumeThere() {
        log.commit(1, 3, Duration.ZERO);
        log.commit(2, 1, Duration.ZERO);
        FeedReader.Scan first = reader.read("app", FeedCursor.START, 2, 10);
        assertEquals(List.of("msg_1_0", "msg_1_1"), ids(first));
        assertEquals(new FeedCursor(1, 2), first.page().next());
        List<FeedEvent> rest = reader.read("app", first.page().next(), 10, 10).page().events();
        assertEquals(List.of(new FeedCursor(2, 0), new FeedCursor(3, 0)), rest.stream().map(FeedEvent::id).toList(),
                "the id of an entry's last event is the next position");
    }

    @Test
    void pruningKeepsTheNewestEntryAndExpiresCursorsBeforeTheOldestKept() {
        log.commit(1, 1, Duration.ofDays(3));
        log.commit(2, 1, Duration.ofDays(2));
        log.commit(3, 1, Duration.ofDays(2));
        reader.prune();
        assertEquals(3, log.oldest(), "everything older than the retention but the newest entry");

        RosterException expired = assertThrows(RosterException.class,
                () -> reader.read("app", new FeedCursor(2, 0), 10, 10));
        assertEquals(ErrorCode.CURSOR_EXPIRED, expired.code());
        assertEquals(List.of("msg_3_0"), ids(reader.read("app", new FeedCursor(3, 0), 10, 10)));
        assertEquals(List.of("msg_3_0"), ids(reader.read("app", FeedCursor.START, 10, 10)));
    }

    @Test
    void otherAppsEntriesMoveTheCursorButYieldNothing() {
        log.commit(1, 2, Duration.ZERO);
        FeedReader.Scan scan = reader.read("elsewhere", FeedCursor.START, 10, 10);
        assertEquals(List.of(), scan.page().events());
        assertEquals(new FeedCursor(2, 0), scan.page().next());
    }
}
