package dev.roster.http.internal;

import dev.roster.core.api.ChangeFeed;
import dev.roster.core.api.Registration;
import dev.roster.core.domain.FeedCursor;
import dev.roster.core.domain.FeedEvent;
import dev.roster.core.domain.RosterException;
import dev.roster.http.EventSink;
import dev.roster.http.EventStream;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One server-sent-events stream of an app's change feed: each feed event as one unnamed event
 * whose {@code id} is the event's cursor and whose {@code data} is the event's JSON, so a client
 * that reconnects with {@code Last-Event-ID} resumes right after the last event it received. If
 * the stream falls behind the feed's retention it sends an {@code error} event with the
 * {@code CURSOR_EXPIRED} body and ends.
 */
final class FeedStream implements EventStream {

    private final Streams streams;
    private final ChangeFeed feed;
    private final String appId;
    private final FeedCursor from;
    private EventSink sink;
    private Registration following;
    private ScheduledFuture<?> heartbeat;
    private boolean closed;

    FeedStream(Streams streams, ChangeFeed feed, String appId, FeedCursor from) {
        this.streams = streams;
        this.feed = feed;
        this.appId = appId;
        this.from = from;
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
        streams.opened(this);
        long every = streams.heartbeat().toMillis();
        ScheduledFuture<?> beat = streams.scheduler().scheduleWithFixedDelay(() -> send(": heartbeat\n\n"), every, every,
                TimeUnit.MILLISECONDS);
        send("retry: 1000\n\n");
        Registration registration = feed.follow(appId, from, new ChangeFeed.Listener() {
            @Override
            public void onEvent(FeedEvent event) {
                send("id: " + event.id() + "\ndata: " + text(ChangeEndpoints.json(event)) + "\n\n");
            }

            @Override
            public void onExpired(RosterException error) {
                send("event: error\ndata: " + text(ApiError.from(error).body()) + "\n\n");
                close();
            }
        });
        boolean closedMeanwhile;
        synchronized (this) {
            heartbeat = beat;
            following = registration;
            closedMeanwhile = closed;
        }
        if (closedMeanwhile) {
            beat.cancel(false);
            registration.close();
        }
    }

    private static String text(Object json) {
        return new String(Json.write(json), StandardCharsets.UTF_8);
    }

    private void send(String frame) {
        EventSink target;
        synchronized (this) {
            target = closed ? null : sink;
        }
        if (target != null && !target.write(frame)) {
            close();
        }
    }

    @Override
    public void close() {
        Registration registration;
        ScheduledFuture<?> beat;
        EventSink target;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            registration = following;
            beat = heartbeat;
            target = sink;
        }
        if (beat != null) {
            beat.cancel(false);
        }
        if (registration != null) {
            registration.close();
        }
        streams.closed(this);
        if (target != null) {
            target.close();
        }
    }
}
