package dev.roster.http.internal;

import java.util.List;

/**
 * One endpoint: a method, a path template such as {@code /v1/{appId}/users/{userId}} and what
 * answers it.
 *
 * @param method        the HTTP method
 * @param template      the path template; {@code {name}} matches one whole segment
 * @param access        who may call it
 * @param endpoint      what answers it
 */
public record Route(String method, String template, Access access, Endpoint endpoint) {

    /** Who may call a route. */
    public enum Access {
        /** Anyone ({@code /openapi.json}, the JavaScript client, {@code /health}, routes added with {@code RestApi.Builder.publicRoute}). */
        PUBLIC,
        /** A trusted caller with the app's secret key or an app token (every REST route). */
        APP,
        /** A browser whose identity as the path's {@code {me}} is verified (the client routes). */
        USER
    }

    /** Answers one matched request with the JSON value to send with status 200. */
    @FunctionalInterface
    public interface Endpoint {
        /**
         * The JSON value (plain maps, lists, strings, numbers, booleans, null) to answer with, or
         * a whole {@link dev.roster.http.HttpResponse} (a stream, or another content type).
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
