package dev.roster.http.internal;

import dev.roster.http.HttpRequest;
import dev.roster.http.HttpResponse;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Cross-origin access for web pages of the configured origins: to the browser API (user routes)
 * and the public routes (the JavaScript client, the OpenAPI document), never to the trusted API,
 * whose secret key has no place in a browser. A page of another origin gets no CORS header, so
 * its browser withholds the answer; its preflight is refused with 403.
 */
public final class Cors {

    /** The preflight header naming the method the page wants to use. */
    public static final String REQUEST_METHOD = "Access-Control-Request-Method";

    private static final String ALLOWED_HEADERS = "Authorization, Content-Type, Last-Event-ID, " + Dispatch.VERSION_HEADER;
    private static final String MAX_AGE_SECONDS = "600";

    private final Set<String> origins;

    /** A policy allowing exactly these origins (none: no cross-origin access). */
    public Cors(Set<String> origins) {
        this.origins = Set.copyOf(origins);
    }

    /**
     * An origin as browsers send it in the {@code Origin} header: lower-case scheme and host, the
     * port only when it is not the scheme's default.
     *
     * @throws IllegalArgumentException naming the origin when it is not {@code http(s)://host[:port]}
     */
    public static String origin(String origin) {
        try {
            URI uri = new URI(origin);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            boolean bare = (uri.getRawPath() == null || uri.getRawPath().isEmpty()) && uri.getRawQuery() == null
                    && uri.getRawFragment() == null && uri.getRawUserInfo() == null;
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null && bare) {
                int port = uri.getPort();
                boolean defaultPort = port == -1 || port == (scheme.equals("http") ? 80 : 443);
                return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new IllegalArgumentException("An allowed origin must be scheme://host[:port] with scheme http or https, "
                + "and nothing after it, got \"" + origin + "\"");
    }

    /** Whether the request is a CORS preflight: an {@code OPTIONS} naming the method to come. */
    public static boolean isPreflight(HttpRequest request) {
        return request.method().equals("OPTIONS") && request.header(REQUEST_METHOD) != null;
    }

    /**
     * The answer to a preflight for {@code route}: 204 with the method and headers a page of an
     * allowed origin may use.
     *
     * @throws ApiError 403 when the origin is not allowed or the route is not open to browsers
     */
    public HttpResponse preflight(HttpRequest request, Route route) {
        if (!opens(request, route)) {
            throw ApiError.forbidden("Cross-origin calls are allowed only to the browser API and only from the "
                    + "configured origins (RestApi.Builder.allowOrigins); not from " + request.header("Origin") + ".");
        }
        return new HttpResponse(204, Map.of(
                "Access-Control-Allow-Methods", route.method(),
                "Access-Control-Allow-Headers", ALLOWED_HEADERS,
                "Access-Control-Max-Age", MAX_AGE_SECONDS), new byte[0]);
    }

    /**
     * {@code response} with the headers that let the request's page read it: its origin, when that
     * is allowed and {@code route} (null: no route matched) is open to browsers.
     */
    public HttpResponse apply(HttpRequest request, Route route, HttpResponse response) {
        if (origins.isEmpty() || route == null || route.access() == Route.Access.APP) {
            return response;
        }
        HttpResponse varied = response.withHeader("Vary", "Origin");
        return opens(request, route) ? varied.withHeader("Access-Control-Allow-Origin", request.header("Origin")) : varied;
    }

    private boolean opens(HttpRequest request, Route route) {
        String origin = request.header("Origin");
        return route.access() != Route.Access.APP && origin != null && origins.contains(origin);
    }
}
