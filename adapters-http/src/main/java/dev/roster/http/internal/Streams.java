package dev.roster.http.internal;

import dev.roster.core.api.ChangeEvent;
import dev.roster.core.api.Registration;
import dev.roster.core.api.Roster;
import dev.roster.core.domain.ConversationView;
import dev.roster.core.domain.Credential;
import dev.roster.http.EventStream;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The open server-sent-events streams of one API: their heartbeat thread, their count, the feed
 * that tells conversation-list streams about conversation changes (read from the change log, so
 * changes made through any process arrive), and the check every {@link #CHECK_INTERVAL} that ends
 * the streams of users deactivated or tokens revoked since they opened (SPEC §10).
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

    /** How often open streams' credentials are checked again; with the caches' delays, a refusal ends a stream within 2 s. */
    static final Duration CHECK_INTERVAL = Duration.ofMillis(500);

    private final Roster roster;
    private final Authenticator authenticator;
    private final Duration heartbeat;
    private final ScheduledExecutorService scheduler;
    private final Set<EventStream> open = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<String, Set<ConversationWatcher>> watchers = new ConcurrentHashMap<>();
    private Registration feed;

    /**
     * Streams over {@code roster} that send a heartbeat comment (and renew presence) every
     * {@code heartbeat}, and whose credentials {@code authenticator} checks again.
     */
    public Streams(Roster roster, Authenticator authenticator, Duration heartbeat, int threads) {
        this.roster = roster;
        this.authenticator = authenticator;
        this.heartbeat = heartbeat;
        AtomicInteger count = new AtomicInteger();
        this.scheduler = Executors.newScheduledThreadPool(threads, task -> {
            Thread thread = new Thread(task, "roster-streams-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        long every = CHECK_INTERVAL.toMillis();
        scheduler.scheduleWithFixedDelay(this::recheck, every, every, TimeUnit.MILLISECONDS);
    }

    /** Checks the caller of a stream's route before the stream opens; what it returns goes to the stream. */
    Credential signIn(Call call) {
        return authenticator.checkUser(call.appId(), call.path("me"), call.header("Authorization"));
    }

    // Ends, with the refusal as its last event, every browser stream whose user or token is refused
    // now; one check per distinct sign-in, however many streams it opened. Trusted streams (the
    // change feed) were opened with the app's secret and are not rechecked.
    private void recheck() {
        Map<SignIn, List<ClientStream>> bySignIn = open.stream().filter(ClientStream.class::isInstance)
                .map(ClientStream.class::cast).collect(Collectors.groupingBy(
                stream -> new SignIn(stream.appId(), stream.userId(), stream.credential())));
        bySignIn.forEach((signIn, streams) -> {
            try {
                authenticator.recheck(signIn.appId(), signIn.userId(), signIn.credential())
                        .ifPresent(refusal -> streams.forEach(stream -> stream.refuse(refusal)));
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, () -> "Checking the credential of the streams of "
                        + signIn.userId() + " failed; checking again in " + CHECK_INTERVAL.toMillis() + " ms", e);
            }
        });
    }

    /** Who a stream was opened by, and with what. */
    private record SignIn(String appId, String userId, Credential credential) {
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
