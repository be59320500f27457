package dev.roster.http;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One HTTP response of the REST API, independent of the server that sends it.
 *
 * @param status  the status code
 * @param headers header names and values, sent in this order
 * @param body      the body bytes (UTF-8 JSON for every response of the REST API); empty for a stream
 * @param stream    for a server-sent-events response, what writes its events after the headers
 *                  (then there is no {@code Content-Length}); null for every other response
 * @param streaming for a body written piece by piece after the headers ({@link #streamed}), what
 *                  writes it (then there is no {@code Content-Length}); null for every other response
 */
public record HttpResponse(int status, Map<String, String> headers, byte[] body, EventStream stream,
                           StreamingBody streaming) {

    /**
     * Copies the headers and keeps their order.
     *
     * @param status    the status code
     * @param headers   header names and values, in order
     * @param body      the body bytes; empty for a stream
     * @param stream    what writes a server-sent-events body, or null
     * @param streaming what writes a streamed body, or null
     * @throws IllegalArgumentException if both {@code stream} and {@code streaming} are given
     */
    public HttpResponse {
        headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(headers, "headers")));
        Objects.requireNonNull(body, "body");
        if (stream != null && streaming != null) {
            throw new IllegalArgumentException("A response is an event stream or a streamed body, not both");
        }
    }

    /**
     * A response with a whole body or an event stream.
     *
     * @param status  the status code
     * @param headers header names and values, in order
     * @param body    the body bytes; empty for a stream
     * @param stream  what writes a server-sent-events body, or null
     */
    public HttpResponse(int status, Map<String, String> headers, byte[] body, EventStream stream) {
        this(status, headers, body, stream, null);
    }

    /**
     * A response with a whole body and no stream.
     *
     * @param status  the status code
     * @param headers header names and values, in order
     * @param body    the body bytes
     */
    public HttpResponse(int status, Map<String, String> headers, byte[] body) {
        this(status, headers, body, null, null);
    }

    /**
     * A 200 {@code text/event-stream} response whose events {@code stream} writes.
     *
     * @param stream writes the events
     * @return the response, with no-cache headers and an empty body
     */
    public static HttpResponse eventStream(EventStream stream) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "text/event-stream; charset=utf-8");
        headers.put("Cache-Control", "no-cache, no-transform");
        headers.put("X-Accel-Buffering", "no");
        return new HttpResponse(200, headers, new byte[0], Objects.requireNonNull(stream, "stream"));
    }

    /**
     * A response whose body {@code body} writes after the headers, piece by piece.
     *
     * @param status      the status code
     * @param contentType the {@code Content-Type}
     * @param body        writes the body
     * @return the response, with an empty byte body
     */
    public static HttpResponse streamed(int status, String contentType, StreamingBody body) {
        return new HttpResponse(status, Map.of("Content-Type", contentType), new byte[0], null,
                Objects.requireNonNull(body, "body"));
    }

    /**
     * A JSON response with {@code Content-Type: application/json; charset=utf-8}.
     *
     * @param status the status code
     * @param body   UTF-8 JSON
     * @return the response
     */
    public static HttpResponse json(int status, byte[] body) {
        return new HttpResponse(status, Map.of("Content-Type", "application/json; charset=utf-8"), body);
    }

    /**
     * This response with one more header; a header of exactly that name is replaced.
     *
     * @param name  the header name
     * @param value the header value
     * @return a copy of this response with the header
     */
    public HttpResponse withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new HttpResponse(status, more, body, stream, streaming);
    }

    /** {@return the body as UTF-8 text (for logs and tests)} */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
