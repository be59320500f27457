package dev.roster.http;

import dev.roster.core.api.Roster;
import dev.roster.core.domain.ApiVersion;
import dev.roster.core.domain.RosterException;
import dev.roster.http.internal.ApiError;
import dev.roster.http.internal.AppEndpoints;
import dev.roster.http.internal.ChangeEndpoints;
import dev.roster.http.internal.Authenticator;
import dev.roster.http.internal.ClientEndpoints;
import dev.roster.http.internal.ConversationEndpoints;
import dev.roster.http.internal.Cors;
import dev.roster.http.internal.Dispatch;
import dev.roster.http.internal.HealthEndpoint;
import dev.roster.http.internal.Json;
import dev.roster.http.internal.RateLimiter;
import dev.roster.http.internal.Route;
import dev.roster.http.internal.Router;
import dev.roster.http.internal.Streams;
import dev.roster.http.internal.UserEndpoints;
import dev.roster.http.internal.WebhookEndpoints;

import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The TalkJS-compatible trusted REST API over a {@link Roster}, and the browser-facing API under
 * {@code /v1/{appId}/client/{me}/…} (identity verified, server-sent events for subscriptions),
 * written against the transport-neutral {@link HttpRequest}/{@link HttpResponse} seam. Serve it
 * with {@link dev.roster.http.servlet.RosterServlet} in any servlet container or with
 * {@link dev.roster.http.server.RosterHandler} on Jetty. Thread-safe. Its only state is the open
 * event streams and the thread that keeps them alive: {@link #close()} ends them.
 *
 * <p>Every error answers one JSON shape, {@code {"errorCode": "<stable code>", "message": "…",
 * "errors": {"<field>": ["…"]}}} ({@code errors} only for invalid input), except an invalid
 * {@code PUT /users} batch, which answers TalkJS's {@code {"<userId>": {"<field or #>": ["…"]}}}.
 * Pages of other origins reach the browser API only when {@link Builder#allowOrigins allowed}.
 *
 * <p>Every answer to an authenticated request carries {@code X-RateLimit-Limit},
 * {@code X-RateLimit-Remaining} and {@code X-RateLimit-Reset}: a token bucket per app for the
 * trusted API and per signed-in user for the browser API, sized by the app's
 * {@link dev.roster.core.domain.RateLimits settings}. Over budget the answer is 429
 * {@code RATE_LIMITED} with {@code Retry-After}, and nothing is written. The buckets are this
 * process's own, not shared with other processes over the same store.
 *
 * <p>Public, without credentials: {@code GET /openapi.json}, {@code GET /roster-client.js}, and
 * {@code GET /health} (200 when the store answers a read, 503 naming the store when it does not),
 * plus the routes the serving process adds with {@link Builder#publicRoute}.
 */
public final class RestApi implements AutoCloseable {

    /** The default limit on a request body: 1 MiB. */
    public static final int DEFAULT_MAX_BODY_BYTES = 1 << 20;

    /** The default interval of heartbeats on event streams, in seconds. */
    public static final int DEFAULT_HEARTBEAT_SECONDS = 5;

    private static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(DEFAULT_HEARTBEAT_SECONDS);

    private static final System.Logger LOG = System.getLogger(RestApi.class.getName());

    private final Router router;
    private final Authenticator authenticator;
    private final int maxBodyBytes;
    private final Streams streams;
    private final Cors cors;
    private final Roster roster;
    private final RateLimiter rateLimiter;

    private RestApi(Builder builder, Set<String> origins, List<PublicRoute> publicRoutes) {
        this.cors = new Cors(origins);
        this.roster = builder.roster;
        this.rateLimiter = new RateLimiter(builder.clock);
        this.maxBodyBytes = builder.maxBodyBytes;
        this.authenticator = new Authenticator(builder.roster, builder.clock, builder.requireUserTokenExpiry);
        this.streams = new Streams(builder.roster, authenticator, builder.heartbeat, 2);
        this.router = new Router();
        new UserEndpoints(builder.roster).register(router);
        new ConversationEndpoints(builder.roster).register(router);
        new AppEndpoints(builder.roster).register(router);
        new ChangeEndpoints(builder.roster, streams).register(router);
        new WebhookEndpoints(builder.roster).register(router);
        new ClientEndpoints(builder.roster, streams).register(router);
        new HealthEndpoint(builder.roster).register(router);
        Map<String, Map<String, Object>> morePaths = new LinkedHashMap<>();
        for (PublicRoute route : publicRoutes) {
            morePaths.computeIfAbsent(route.path(), p -> new LinkedHashMap<>())
                    .put(route.method().toLowerCase(Locale.ROOT), route.operation());
        }
        Dispatch.registerDocs(router, morePaths);
        for (PublicRoute route : publicRoutes) {
            router.addPublic(route.method(), route.path(), call -> route.endpoint().apply(call.request()));
        }
    }

    /**
     * The API over {@code roster} with the default options.
     *
     * @param roster the Roster to serve; the caller closes it after the API
     * @return the API
     */
    public static RestApi of(Roster roster) {
        return builder(roster).build();
    }

    /**
     * A builder for the API over {@code roster}.
     *
     * @param roster the Roster to serve; the caller closes it after the API
     * @return the builder, with every option at its default
     */
    public static Builder builder(Roster roster) {
        return new Builder(roster);
    }

    /**
     * Answers one request. Never throws for anything a client sent: bad input is a 4xx response;
     * a failure of the store is a 503 or 500 response, and is logged.
     *
     * @param request the request
     * @return the response, with CORS headers where they apply
     */
    public HttpResponse handle(HttpRequest request) {
        Route route = null;
        RateLimiter.Decision budget = null;
        HttpResponse response;
        try {
            boolean preflight = Cors.isPreflight(request);
            Router.Match match = router.match(preflight ? request.header(Cors.REQUEST_METHOD) : request.method(),
                    request.rawPath());
            route = match.route();
            if (preflight) {
                response = cors.preflight(request, route);
            } else {
                budget = admit(request, match);
                if (budget != null && !budget.allowed()) {
                    throw ApiError.rateLimited(budget);
                }
                response = Dispatch.ok(answer(request, match));
            }
        } catch (ApiError e) {
            response = Dispatch.error(e);
        } catch (RosterException e) {
            response = Dispatch.error(ApiError.from(e));
        } catch (UncheckedIOException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "Connection failed while reading " + request.method() + " "
                    + request.rawPath(), e);
            response = Dispatch.error(ApiError.invalid("body", "The request body could not be read."));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, () -> "Failed to answer " + request.method() + " " + request.rawPath(), e);
            response = Dispatch.error(ApiError.internal());
        }
        return cors.apply(request, route, budget == null ? response : budget.apply(response));
    }

    /**
     * Authenticates the caller of an app's or a user's route and takes a token from its budget if
     * one is left; null for a public route.
     *
     * @throws ApiError 401 for bad credentials
     */
    private RateLimiter.Decision admit(HttpRequest request, Router.Match match) {
        Route route = match.route();
        String appId = match.params().get("appId");
        if (route.access() == Route.Access.APP) {
            authenticator.check(appId, request.header("Authorization"));
            return rateLimiter.take(appId, null, roster.app(appId).settings().rateLimits().trusted());
        }
        if (route.access() == Route.Access.USER) {
            String me = match.params().get("me");
            authenticator.checkUser(appId, me, request.header("Authorization"));
            recordActivity(appId, me);
            return rateLimiter.take(appId, me, roster.app(appId).settings().rateLimits().browser());
        }
        return null;
    }

    /**
     * Every verified browser request is activity (SPEC §10); Roster writes it at most once a minute
     * per user. A store failure here must not fail the request it comes with: it is logged, and the
     * next request tries again.
     */
    private void recordActivity(String appId, String userId) {
        try {
            roster.recordActivity(appId, userId);
        } catch (RosterException e) {
            LOG.log(System.Logger.Level.WARNING, () -> "Recording the activity of " + userId + " in app " + appId
                    + " failed", e);
        }
    }

    private Object answer(HttpRequest request, Router.Match match) {
        ApiVersion version = Dispatch.version(request.header(Dispatch.VERSION_HEADER));
        return match.route().endpoint().answer(Dispatch.call(request, match.params(), version, maxBodyBytes));
    }

    /** {@return the body size limit in bytes; larger bodies are answered with 413} */
    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    /** {@return how many server-sent-event streams are open now} */
    public int openStreams() {
        return streams.openCount();
    }

    /** Ends every open event stream (its users' presence with it) and stops the stream thread. */
    @Override
    public void close() {
        streams.close();
    }

    /**
     * The canonical form of a web origin for {@link Builder#allowOrigins}: scheme and host in lower
     * case, the default port left out.
     *
     * @param origin an origin, such as {@code https://Chat.Example.com:443}
     * @return the canonical form, such as {@code https://chat.example.com}
     * @throws IllegalArgumentException naming {@code origin} when it is not {@code http(s)://host[:port]}
     */
    public static String origin(String origin) {
        return Cors.origin(origin);
    }

    /** {@return every route as {@code "METHOD /template"}, for example {@code "GET /v1/{appId}/users"}} */
    public List<String> routes() {
        return router.routes().stream().map(r -> r.method() + " " + r.template()).toList();
    }

    /** A route added with {@link Builder#publicRoute}, checked. */
    private record PublicRoute(String method, String path, Map<String, Object> operation,
                               Function<HttpRequest, HttpResponse> endpoint) {
    }

    /** A route as {@link Builder#publicRoute} recorded it. */
    private record PublicRouteOption(String method, String path, String operation,
                                     Function<HttpRequest, HttpResponse> endpoint) {

        private static final Pattern METHOD = Pattern.compile("[A-Z]+");
        private static final Pattern LITERAL_PATH = Pattern.compile("/[^{}?#]*");

        PublicRoute check() {
            if (method == null || !METHOD.matcher(method).matches()) {
                throw new IllegalArgumentException("publicRoute method must be an HTTP method in upper case, got " + method);
            }
            if (path == null || !LITERAL_PATH.matcher(path).matches()) {
                throw new IllegalArgumentException("publicRoute path must be a literal path starting with /, got " + path);
            }
            if (endpoint == null) {
                throw new IllegalArgumentException("publicRoute endpoint is required for " + method + " " + path);
            }
            Map<String, Object> parsed;
            try {
                parsed = Json.parseObject(Objects.requireNonNull(operation, "operation").getBytes(StandardCharsets.UTF_8));
            } catch (ApiError | NullPointerException e) {
                throw new IllegalArgumentException("publicRoute operation must be a JSON object (an OpenAPI operation) for "
                        + method + " " + path + ": " + e.getMessage(), e);
            }
            parsed.put("security", List.of());
            return new PublicRoute(method, path, parsed, endpoint);
        }
    }

    /**
     * Configures a {@link RestApi}. Every option has a default; the setters only record, and
     * {@link #build()} checks every option at once.
     */
    public static final class Builder {
        private final Roster roster;
        private final List<PublicRouteOption> publicRoutes = new ArrayList<>();
        private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private Clock clock = Clock.systemUTC();
        private Duration heartbeat = DEFAULT_HEARTBEAT;
        private boolean requireUserTokenExpiry;
        private final List<String> origins = new ArrayList<>();

        private Builder(Roster roster) {
            this.roster = Objects.requireNonNull(roster, "roster");
        }

        /**
         * The largest request body accepted, at least 1024; default {@value #DEFAULT_MAX_BODY_BYTES} bytes.
         *
         * @param bytes the limit in bytes
         * @return this builder
         */
        public Builder maxBodyBytes(int bytes) {
            this.maxBodyBytes = bytes;
            return this;
        }

        /**
         * The clock that app tokens' {@code exp} is checked against; default the system clock.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * How often an open event stream sends a heartbeat comment and renews its user's presence;
         * default {@value #DEFAULT_HEARTBEAT_SECONDS} s. Keep it well under the presence window
         * (15 s by default) and the server's idle timeout (30 s on the standalone server).
         *
         * @param interval the time between heartbeats, positive
         * @return this builder
         */
        public Builder heartbeat(Duration interval) {
            this.heartbeat = Objects.requireNonNull(interval, "interval");
            return this;
        }

        /**
         * Whether user tokens must carry {@code exp}. Default false, because TalkJS's own examples
         * issue user tokens without one; an {@code exp} that is present is always enforced.
         *
         * @param required whether a user token without {@code exp} is refused
         * @return this builder
         */
        public Builder requireUserTokenExpiry(boolean required) {
            this.requireUserTokenExpiry = required;
            return this;
        }

        /**
         * Lets web pages of these origins ({@code https://chat.example.com}, scheme, host and port
         * only) call the browser API across origins: preflights are answered and responses carry
         * {@code Access-Control-Allow-Origin}. The trusted API never answers another origin. Default:
         * none, so only pages served by this server's own origin can call it from a browser.
         * Each must be {@code http(s)://host[:port]}, checked by {@link #build()}.
         *
         * @param origins the origins to allow, added to those given before
         * @return this builder
         */
        public Builder allowOrigins(Collection<String> origins) {
            this.origins.addAll(origins);
            return this;
        }

        /**
         * Adds a route that anyone may call without credentials, documented in {@code /openapi.json}
         * with {@code operation}: for what the process serving the API answers beside it, such as
         * the standalone server's {@code GET /metrics}. Errors, CORS and unknown methods are
         * handled as for {@code /openapi.json}; an exception {@code endpoint} throws is a logged 500.
         * Like every option it is checked by {@link #build()}.
         *
         * @param method    the HTTP method in upper case, such as {@code GET}
         * @param path      a literal path, such as {@code /metrics}: no {@code {parameter}}, no query
         * @param operation the route's OpenAPI 3 operation object as JSON ({@code summary},
         *                  {@code responses}, …); its {@code security} is set to none
         * @param endpoint  answers each request to the route
         * @return this builder
         */
        public Builder publicRoute(String method, String path, String operation,
                                   Function<HttpRequest, HttpResponse> endpoint) {
            publicRoutes.add(new PublicRouteOption(method, path, operation, endpoint));
            return this;
        }

        /**
         * The API.
         *
         * @return the API; close it to end its event streams
         * @throws IllegalArgumentException naming the option: {@code maxBodyBytes} under 1024, a
         *                                  {@code heartbeat} that is not positive, an origin of
         *                                  {@code allowOrigins} that is not {@code http(s)://host[:port]},
         *                                  or a {@link #publicRoute} whose method, path or operation
         *                                  is malformed, or whose method and path another route has
         */
        public RestApi build() {
            if (maxBodyBytes < 1024) {
                throw new IllegalArgumentException("maxBodyBytes must be at least 1024; got " + maxBodyBytes);
            }
            if (heartbeat.isNegative() || heartbeat.isZero()) {
                throw new IllegalArgumentException("heartbeat must be positive; got " + heartbeat);
            }
            List<PublicRoute> routes = publicRoutes.stream().map(PublicRouteOption::check).toList();
            return new RestApi(this, origins.stream().map(Cors::origin).collect(Collectors.toCollection(LinkedHashSet::new)),
                    routes);
        }
    }
}
