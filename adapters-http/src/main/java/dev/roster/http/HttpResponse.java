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
 * @param body    the body bytes (UTF-8 JSON for every response of the REST API)
 */
public record HttpResponse(int status, Map<String, String> headers, byte[] body) {

    /** Copies the headers and keeps their order. */
    public HttpResponse {
        headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(headers, "headers")));
        Objects.requireNonNull(body, "body");
    }

    /** A JSON response with {@code Content-Type: application/json; charset=utf-8}. */
    public static HttpResponse json(int status, byte[] body) {
        return new HttpResponse(status, Map.of("Content-Type", "application/json; charset=utf-8"), body);
    }

    /** This response with one more header. */
    public HttpResponse withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new HttpResponse(status, more, body);
    }

    /** The body as UTF-8 text (for logs and tests). */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
