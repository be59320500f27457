package dev.roster.http;

import dev.roster.core.domain.FeedEvent;
import dev.roster.core.spi.WebhookReply;
import dev.roster.core.spi.WebhookTransport;
import dev.roster.http.internal.ChangeEndpoints;
import dev.roster.http.internal.Json;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Webhooks over the JDK's {@link HttpClient}: each event's body is its JSON exactly as
 * {@code GET /v1/{appId}/changes} shows it, POSTed over HTTP/1.1 with
 * {@code Content-Type: application/json}, without following redirects, and within the timeout
 * Roster gives. A post never completes exceptionally: a timeout, a refused connection or a refused
 * address is a {@link WebhookReply#failed failed} reply, which Roster retries.
 *
 * <p>It guards against server-side request forgery: a webhook may not point at this machine or its
 * networks. A URL whose host resolves to a loopback, any-local, link-local (so also the cloud
 * metadata address {@code 169.254.169.254}), site-local (private), IPv6 unique-local
 * ({@code fc00::/7}), multicast, {@code 0.0.0.0/8} or shared (CGNAT, {@code 100.64.0.0/10})
 * address is refused at registration ({@link #refusal}) and again before each post, since the name
 * may resolve elsewhere by then; the HTTP client resolves the name once more to connect, so a name
 * whose records change within that instant is the guard's one gap. Hosts the operator lists as
 * allowed (exact names or address literals, compared case-insensitively) skip the guard: the
 * standalone server's {@code --webhook-allow-host}, the starter's {@code roster.webhooks.allowed-hosts}.
 *
 * <p>Thread-safe. Names are resolved and replies handled on a pool of daemon threads of its own,
 * never on the caller's thread; an allowed host or an address literal is checked on the caller's
 * thread, since that needs no lookup.
 */
public final class JdkWebhookTransport implements WebhookTransport {

    /**
     * A dotted-quad IPv4 literal, or a host with a colon: a URL's host has one only as an IPv6
     * literal (in brackets, which {@link #host} strips).
     */
    private static final Pattern ADDRESS_LITERAL = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)|.*:.*");

    private final Set<String> allowedHosts;
    private final ExecutorService executor;
    private final HttpClient client;

    /** A transport that allows no private or local host. */
    public JdkWebhookTransport() {
        this(Set.of());
    }

    /**
     * A transport that allows these hosts whatever they resolve to.
     *
     * @param allowedHosts host names or address literals (IPv6 with or without brackets), compared
     *                     case-insensitively with the URL's host
     * @throws IllegalArgumentException naming a blank host
     */
    public JdkWebhookTransport(Collection<String> allowedHosts) {
        this.allowedHosts = allowedHosts.stream().map(JdkWebhookTransport::checkedHost)
                .collect(Collectors.toUnmodifiableSet());
        this.executor = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "roster-webhook-transport");
            thread.setDaemon(true);
            return thread;
        });
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor)
                .build();
    }

    /** {@return the hosts allowed whatever they resolve to, in lower case without IPv6 brackets} */
    public Set<String> allowedHosts() {
        return allowedHosts;
    }

    @Override
    public String encode(FeedEvent event) {
        return new String(Json.write(ChangeEndpoints.json(event)), StandardCharsets.UTF_8);
    }

    /**
     * Why events may not be sent to {@code url}: its host does not resolve, or resolves to an
     * address of this machine or a private network and is not an allowed host. Resolves the name,
     * so it may block.
     *
     * @param url the webhook's URL
     * @return the problem, or empty when it may be used
     */
    @Override
    public Optional<String> refusal(URI url) {
        String host = host(url);
        if (host == null) {
            return Optional.of("must name a host");
        }
        if (allowedHosts.contains(host)) {
            return Optional.empty();
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            return Optional.of("names the host \"" + host + "\", which does not resolve");
        }
        for (InetAddress address : addresses) {
            Optional<String> kind = AddressGuard.forbidden(address);
            if (kind.isPresent()) {
                return Optional.of("resolves to " + address.getHostAddress() + ", " + kind.get()
                        + "; webhooks go to public addresses only, unless the operator allows the host \""
                        + host + "\"");
            }
        }
        return Optional.empty();
    }

    @Override
    public CompletableFuture<WebhookReply> post(URI url, Map<String, String> headers, String body, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        CompletableFuture<Optional<String>> checked = resolves(url)
                ? CompletableFuture.supplyAsync(() -> refusal(url), executor)
                : CompletableFuture.completedFuture(refusal(url));
        return checked
                .thenCompose(refused -> refused.isPresent()
                        ? CompletableFuture.completedFuture(WebhookReply.failed("refused: the URL " + refused.get()))
                        : send(url, headers, body, timeout))
                .exceptionally(e -> WebhookReply.failed(describe(e, timeout)));
    }

    /**
     * Whether checking {@code url} looks a name up, so must not run on the caller's thread: not for
     * an allowed host nor an address literal, which the guard checks at once.
     */
    private boolean resolves(URI url) {
        String host = host(url);
        return host != null && !allowedHosts.contains(host) && !ADDRESS_LITERAL.matcher(host).matches();
    }

    private CompletableFuture<WebhookReply> send(URI url, Map<String, String> headers, String body, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(request::header);
        request.header("Content-Type", "application/json");
        CompletableFuture<HttpResponse<Void>> exchange = client.sendAsync(request.build(),
                HttpResponse.BodyHandlers.discarding());
        CompletableFuture<WebhookReply> reply = exchange
                .handle((response, e) -> response != null ? WebhookReply.status(response.statusCode())
                        : WebhookReply.failed(describe(e, timeout)))
                .completeOnTimeout(WebhookReply.failed(timedOut(timeout)), timeout.toMillis(), TimeUnit.MILLISECONDS);
        reply.whenComplete((done, e) -> exchange.cancel(true));
        return reply;
    }

    private static String describe(Throwable e, Duration timeout) {
        Throwable cause = e;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof HttpConnectTimeoutException) {
            return "connecting timed out after " + timeout.toMillis() + " ms";
        }
        if (cause instanceof HttpTimeoutException) {
            return timedOut(timeout);
        }
        if (cause instanceof ConnectException) {
            return "the connection was refused" + detail(cause);
        }
        if (cause instanceof IOException) {
            return "the exchange failed: " + cause.getClass().getSimpleName() + detail(cause);
        }
        return "the request could not be sent: " + cause;
    }

    private static String timedOut(Duration timeout) {
        return "no answer within " + timeout.toMillis() + " ms";
    }

    private static String detail(Throwable e) {
        return e.getMessage() == null || e.getMessage().isEmpty() ? "" : " (" + e.getMessage() + ")";
    }

    /** The URL's host in lower case without IPv6 brackets, or null. */
    private static String host(URI url) {
        String host = url.getHost();
        return host == null || host.isEmpty() ? null : normalized(host);
    }

    private static String checkedHost(String host) {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("An allowed webhook host must not be blank; got \"" + host + "\"");
        }
        return normalized(host.trim());
    }

    private static String normalized(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return bare.toLowerCase(Locale.ROOT);
    }

    /** The kinds of address a webhook may not reach. */
    static final class AddressGuard {

        private AddressGuard() {
        }

        /**
         * What kind of forbidden address this is, if it is one.
         *
         * @param address the address
         * @return its kind, such as {@code "a loopback address"}, or empty for a public address
         */
        static Optional<String> forbidden(InetAddress address) {
            if (address.isLoopbackAddress()) {
                return Optional.of("a loopback address");
            }
            if (address.isAnyLocalAddress()) {
                return Optional.of("the any-local address");
            }
            if (address.isLinkLocalAddress()) {
                return Optional.of("a link-local address");
            }
            if (address.isSiteLocalAddress()) {
                return Optional.of("a private (site-local) address");
            }
            if (address.isMulticastAddress()) {
                return Optional.of("a multicast address");
            }
            byte[] bytes = address.getAddress();
            if (address instanceof Inet4Address) {
                if (bytes[0] == 0) {
                    return Optional.of("an address of \"this network\" (0.0.0.0/8)");
                }
                if (bytes[0] == 100 && (bytes[1] & 0xc0) == 64) {
                    return Optional.of("a shared (CGNAT) address");
                }
                if ((bytes[0] & 0xff) >= 240) {
                    return Optional.of("a reserved or broadcast address");
                }
            }
            if (address instanceof Inet6Address v6) {
                if ((bytes[0] & 0xfe) == 0xfc) {
                    return Optional.of("a unique-local IPv6 address");
                }
                if (v6.isIPv4CompatibleAddress()) {
                    return Optional.of("an IPv4-compatible IPv6 address");
                }
            }
            return Optional.empty();
        }
    }
}
