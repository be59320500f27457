package dev.roster.http.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Finds the route of a request: 404 for an unknown path, 405 for a known path with another method. */
public final class Router {

    private final List<Route> routes = new ArrayList<>();

    /** Adds a route that needs the app's credentials. */
    public Router add(String method, String template, Route.Endpoint endpoint) {
        routes.add(new Route(method, template, true, endpoint));
        return this;
    }

    /** Adds a route anyone may call. */
    public Router addPublic(String method, String template, Route.Endpoint endpoint) {
        routes.add(new Route(method, template, false, endpoint));
        return this;
    }

    /** Every route, in the order added. */
    public List<Route> routes() {
        return List.copyOf(routes);
    }

    /** A route with the decoded values of its path parameters. */
    public record Match(Route route, Map<String, String> params) {
    }

    /**
     * The route for this method and raw (percent-encoded) path.
     *
     * @throws ApiError 404 when no route has this path, 405 when none has this method
     */
    public Match match(String method, String rawPath) {
        String[] raw = rawPath.startsWith("/") ? rawPath.substring(1).split("/", -1) : new String[] {""};
        List<String> segments = new ArrayList<>(raw.length);
        for (String segment : raw) {
            segments.add(decode(segment));
        }
        Match best = null;
        int bestLiterals = -1;
        TreeSet<String> allowed = new TreeSet<>();
        for (Route route : routes) {
            Map<String, String> params = bind(route.segments(), segments);
            if (params == null) {
                continue;
            }
            int literals = route.segments().size() - params.size();
            if (!route.method().equals(method)) {
                allowed.add(route.method());
                continue;
            }
            if (literals > bestLiterals) {
                best = new Match(route, params);
                bestLiterals = literals;
            }
        }
        if (best != null) {
            return best;
        }
        if (!allowed.isEmpty()) {
            throw ApiError.methodNotAllowed(method, String.join(", ", allowed));
        }
        throw ApiError.notFound("There is no endpoint at " + rawPath + ".");
    }

    private static Map<String, String> bind(List<String> template, List<String> segments) {
        if (template.size() != segments.size()) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < template.size(); i++) {
            String part = template.get(i);
            String segment = segments.get(i);
            if (part.startsWith("{") && part.endsWith("}")) {
                if (segment.isEmpty()) {
                    return null;
                }
                params.put(part.substring(1, part.length() - 1), segment);
            } else if (!part.equals(segment)) {
                return null;
            }
        }
        return params;
    }

    private static String decode(String segment) {
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiError.invalid("path", "Bad percent-encoding in the path segment \"" + segment + "\".");
        }
    }
}
