package dev.roster.http.internal;

import dev.roster.core.api.Roster;
import dev.roster.core.domain.Credential;
import dev.roster.http.EventSink;
import dev.roster.http.EventStream;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;


/**
 * One server-sent-events stream of a verified browser user. Each event is the whole current state
 * ({@code event: snapshot}, {@code data:} one line of JSON); its id is a digest of that JSON, so a
 * client that reconnects with {@code Last-Event-ID} gets the current state exactly when it differs
 * from the last one it saw, whichever process serves it: no change is lost, nothing is repeated.
 * While open, the user is online (its presence is renewed at every heartbeat, ended on close).
 * When the user is deactivated or the credential it opened with revoked, the stream ends with
 * one {@code event: refused} whose data is the error body ({@code errorCode}, {@code message}).
 */
final class ClientStream implements EventStream {

    private static final System.Logger LOG = System.getLogger(ClientStream.class.getName());

    /** Starts delivering states to a stream; returns what stops it. */
    @FunctionalInterface
    interface Source {
        /** Subscribes; {@code publish} takes each state as an encoded event, {@code fail} ends the stream. */
        Runnable start(Consumer<Event> publish, Runnable fail);
    }

    /**
     * One state as it goes on the wire: its JSON and the digest that is its event id. Encoded once
     * per state, however many streams send it.
     *
     * @param id   the SHA-256 of {@code data}, hex
     * @param data the state as one line of JSON
     */
    record Event(String id, String data) {

        /** Encodes a JSON-shaped value. */
        static Event of(Object state) {
            String data = new String(Json.write(state), StandardCharsets.UTF_8);
            return new Event(digest(data), data);
        }
    }

    private final Streams streams;
    private final Roster roster;
    private final String appId;
    private final String userId;
    private final Credential credential;
    private final String sessionId = "ses_" + UUID.randomUUID().toString().replace("-", "");
    private final Source source;
    private final Object presence = new Object();
    private String lastId;
    private EventSink sink;
    private Runnable stop;
    private ScheduledFuture<?> heartbeat;
    private boolean closed;

    ClientStream(Streams streams, Roster roster, String appId, String userId, Credential credential,
                 String lastEventId, Source source) {
        this.streams = streams;
        this.roster = roster;
        this.appId = appId;
        this.userId = userId;
        this.credential = credential;
        this.lastId = lastEventId;
        this.source = source;
    }

    @Override
    public void open(EventSink eventSink) {
        synchronized (this) {
            if (closed) {
                eventSink.close();
                return;
            }
            this.sink = eventSink;
        }
        try {
            roster.presence().touch(appId, userId, sessionId);
            streams.opened(this);
            long every = streams.heartbeat().toMillis();
            ScheduledFuture<?> beat = streams.scheduler().scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
            send("retry: 1000\n\n");
            Runnable stopSource = source.start(this::publish, this::close);
            synchronized (this) {
                heartbeat = beat;
                stop = stopSource;
            }
            if (isClosed()) {
                close();
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void beat() {
        if (!send(": heartbeat\n\n")) {
            return;
        }
        // Under the presence lock, so that a renewal never lands after close() ended the session.
        synchronized (presence) {
            if (isClosed()) {
                return;
            }
            try {
                roster.presence().touch(appId, userId, sessionId);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, () -> "Renewing the presence of " + userId + " in app " + appId
                        + " failed; retrying at the next heartbeat", e);
            }
        }
    }

    /** Sends {@code event}, unless it is the state the client saw last. */
    synchronized void publish(Event event) {
        if (event.id().equals(lastId)) {
            return;
        }
        lastId = event.id();
        send("id: " + event.id() + "\nevent: snapshot\ndata: " + event.data() + "\n\n");
    }

    private boolean send(String frame) {
        EventSink target;
        synchronized (this) {
            target = sink;
        }
        if (target == null || isClosed()) {
            return false;
        }
        if (!target.write(frame)) {
            close();
            return false;
        }
        return true;
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        Runnable stopSource;
        ScheduledFuture<?> beat;
        EventSink target;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            stopSource = stop;
            beat = heartbeat;
            target = sink;
        }
        if (beat != null) {
            beat.cancel(false);
        }
        if (stopSource != null) {
            stopSource.run();
        }
        streams.closed(this);
        if (target != null) {
            synchronized (presence) {
                try {
                    roster.presence().end(appId, sessionId);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, () -> "Ending presence session " + sessionId
                            + " failed; it expires after the presence window", e);
                }
            }
            target.close();
        }
    }

    /** Sends {@code refusal} as the last event and ends the stream. */
    void refuse(ApiError refusal) {
        send("event: refused\ndata: " + new String(Json.write(refusal.body()), StandardCharsets.UTF_8) + "\n\n");
        close();
    }

    String appId() {
        return appId;
    }

    String userId() {
        return userId;
    }

    Credential credential() {
        return credential;
    }

    private static String digest(String data) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(data.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(hash, 18));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
