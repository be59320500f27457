package dev.roster.core.api;

import dev.roster.core.domain.ErrorCode;
import dev.roster.core.domain.FeedCursor;
import dev.roster.core.domain.FeedEvent;
import dev.roster.core.domain.FeedPage;
import dev.roster.core.domain.RosterException;
import dev.roster.core.internal.FeedFollower;
import dev.roster.core.internal.FeedReader;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The public change feed (SPEC §11): every app's events (users, conversations, participants,
 * messages created, updated or removed) in commit order, with no gap and no duplicate, across
 * restarts and across every process sharing the store. Each event carries the resource as it was
 * right after its change. Read it by pages from a {@link FeedCursor} you persist, or
 * {@link #follow} it. Events are kept for the {@link Roster.Builder#changeRetention retention}
 * (default 7 days); a cursor older than that is expired.
 */
public final class ChangeFeed {

    /** The most events one page holds. */
    public static final int MAX_LIMIT = 1000;

    private final FeedReader reader;
    private final Consumer<String> requireApp;
    private final Executor executor;
    private final Set<FeedFollower> followers = new CopyOnWriteArraySet<>();

    ChangeFeed(FeedReader reader, Consumer<String> requireApp, Executor executor) {
        this.reader = reader;
        this.requireApp = requireApp;
        this.executor = executor;
    }

    /**
     * The app's events after {@code after}, oldest first, at most {@code limit}. Resume with the
     * page's {@link FeedPage#next()}. A page may hold fewer events than {@code limit} while more
     * follow (it walks at most a bounded number of log entries of all apps); an empty page whose
     * next equals {@code after} means you are at the end for now. A few store round trips.
     *
     * @param appId the app
     * @param after where to read from: {@link FeedCursor#START}, an event's id or a page's next
     * @param limit 1 to {@value #MAX_LIMIT}
     * @return the page
     * @throws RosterException {@link ErrorCode#NOT_FOUND} for an unknown app;
     *                         {@link ErrorCode#INVALID_ARGUMENT} naming {@code limit}, or {@code after}
     *                         for a cursor ahead of the feed; {@link ErrorCode#CURSOR_EXPIRED} if
     *                         events after the cursor were pruned
     */
    public FeedPage read(String appId, FeedCursor after, int limit) {
        requireApp.accept(appId);
        Objects.requireNonNull(after, "after");
        return reader.read(appId, after, limit, MAX_LIMIT).page();
    }

    /**
     * Hands every event of the app after {@code after} to {@code listener}, in order and one call
     * at a time on Roster's executor, first those already in the feed, then each new one soon after
     * it commits (in any process). Persist the id of each event handled to resume from it after a
     * restart. If {@code onEvent} throws, the event is delivered again at the next poll.
     *
     * @param appId    the app
     * @param after    where to start: {@link FeedCursor#START}, an event's id or a page's next
     * @param listener what to call
     * @return the registration; closing it stops the calls
     * @throws RosterException {@link ErrorCode#NOT_FOUND} for an unknown app
     */
    public Registration follow(String appId, FeedCursor after, Listener listener) {
        requireApp.accept(appId);
        Objects.requireNonNull(after, "after");
        Objects.requireNonNull(listener, "listener");
        FeedFollower follower = new FeedFollower(reader, appId, after, listener::onEvent, listener::onExpired, executor);
        followers.add(follower);
        follower.wake();
        return () -> {
            follower.close();
            followers.remove(follower);
        };
    }

    /**
     * Removes the entries older than the retention now (Roster also does it about once a minute).
     * O(entries removed), at most ten thousand a call.
     */
    public void prune() {
        reader.prune();
    }

    /** {@return how long events are kept} */
    public Duration retention() {
        return reader.retention();
    }

    /** Stops every follower, when the Roster closes. */
    void close() {
        followers.forEach(FeedFollower::close);
        followers.clear();
    }

    /** Wakes the followers of an app that changed. */
    void changed(String appId) {
        for (FeedFollower follower : followers) {
            if (follower.appId().equals(appId)) {
                follower.wake();
            }
        }
    }

    /** Wakes the followers whose last read stopped short of the end, after each poll of the log. */
    void polled() {
        followers.removeIf(FeedFollower::isClosed);
        for (FeedFollower follower : followers) {
            if (follower.isBehind()) {
                follower.wake();
            }
        }
    }

    /** What {@link #follow} calls. */
    public interface Listener {

        /**
         * One event, after every earlier one.
         *
         * @param event the event
         */
        void onEvent(FeedEvent event);

        /**
         * Following stopped for good because the events after the cursor were pruned. Does
         * nothing unless overridden.
         *
         * @param error the {@link ErrorCode#CURSOR_EXPIRED} error
         */
        default void onExpired(RosterException error) {
        }
    }
}
