package dev.roster.http.source;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads one app of a TalkJS-compatible REST API (TalkJS itself, or another Roster) with the list
 * routes only, a page of {@value #PAGE} at a time: {@code GET /v1/{app}/users},
 * {@code GET /v1/{app}/conversations} and {@code GET /v1/{app}/conversations/{id}/messages}
 * (newest first), each with {@code limit} and {@code startingAfter} and
 * {@code Authorization: Bearer <secret>}. Items come back as the JSON objects the source sent,
 * decoded into maps, lists, strings, numbers, booleans and nulls, so a caller reads the fields it
 * knows and no field is lost on the way.
 *
 * <p>Every request has a timeout. A 429 waits for the answer's {@code Retry-After} (seconds; the
 * backoff when it has none) and is tried again, up to {@value #MAX_RATE_LIMITED} times in a row;
 * a network error, a timeout or a 5xx is tried again after a backoff that doubles from
 * {@link Builder#backoff the first delay} up to its cap, up to {@link Builder#attempts the
 * attempts}. Then, and at once for any other answer than 200, the read fails with an
 * {@link IllegalStateException} naming the route and the last answer. One instance may be shared
 * by threads.
 *
 * <pre>{@code
 * TalkJsSource source = TalkJsSource.builder(URI.create("https://api.talkjs.com"), "tXyZ", secret).build();
 * for (List<Map<String, Object>> page = source.users(null); ; page = source.users(lastId(page))) { … }
 * }</pre>
 */
public final class TalkJsSource {

    /** Items asked for per request: the largest page the API serves. */
    public static final int PAGE = 100;
    /** How many 429 answers in a row a request accepts before it fails. */
    public static final int MAX_RATE_LIMITED = 100;

    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    private final String baseUrl;
    private final String appId;
    private final String secret;
    private final Duration timeout;
    private final int attempts;
    private final Duration firstBackoff;
    private final Duration maxBackoff;
    private final Sleeper sleeper;
    private final HttpClient client;
    private final ObjectMapper json = new ObjectMapper();

    /** Waits between attempts; replaced in tests so that a {@code Retry-After} costs no real time. */
    @FunctionalInterface
    public interface Sleeper {
        /**
         * Waits.
         *
         * @param delay how long
         * @throws InterruptedException if the thread is interrupted while waiting
         */
        void sleep(Duration delay) throws InterruptedException;
    }

    private TalkJsSource(Builder builder) {
        this.baseUrl = builder.baseUrl.toString().replaceAll("/+$", "");
        this.appId = builder.appId;
        this.secret = builder.secret;
        this.timeout = builder.timeout;
        this.attempts = builder.attempts;
        this.firstBackoff = builder.firstBackoff;
        this.maxBackoff = builder.maxBackoff;
        this.sleeper = builder.sleeper;
        this.client = HttpClient.newBuilder().connectTimeout(builder.timeout)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /**
     * A builder for the source at {@code baseUrl}: the part before {@code /v1/…}, a path prefix
     * included (a Roster mounted under {@code /talkjs}).
     *
     * @param baseUrl the API's base URL, e.g. {@code https://api.talkjs.com}
     * @param appId   the app to read
     * @param secret  the app's secret key, sent as the bearer token
     * @return a builder with a 30 s timeout, 8 attempts and a backoff from 500 ms up to 30 s
     */
    public static Builder builder(URI baseUrl, String appId, String secret) {
        return new Builder(baseUrl, appId, secret);
    }

    /** {@return the app this source reads} */
    public String appId() {
        return appId;
    }

    /**
     * A page of users, in the source's order.
     *
     * @param startingAfter the id of the last user of the previous page, or null for the first page
     * @return up to {@value #PAGE} users; fewer means the last page
     * @throws IllegalStateException when the source fails or refuses (see the class comment)
     */
    public List<Map<String, Object>> users(String startingAfter) {
        return page("/users", startingAfter);
    }

    /**
     * A page of the users a Roster source leaves out of {@link #users}: the deactivated ones (SPEC
     * §10), asked for with {@code filter={"deactivated": true}}. A source that refuses the
     * filter with 400, as TalkJS does, has no deactivated users: the page is empty.
     *
     * @param startingAfter the id of the last user of the previous page, or null for the first page
     * @return up to {@value #PAGE} deactivated users; fewer means the last page
     * @throws IllegalStateException when the source fails or refuses otherwise
     */
    public List<Map<String, Object>> deactivatedUsers(String startingAfter) {
        try {
            return page("/users", startingAfter, "&filter=" + encode("{\"deactivated\":true}"));
        } catch (Refused e) {
            if (e.status == 400) {
                return List.of();
            }
            throw e;
        }
    }

    /**
     * A page of conversations, each with its {@code participants}.
     *
     * @param startingAfter the id of the last conversation of the previous page, or null
     * @return up to {@value #PAGE} conversations; fewer means the last page
     * @throws IllegalStateException when the source fails or refuses
     */
    public List<Map<String, Object>> conversations(String startingAfter) {
        return page("/conversations", startingAfter);
    }

    /**
     * A page of a conversation's messages, newest first.
     *
     * @param conversationId the conversation
     * @param startingAfter  the id of the last message of the previous page, or null
     * @return up to {@value #PAGE} messages; fewer means the last page
     * @throws IllegalStateException when the source fails or refuses
     */
    public List<Map<String, Object>> messages(String conversationId, String startingAfter) {
        return page("/conversations/" + encode(conversationId) + "/messages", startingAfter);
    }

    private List<Map<String, Object>> page(String route, String startingAfter) {
        return page(route, startingAfter, "");
    }

    private List<Map<String, Object>> page(String route, String startingAfter, String query) {
        String path = "/v1/" + encode(appId) + route + "?limit=" + PAGE
                + (startingAfter == null ? "" : "&startingAfter=" + encode(startingAfter)) + query;
        String body = get(path);
        Object data;
        try {
            data = json.readValue(body, OBJECT).get("data");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("GET " + baseUrl + path + " answered no {\"data\": [objects]}: "
                    + e.getOriginalMessage(), e);
        }
        if (!(data instanceof List<?> items) || items.stream().anyMatch(item -> !(item instanceof Map))) {
            throw new IllegalStateException("GET " + baseUrl + path + " answered no {\"data\": [objects]}");
        }
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> objects = (List<Map<String, Object>>) data;
        return objects;
    }

    private String get(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(timeout)
                .header("Authorization", "Bearer " + secret).header("Accept", "application/json").GET().build();
        int failures = 0;
        int rateLimited = 0;
        while (true) {
            String problem;
            Duration wait;
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status == 200) {
                    return response.body();
                }
                problem = "answered " + status + " " + abbreviated(response.body());
                if (status == 429) {
                    if (++rateLimited > MAX_RATE_LIMITED) {
                        throw failed(path, "was rate limited " + MAX_RATE_LIMITED + " times in a row; " + problem);
                    }
                    wait = retryAfter(response).orElse(backoff(rateLimited));
                    sleep(path, wait);
                    continue;
                }
                if (status < 500) {
                    throw new Refused(status, "GET " + baseUrl + path + " " + problem);
                }
            } catch (IOException e) {
                problem = "failed: " + e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failed(path, "was interrupted");
            }
            rateLimited = 0;
            if (++failures >= attempts) {
                throw failed(path, problem + " (attempt " + failures + " of " + attempts + ")");
            }
            sleep(path, backoff(failures));
        }
    }

    private void sleep(String path, Duration delay) {
        try {
            sleeper.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed(path, "was interrupted");
        }
    }

    /** The delay before retry {@code n} (1 for the first): the first backoff doubled n - 1 times, capped. */
    private Duration backoff(int n) {
        Duration delay = firstBackoff;
        for (int i = 1; i < n && delay.compareTo(maxBackoff) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(maxBackoff) > 0 ? maxBackoff : delay;
    }

    private static Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(value -> {
            try {
                return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim()))));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    private IllegalStateException failed(String path, String problem) {
        return new IllegalStateException("GET " + URI.create(baseUrl + path) + " " + problem);
    }

    /** An answer other than 200 that no retry changes. */
    private static final class Refused extends IllegalStateException {
        private static final long serialVersionUID = 1L;
        private final int status;

        Refused(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private static String abbreviated(String body) {
        String line = body == null ? "" : body.replaceAll("\\s+", " ").strip();
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Options of a {@link TalkJsSource}; {@link #build()} checks them. */
    public static final class Builder {
        private final URI baseUrl;
        private final String appId;
        private final String secret;
        private Duration timeout = Duration.ofSeconds(30);
        private int attempts = 8;
        private Duration firstBackoff = Duration.ofMillis(500);
        private Duration maxBackoff = Duration.ofSeconds(30);
        private Sleeper sleeper = delay -> Thread.sleep(delay.toMillis());

        private Builder(URI baseUrl, String appId, String secret) {
            this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
            this.appId = Objects.requireNonNull(appId, "appId");
            this.secret = Objects.requireNonNull(secret, "secret");
        }

        /**
         * The timeout of connecting and of each request.
         *
         * @param timeout positive
         * @return this builder
         */
        public Builder timeout(Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * How often a request is tried when the network fails, it times out or the source answers 5xx.
         *
         * @param attempts 1 or more
         * @return this builder
         */
        public Builder attempts(int attempts) {
            this.attempts = attempts;
            return this;
        }

        /**
         * The delay before the first retry, doubled for each further one up to {@code max}.
         *
         * @param first the first delay, not negative
         * @param max   the cap, at least {@code first}
         * @return this builder
         */
        public Builder backoff(Duration first, Duration max) {
            this.firstBackoff = Objects.requireNonNull(first, "first");
            this.maxBackoff = Objects.requireNonNull(max, "max");
            return this;
        }

        /**
         * How to wait between attempts (default {@link Thread#sleep(long)}).
         *
         * @param sleeper the waiting
         * @return this builder
         */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /**
         * Checks the options.
         *
         * @return the source
         * @throws IllegalArgumentException for a base URL that is not absolute http(s), an empty app
         *                                  id or secret, a timeout that is not positive, fewer than
         *                                  one attempt or a backoff out of order
         */
        public TalkJsSource build() {
            String scheme = baseUrl.getScheme();
            if (!"http".equals(scheme) && !"https".equals(scheme) || baseUrl.getHost() == null) {
                throw new IllegalArgumentException("source URL: expected http(s)://host[:port], got " + baseUrl);
            }
            if (appId.isEmpty() || secret.isEmpty()) {
                throw new IllegalArgumentException(appId.isEmpty() ? "source app: empty" : "source secret: empty");
            }
            if (timeout.isNegative() || timeout.isZero() || attempts < 1 || firstBackoff.isNegative()
                    || maxBackoff.compareTo(firstBackoff) < 0) {
                throw new IllegalArgumentException("timeout must be positive, attempts at least 1, and the backoff"
                        + " from a non-negative first delay up to a cap no smaller");
            }
            return new TalkJsSource(this);
        }
    }
}
