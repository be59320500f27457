package dev.roster.http.internal;

import dev.roster.core.api.ChangeEvent;
import dev.roster.core.api.Registration;
import dev.roster.core.api.Roster;
import dev.roster.core.domain.ConversationView;
import dev.roster.http.EventStream;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The open server-sent-events streams of one API: their heartbeat thread, their count, and the
 * feed that tells conversation-list streams about conversation changes (read from the change log,
 * so changes made through any process arrive).
 */
public final class Streams implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Streams.class.getName());

    /** A stream that wants to hear about changes of conversations of its app. */
    interface ConversationWatcher {
        /** Whether a change of this conversation (empty when deleted) may change what it shows. */
        boolean concerns(String conversationId, Optional<ConversationView> view);

        /** Reads and sends the current state again (sent only when it changed). */
        void refresh();
    }

    private final Roster roster;
    private final Duration heartbeat;
    private final ScheduledExecutorService scheduler;
    private final Set<EventStream> open = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<String, Set<ConversationWatcher>> watchers = new ConcurrentHashMap<>();
    private Registration feed;

    /** Streams over {@code roster} that send a heartbeat comment (and renew presence) every {@code heartbeat}. */
    public Streams(Roster roster, Duration heartbeat, int threads) {
        this.roster = roster;
        this.heartbeat = heartbeat;
        AtomicInteger count = new AtomicInteger();
        this.scheduler = Executors.newScheduledThreadPool(threads, task -> {
            Thread thread = new Thread(task, "roster-streams-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** How many streams are open now. */
    public int openCount() {
        return open.size();
    }

    Duration heartbeat() {
        return heartbeat;
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    void opened(EventStream stream) {
        open.add(stream);
    }

    void closed(EventStream stream) {
        open.remove(stream);
    }

    /** Starts telling {@code watcher} about conversation changes in the app; returns what stops it. */
    synchronized Runnable watch(String appId, ConversationWatcher watcher) {
        if (feed == null) {
            feed = roster.onChange(this::onChange);
        }
        watchers.computeIfAbsent(appId, k -> new CopyOnWriteArraySet<>()).add(watcher);
        return () -> watchers.computeIfPresent(appId, (k, set) -> {
            set.remove(watcher);
            return set.isEmpty() ? null : set;
        });
    }

    // Runs on the change follower's thread: hands the work to the stream threads at once.
    private void onChange(ChangeEvent change) {
        if (change.kind() != ChangeEvent.Kind.CONVERSATION || !watchers.containsKey(change.appId())) {
            return;
        }
        scheduler.execute(() -> {
            try {
                Set<ConversationWatcher> listening = watchers.get(change.appId());
                if (listening == null) {
                    return;
                }
                Optional<ConversationView> view = roster.conversations().find(change.appId(), change.entityId());
                for (ConversationWatcher watcher : List.copyOf(listening)) {
                    if (watcher.concerns(change.entityId(), view)) {
                        watcher.refresh();
                    }
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, () -> "Refreshing conversation lists after a change of "
                        + change.entityId() + " failed", e);
            }
        });
    }

    /** Closes every open stream and stops the threads. */
    @Override
    public void close() {
        synchronized (this) {
            if (feed != null) {
                feed.close();
                feed = null;
            }
        }
        List.copyOf(open).forEach(EventStream::close);
        scheduler.shutdownNow();
    }
}
