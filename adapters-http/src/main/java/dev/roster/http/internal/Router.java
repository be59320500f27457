package dev.roster.http.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Finds the route of a request: 404 for an unknown path, 405 for a known path with another method.
 * Templates are split once, when added; a request's path is split and decoded once, and only the
 * chosen route's parameters are collected. Adding a second route of the same method and template
 * is an {@link IllegalArgumentException}.
 */
public final class Router {

    private final List<Template> templates = new ArrayList<>();

    /** Adds a route that needs the app's credentials. */
    public Router add(String method, String template, Route.Endpoint endpoint) {
        return add(new Route(method, template, Route.Access.APP, endpoint));
    }

    /** Adds a route for a browser whose identity as the path's {@code {me}} is verified. */
    public Router addUser(String method, String template, Route.Endpoint endpoint) {
        return add(new Route(method, template, Route.Access.USER, endpoint));
    }

    /** Adds a route anyone may call. */
    public Router addPublic(String method, String template, Route.Endpoint endpoint) {
        return add(new Route(method, template, Route.Access.PUBLIC, endpoint));
    }

    private Router add(Route route) {
        for (Template template : templates) {
            if (template.route().method().equals(route.method()) && template.route().template().equals(route.template())) {
                throw new IllegalArgumentException(route.method() + " " + route.template() + " is already a route");
            }
        }
        templates.add(new Template(route));
        return this;
    }

    /** Every route, in the order added. */
    public List<Route> routes() {
        return templates.stream().map(Template::route).toList();
    }

    /** A route with the decoded values of its path parameters. */
    public record Match(Route route, Map<String, String> params) {
    }

    /**
     * The route for this method and raw (percent-encoded) path: of the routes whose template
     * matches, the first with the most literal segments.
     *
     * @throws ApiError 404 when no route has this path, 405 when none has this method
     */
    public Match match(String method, String rawPath) {
        String[] segments = rawPath.startsWith("/") ? rawPath.substring(1).split("/", -1) : new String[] {""};
        for (int i = 0; i < segments.length; i++) {
            segments[i] = decode(segments[i]);
        }
        Template best = null;
        TreeSet<String> allowed = null;
        for (Template template : templates) {
            if (!template.matches(segments)) {
                continue;
            }
            if (!template.route().method().equals(method)) {
                allowed = allowed == null ? new TreeSet<>() : allowed;
                allowed.add(template.route().method());
            } else if (best == null || template.literals > best.literals) {
                best = template;
            }
        }
        if (best != null) {
            return new Match(best.route(), best.params(segments));
        }
        if (allowed != null) {
            throw ApiError.methodNotAllowed(method, String.join(", ", allowed));
        }
        throw ApiError.notFound("There is no endpoint at " + rawPath + ".");
    }

    private static String decode(String segment) {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiError.invalid("path", "Bad percent-encoding in the path segment \"" + segment + "\".");
        }
    }

    /** A route's template split into segments: a parameter's name, or null for a literal segment. */
    private static final class Template {
        private final Route route;
        private final String[] parts;
        private final String[] params;
        private final int literals;

        Template(Route route) {
            this.route = route;
            this.parts = route.segments().toArray(String[]::new);
            this.params = new String[parts.length];
            int count = 0;
            for (int i = 0; i < parts.length; i++) {
                String part = parts[i];
                if (part.startsWith("{") && part.endsWith("}")) {
                    params[i] = part.substring(1, part.length() - 1);
                } else {
                    count++;
                }
            }
            this.literals = count;
        }

        Route route() {
            return route;
        }

        /** Whether the decoded segments fit: equal literals, and a non-empty value for each parameter. */
        boolean matches(String[] segments) {
            if (segments.length != parts.length) {
                return false;
            }
            for (int i = 0; i < parts.length; i++) {
                if (params[i] == null ? !parts[i].equals(segments[i]) : segments[i].isEmpty()) {
                    return false;
                }
            }
            return true;
        }

        Map<String, String> params(String[] segments) {
            Map<String, String> values = new LinkedHashMap<>();
            for (int i = 0; i < params.length; i++) {
                if (params[i] != null) {
                    values.put(params[i], segments[i]);
                }
            }
            return values;
        }
    }
}
