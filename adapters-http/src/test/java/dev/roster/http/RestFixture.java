package dev.roster.http;

import dev.roster.core.api.Roster;
import dev.roster.core.domain.App;
import dev.roster.core.domain.AppSettings;
import dev.roster.http.internal.Json;
import dev.roster.http.server.JsonErrorHandler;
import dev.roster.http.server.RosterHandler;
import dev.roster.http.servlet.RosterServlet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A real Jetty server on a loopback port serving the REST API over an in-memory Roster, and a JDK
 * {@link HttpClient} to call it. One per test class; each test makes its own app. Held in a
 * static {@code @RegisterExtension} field, it closes itself after the class's tests.
 */
final class RestFixture implements AutoCloseable, AfterAllCallback {

    final Roster roster;
    final Server jetty;
    final String base;
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private RestFixture(Roster roster, Server jetty, String base) {
        this.roster = roster;
        this.jetty = jetty;
        this.base = base;
    }

    /** A server with the core Jetty handler over a fresh in-memory store. */
    static RestFixture start() {
        return start(Roster.builder().storageUrl("memory:").build(), api -> new RosterHandler(api), RestApi::of);
    }

    /** A server with the core Jetty handler over this Roster, which the fixture closes. */
    static RestFixture start(Roster roster) {
        return start(roster, api -> new RosterHandler(api), RestApi::of);
    }

    /** The prefix of the API on a server from {@link #startServlet}: a context path and a servlet path. */
    static final String SERVLET_PREFIX = "/shop/talkjs";

    /**
     * A server with {@link RosterServlet} in a Jetty servlet container, mounted at
     * {@value #SERVLET_PREFIX}{@code /*} with async support (for event streams).
     */
    static RestFixture startServlet(Roster roster, Function<Roster, RestApi> api) {
        return start(roster, rest -> {
            ServletContextHandler context = new ServletContextHandler("/shop");
            // Ids may hold an encoded '/'; a servlet container must be told to let it through.
            context.getServletHandler().setDecodeAmbiguousURIs(true);
            ServletHolder holder = new ServletHolder(new RosterServlet(rest));
            holder.setAsyncSupported(true);
            context.addServlet(holder, "/talkjs/*");
            return context;
        }, api);
    }

    /** A server whose handler is made from the API by {@code handler}. */
    static RestFixture start(Roster roster, Function<RestApi, Handler> handler, Function<Roster, RestApi> api) {
        try {
            HttpConfiguration config = new HttpConfiguration();
            config.setUriCompliance(RosterHandler.URI_COMPLIANCE);
            Server jetty = new Server();
            ServerConnector connector = new ServerConnector(jetty, new HttpConnectionFactory(config));
            connector.setHost("127.0.0.1");
            connector.setPort(0);
            jetty.addConnector(connector);
            jetty.setHandler(handler.apply(api.apply(roster)));
            jetty.setErrorHandler(new JsonErrorHandler());
            jetty.start();
            return new RestFixture(roster, jetty, "http://127.0.0.1:" + connector.getLocalPort());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new app with a random id and a 72-character secret key. */
    App newApp() {
        String secret = "sk_test_" + UUID.randomUUID().toString().replace("-", "") + UUID.randomUUID().toString().replace("-", "");
        return roster.saveApp(new App(newId("app"), secret, AppSettings.defaults()));
    }

    static String newId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 13);
    }

    static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** {@code reply}, after asserting it is a 200 (the body is the failure message). */
    static Reply ok(Reply reply) {
        assertEquals(200, reply.status(), reply.text());
        return reply;
    }

    /** The {@code data} array of a list response. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> data(Reply reply) {
        return (List<Map<String, Object>>) reply.get("data");
    }

    /** A response with its body parsed as JSON (null for an empty body). */
    record Reply(int status, Object json, String text, HttpResponse<String> raw) {
        @SuppressWarnings("unchecked")
        Map<String, Object> object() {
            return (Map<String, Object>) json;
        }

        Object get(String key) {
            return object().get(key);
        }

        String errorCode() {
            return (String) object().get("errorCode");
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> errors() {
            return (Map<String, Object>) object().get("errors");
        }
    }

    /** Sends a request; {@code body} is JSON text or null, {@code headers} are name/value pairs. */
    Reply send(String method, String path, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request.build());
    }

    Reply send(HttpRequest request) {
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            String text = response.body();
            boolean isJson = response.headers().firstValue("Content-Type").orElse("").startsWith("application/json");
            Object json = text.isEmpty() || !isJson ? null : Json.read(text);
            return new Reply(response.statusCode(), json, text, response);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes {@code head} (request line and headers, no body) on a new connection and returns all
     * the server sends until it closes the connection; fails if it is still open after 20 s.
     */
    String exchange(String head) {
        try (Socket socket = new Socket("127.0.0.1", URI.create(base).getPort())) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends as the app, with its secret key. */
    Reply call(App app, String method, String path, String body, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "Authorization";
        all[1] = "Bearer " + app.secretKey();
        System.arraycopy(headers, 0, all, 2, headers.length);
        return send(method, "/v1/" + app.id() + path, body, all);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        try {
            jetty.stop();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            roster.close();
        }
    }
}
