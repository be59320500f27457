package dev.roster.http.internal;

import java.util.List;

/**
 * One endpoint: a method, a path template such as {@code /v1/{appId}/users/{userId}} and what
 * answers it.
 *
 * @param method        the HTTP method
 * @param template      the path template; {@code {name}} matches one whole segment
 * @param authenticated whether the app's secret key or token is required (every {@code /v1}
 *                      route; {@code /openapi.json} is public)
 * @param endpoint      what answers it
 */
public record Route(String method, String template, boolean authenticated, Endpoint endpoint) {

    /** Answers one matched request with the JSON value to send with status 200. */
    @FunctionalInterface
    public interface Endpoint {
        /**
         * The JSON value (plain maps, lists, strings, numbers, booleans, null) to answer with.
         *
         * @throws ApiError for a request that ends in an error response
         */
        Object answer(Call call);
    }

    /** The template's segments, without the leading empty one. */
    public List<String> segments() {
        return List.of(template.substring(1).split("/", -1));
    }
}
