package dev.roster.http;

/**
 * Where an {@link EventStream} writes: the open connection of one response, provided by the
 * binding. Thread-safe; writes keep their order.
 */
public interface EventSink {

    /**
     * Queues UTF-8 text (whole {@code text/event-stream} frames) for the client and flushes it
     * without blocking for long.
     *
     * @param text one or more whole frames
     * @return false when the connection is gone; the text is dropped
     */
    boolean write(String text);

    /** Ends the response; later writes return false. Idempotent. */
    void close();
}
