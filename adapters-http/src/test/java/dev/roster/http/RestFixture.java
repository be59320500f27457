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
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
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
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A real Jetty server on a loopback port serving the REST API, and a JDK {@link HttpClient} to
 * call it: the one HTTP fixture of these tests, a JUnit extension that starts and closes itself.
 * Held in a static {@code @RegisterExtension} field it serves the whole test class; in an instance
 * field, one test. Each test gets an app of its own ({@link #app()}). It closes the API, Jetty and
 * the Roster it serves. A test that needs a server for one block only starts one with
 * {@link #start()} in a try-with-resources statement.
 */
final class RestFixture implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback,
        AutoCloseable {

    /** The prefix of the API on a {@link #servlet()} server: a context path and a servlet path. */
    static final String SERVLET_PREFIX = "/shop/talkjs";

    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final boolean servlet;
    private Supplier<Roster> rosters = () -> Roster.builder().storageUrl("memory:").build();
    private UnaryOperator<RestApi.Builder> apiOptions = UnaryOperator.identity();
    private Roster roster;
    private RestApi api;
    private Server jetty;
    private String base;
    private App app;
    private boolean perTest;
    private int depth;

    private RestFixture(boolean servlet) {
        this.servlet = servlet;
    }

    /** A server with the core Jetty handler, over a fresh in-memory store unless told otherwise. */
    static RestFixture jetty() {
        return new RestFixture(false);
    }

    /**
     * A server with {@link RosterServlet} in a Jetty servlet container, mounted at
     * {@value #SERVLET_PREFIX}{@code /*} with async support (for event streams).
     */
    static RestFixture servlet() {
        return new RestFixture(true);
    }

    /** Serves a Roster over a fresh in-memory store built with these options. */
    RestFixture roster(UnaryOperator<Roster.Builder> options) {
        rosters = () -> options.apply(Roster.builder().storageUrl("memory:")).build();
        return this;
    }

    /** Serves this Roster, which the fixture closes. */
    RestFixture roster(Roster given) {
        rosters = () -> given;
        return this;
    }

    /** Builds the API with these options. */
    RestFixture api(UnaryOperator<RestApi.Builder> options) {
        apiOptions = options;
        return this;
    }

    /** Starts the server now, for a test that closes it itself. */
    RestFixture start() {
        try {
            roster = rosters.get();
            api = apiOptions.apply(RestApi.builder(roster)).build();
            HttpConfiguration config = new HttpConfiguration();
            config.setUriCompliance(RosterHandler.URI_COMPLIANCE);
            jetty = new Server();
            ServerConnector connector = new ServerConnector(jetty, new HttpConnectionFactory(config));
            connector.setHost("127.0.0.1");
            connector.setPort(0);
            jetty.addConnector(connector);
            jetty.setHandler(servlet ? servletContext(api) : new RosterHandler(api));
            jetty.setErrorHandler(new JsonErrorHandler());
            jetty.start();
            base = "http://127.0.0.1:" + connector.getLocalPort();
            return this;
        } catch (Exception e) {
            close();
            throw new IllegalStateException("the test server did not start", e);
        }
    }

    private static Handler servletContext(RestApi api) {
        ServletContextHandler context = new ServletContextHandler("/shop");
        // Ids may hold an encoded '/'; a servlet container must be told to let it through.
        context.getServletHandler().setDecodeAmbiguousURIs(true);
        ServletHolder holder = new ServletHolder(new RosterServlet(api));
        holder.setAsyncSupported(true);
        context.addServlet(holder, "/talkjs/*");
        return context;
    }

    /** Starts the server for the class; nested classes, which run this callback too, share it. */
    @Override
    public void beforeAll(ExtensionContext context) {
        if (depth++ == 0) {
            start();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (jetty == null) {
            perTest = true;
            start();
        }
        app = null;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (perTest) {
            close();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (--depth == 0) {
            close();
        }
    }

    /** The Roster the server serves. */
    Roster roster() {
        return roster;
    }

    /** The API the server serves. */
    RestApi api() {
        return api;
    }

    /** The server's address, {@code http://127.0.0.1:port}. */
    String base() {
        return base;
    }

    /** Where the API is served on the server: {@code ""} or {@value #SERVLET_PREFIX}. */
    String prefix() {
        return servlet ? SERVLET_PREFIX : "";
    }

    /** The URL of a path of the API, such as {@code /v1/app/users}. */
    String url(String path) {
        return base + prefix() + path;
    }

    /** The app of the running test, made on first use. */
    App app() {
        if (app == null) {
            app = newApp();
        }
        return app;
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
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)))
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

    /** Sends as the running test's app ({@link #app()}), with its secret key. */
    Reply call(String method, String path, String body, String... headers) {
        return call(app(), method, path, body, headers);
    }

    /** Sends as the app, with its secret key. */
    Reply call(App app, String method, String path, String body, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "Authorization";
        all[1] = "Bearer " + app.secretKey();
        System.arraycopy(headers, 0, all, 2, headers.length);
        return send(method, "/v1/" + app.id() + path, body, all);
    }

    /** Stops Jetty, then closes the API and the Roster; idempotent. */
    @Override
    public void close() {
        Server stopping = jetty;
        jetty = null;
        try {
            if (stopping != null) {
                stopping.stop();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            if (api != null) {
                api.close();
            }
            if (roster != null) {
                roster.close();
            }
            api = null;
            roster = null;
        }
    }
}
