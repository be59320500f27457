package dev.roster.http;

import dev.roster.core.api.Roster;
import dev.roster.core.domain.ApiVersion;
import dev.roster.core.domain.RosterException;
import dev.roster.http.internal.ApiError;
import dev.roster.http.internal.Authenticator;
import dev.roster.http.internal.ConversationEndpoints;
import dev.roster.http.internal.Dispatch;
import dev.roster.http.internal.Route;
import dev.roster.http.internal.Router;
import dev.roster.http.internal.UserEndpoints;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * The TalkJS-compatible trusted REST API over a {@link Roster}, written against the
 * transport-neutral {@link HttpRequest}/{@link HttpResponse} seam. Serve it with
 * {@link dev.roster.http.servlet.RosterServlet} in any servlet container or with
 * {@link dev.roster.http.server.RosterHandler} on Jetty. Thread-safe; holds no state of its own.
 *
 * <p>Every error answers one JSON shape, {@code {"errorCode": "<stable code>", "message": "…",
 * "errors": {"<field>": ["…"]}}} ({@code errors} only for invalid input), except an invalid
 * {@code PUT /users} batch, which answers TalkJS's {@code {"<userId>": {"<field or #>": ["…"]}}}.
 */
public final class RestApi {

    /** The default limit on a request body: 1 MiB. */
    public static final int DEFAULT_MAX_BODY_BYTES = 1 << 20;

    private static final Logger LOG = LoggerFactory.getLogger(RestApi.class);

    private final Router router;
    private final Authenticator authenticator;
    private final int maxBodyBytes;

    private RestApi(Builder builder) {
        this.maxBodyBytes = builder.maxBodyBytes;
        this.authenticator = new Authenticator(builder.roster, builder.clock);
        this.router = new Router();
        new UserEndpoints(builder.roster).register(router);
        new ConversationEndpoints(builder.roster).register(router);
        Dispatch.registerDocs(router);
    }

    /** The API over {@code roster} with the default options. */
    public static RestApi of(Roster roster) {
        return builder(roster).build();
    }

    /** A builder for the API over {@code roster}. */
    public static Builder builder(Roster roster) {
        return new Builder(roster);
    }

    /**
     * Answers one request. Never throws for anything a client sent: bad input is a 4xx response;
     * a failure of the store is a 503 or 500 response, and is logged.
     */
    public HttpResponse handle(HttpRequest request) {
        try {
            return Dispatch.ok(dispatch(request));
        } catch (ApiError e) {
            return Dispatch.error(e);
        } catch (RosterException e) {
            return Dispatch.error(ApiError.from(e));
        } catch (UncheckedIOException e) {
            LOG.debug("Connection failed while reading {} {}", request.method(), request.rawPath(), e);
            return Dispatch.error(ApiError.invalid("body", "The request body could not be read."));
        } catch (RuntimeException e) {
            LOG.error("Failed to answer {} {}", request.method(), request.rawPath(), e);
            return Dispatch.error(ApiError.internal());
        }
    }

    private Object dispatch(HttpRequest request) {
        Router.Match match = router.match(request.method(), request.rawPath());
        Route route = match.route();
        if (route.authenticated()) {
            authenticator.check(match.params().get("appId"), request.header("Authorization"));
        }
        ApiVersion version = Dispatch.version(request.header(Dispatch.VERSION_HEADER));
        return route.endpoint().answer(Dispatch.call(request, match.params(), version, maxBodyBytes));
    }

    /** The body size limit in bytes; larger bodies are answered with 413. */
    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    /** Every route as {@code "METHOD /template"}, for example {@code "GET /v1/{appId}/users"}. */
    public List<String> routes() {
        return router.routes().stream().map(r -> r.method() + " " + r.template()).toList();
    }

    /** Configures a {@link RestApi}. */
    public static final class Builder {
        private final Roster roster;
        private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private Clock clock = Clock.systemUTC();

        private Builder(Roster roster) {
            this.roster = Objects.requireNonNull(roster, "roster");
        }

        /** The largest request body accepted; default {@value #DEFAULT_MAX_BODY_BYTES} bytes. */
        public Builder maxBodyBytes(int bytes) {
            if (bytes < 1024) {
                throw new IllegalArgumentException("maxBodyBytes must be at least 1024");
            }
            this.maxBodyBytes = bytes;
            return this;
        }

        /** The clock that app tokens' {@code exp} is checked against; default the system clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The API. */
        public RestApi build() {
            return new RestApi(this);
        }
    }
}
