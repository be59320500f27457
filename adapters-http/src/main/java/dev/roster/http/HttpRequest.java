package dev.roster.http;

import java.io.IOException;

/**
 * One HTTP request as the REST API sees it, independent of the server that received it. A
 * binding (the servlet, the Jetty handler) implements it over its own request type.
 */
public interface HttpRequest {

    /** {@return the method in upper case, for example {@code GET}} */
    String method();

    /**
     * The path below the mount point, still percent-encoded, starting with {@code /}; for example
     * {@code /v1/app1/users/alice%2Fbob}. The router decodes each segment on its own, so an
     * encoded {@code /} stays inside its segment.
     *
     * @return the raw path
     */
    String rawPath();

    /** {@return the query string as sent (percent-encoded, without {@code ?}), or null when there is none} */
    String rawQuery();

    /**
     * The value of the first header of that name (case-insensitive).
     *
     * @param name the header name
     * @return the value, or null when the request has no such header
     */
    String header(String name);

    /**
     * Reads the whole body. Called at most once, and only by endpoints that take a body.
     *
     * @param maxBytes the most bytes accepted
     * @return the body, empty when there is none
     * @throws PayloadTooLargeException when the body is longer than {@code maxBytes}; the rest is
     *                                  not read
     * @throws IOException              when the connection fails
     */
    byte[] body(int maxBytes) throws IOException;
}
