package dev.roster.http;

/**
 * The body of a server-sent-events response: a stream the binding keeps open after sending the
 * status and headers. The binding calls {@link #open(EventSink)} once, then {@link #close()} when
 * the connection ends for any reason (the client left, a write failed, the server stops).
 */
public interface EventStream {

    /**
     * Starts sending events to {@code sink}; called once, after the headers are sent.
     *
     * @param sink the open connection
     */
    void open(EventSink sink);

    /** Releases what the stream holds (subscriptions, presence); idempotent, never throws. */
    void close();
}
