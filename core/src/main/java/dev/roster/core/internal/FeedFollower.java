package dev.roster.core.internal;

import dev.roster.core.domain.ErrorCode;
import dev.roster.core.domain.FeedCursor;
import dev.roster.core.domain.FeedEvent;
import dev.roster.core.domain.RosterException;

import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Follows one app's change feed from a cursor: each wake-up reads pages until the feed's visible
 * end and hands every event, in order, to a consumer, one call at a time. Woken by the Roster for
 * each change of its app and, while a read stopped short of the end (at a position not yet
 * visible), at every poll of the change log.
 */
public final class FeedFollower {

    private static final int PAGE = 500;
    private static final System.Logger LOG = System.getLogger(FeedFollower.class.getName());

    private final FeedReader reader;
    private final String appId;
    private final Consumer<FeedEvent> onEvent;
    private final Consumer<RosterException> onStop;
    private final Executor serial;
    private final Object lock = new Object();
    private FeedCursor cursor;
    private boolean scheduled;
    private boolean again;
    private volatile boolean behind = true;
    private volatile boolean closed;

    /**
     * @param executor runs the reads and the consumer's calls (one at a time)
     * @param onStop   called once if following stops for good: the cursor expired
     */
    public FeedFollower(FeedReader reader, String appId, FeedCursor from, Consumer<FeedEvent> onEvent,
                        Consumer<RosterException> onStop, Executor executor) {
        this.reader = reader;
        this.appId = appId;
        this.cursor = from;
        this.onEvent = onEvent;
        this.onStop = onStop;
        this.serial = new SerialExecutor(executor);
    }

    /** The app followed. */
    public String appId() {
        return appId;
    }

    /** Whether the last read stopped before the end of the visible log, so a poll should read again. */
    public boolean isBehind() {
        return behind;
    }

    /** Whether it stopped: closed, or its cursor expired. */
    public boolean isClosed() {
        return closed;
    }

    /** Asks for a read; coalesces with one already queued. */
    public void wake() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            if (scheduled) {
                again = true;
                return;
            }
            scheduled = true;
        }
        serial.execute(this::drain);
    }

    private void drain() {
        while (true) {
            synchronized (lock) {
                again = false;
            }
            readToEnd();
            synchronized (lock) {
                if (!again || closed) {
                    scheduled = false;
                    return;
                }
            }
        }
    }

    private void readToEnd() {
        try {
            FeedReader.Scan scan;
            do {
                scan = reader.read(appId, cursor, PAGE, PAGE);
                for (FeedEvent event : scan.page().events()) {
                    if (closed) {
                        return;
                    }
                    onEvent.accept(event);
                    cursor = event.id();
                }
                cursor = scan.page().next();
            } while (!closed && scan.page().events().size() == PAGE);
            behind = !scan.reachedEnd();
        } catch (RosterException e) {
            if (e.code() == ErrorCode.CURSOR_EXPIRED) {
                closed = true;
                onStop.accept(e);
            } else {
                behind = true;
                LOG.log(System.Logger.Level.WARNING, "Reading the change feed of app " + appId
                        + " failed; retrying at the next poll", e);
            }
        } catch (RuntimeException e) {
            behind = true;
            LOG.log(System.Logger.Level.WARNING, "Following the change feed of app " + appId
                    + " failed; retrying at the next poll", e);
        }
    }

    /** Stops the calls: none starts after this returns, except one already running. */
    public void close() {
        closed = true;
    }
}
