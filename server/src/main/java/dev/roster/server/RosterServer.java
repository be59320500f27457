package dev.roster.server;

import dev.roster.core.api.Roster;
import dev.roster.core.domain.App;
import dev.roster.core.domain.AppSettings;
import dev.roster.core.spi.Storage;
import dev.roster.core.spi.StorageProvider;
import dev.roster.http.JdkWebhookTransport;
import dev.roster.http.RestApi;
import dev.roster.http.server.JsonErrorHandler;
import dev.roster.http.server.RosterHandler;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * The standalone server: the REST API on embedded Jetty over a store opened by URL, with
 * {@code GET /health}, {@code GET /metrics} (Prometheus text format) and a home page at
 * {@code GET /}, all public and documented in {@code /openapi.json}. Run it as
 * {@code java -jar roster-server.jar [serve] [--port 8080] [--store URL] [--apps-file FILE]…}, with
 * apps also from {@value #APPS_VARIABLE}; it stops cleanly on SIGTERM. {@code copy} and {@code import} are the other
 * commands: see {@link dev.roster.server.copy.StoreCopy} and {@link dev.roster.server.copy.TalkJsImport}. Also usable from code: {@link #start(Options)} and {@link #close()}.
 */
public final class RosterServer implements AutoCloseable {

    /** The store used without {@code --store}: an H2 file under {@code ./roster-data}. */
    public static final String DEFAULT_STORE = "jdbc:h2:file:./roster-data/roster";

    private static final long STOP_TIMEOUT_MS = 10_000;
    private static final String ALPHANUMERIC = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    /** The environment variable that lists apps to provision, {@code ID:SECRET} separated by commas or spaces. */
    public static final String APPS_VARIABLE = "ROSTER_APPS";
    /**
     * The environment variable that lists hosts webhooks may reach even when they resolve to a
     * loopback or private address, separated by commas or spaces.
     */
    public static final String WEBHOOK_HOSTS_VARIABLE = "ROSTER_WEBHOOK_ALLOW_HOSTS";

    private static final Duration DEFAULT_WEBHOOK_TIMEOUT = Duration.ofSeconds(10);

    private static final String USAGE = "Usage: java -jar roster-server.jar [serve] [--port N] [--store URL] [--apps-file FILE] "
            + "[--app ID:SECRET]... [--allow-origin ORIGIN]... [--webhook-allow-host HOST]... [--webhook-timeout SECONDS] [--metrics on|off]\n"
            + "       java -jar roster-server.jar copy --help   (copy a store into another)\n"
            + "       java -jar roster-server.jar import --help (import an app from a TalkJS-compatible REST API)\n"
            + "  --port N          the port to listen on (default 8080; 0 picks a free one)\n"
            + "  --store URL       jdbc:h2:…, jdbc:postgresql:…, jdbc:mariadb:…, mongodb://…, memory:\n"
            + "                    (default " + DEFAULT_STORE + ")\n"
            + "  --apps-file FILE  create or update the apps listed in FILE, one ID:SECRET per line\n"
            + "                    (blank lines and lines starting with # are skipped)\n"
            + "  --app ID:SECRET   the same for one app (repeatable); for development only: the secret\n"
            + "                    shows in the process list. " + APPS_VARIABLE + "=\"ID:SECRET ...\" in the\n"
            + "                    environment or --apps-file keep it out of sight\n"
            + "  --allow-origin ORIGIN  let web pages of this origin (https://host[:port]) call the browser API\n"
            + "                    (repeatable; the trusted API never answers other origins)\n"
            + "  --webhook-allow-host HOST  let webhooks post to this host (a name or an address, exact,\n"
            + "                    any case) though it resolves to a loopback, private or link-local\n"
            + "                    address, which are refused otherwise (repeatable; also " + WEBHOOK_HOSTS_VARIABLE + "\n"
            + "                    in the environment, separated by commas or spaces)\n"
            + "  --webhook-timeout SECONDS  the most one webhook post may take (default 10); a send is\n"
            + "                    claimed for three times as long, the most a crash delays its retry\n"
            + "  --metrics on|off  whether GET /metrics serves the meters, without credentials (default on)\n"
            + "  --help            print this text";

    private final Storage storage;
    private final Roster roster;
    private final ServerMetrics metrics;
    private final RestApi api;
    private final Server jetty;
    private final int port;
    private final Logger log;

    private RosterServer(Storage storage, Roster roster, ServerMetrics metrics, RestApi api, Server jetty, int port,
                         Logger log) {
        this.storage = storage;
        this.roster = roster;
        this.metrics = metrics;
        this.api = api;
        this.jetty = jetty;
        this.port = port;
        this.log = log;
    }

    /**
     * The command-line options.
     *
     * @param port    the port; 0 picks a free one
     * @param store   the store URL
     * @param apps    apps to create or update, as {@code ID:SECRET}
     * @param origins      origins whose web pages may call the browser API
     * @param metrics      whether {@code GET /metrics} serves the meters
     * @param webhookHosts hosts webhooks may reach whatever address they resolve to
     * @param webhookTimeout the most time one webhook post may take
     */
    public record Options(int port, String store, List<String> apps, List<String> origins, boolean metrics,
                          List<String> webhookHosts, Duration webhookTimeout) {

        /**
         * Copies the lists.
         *
         * @param port    the port; 0 picks a free one
         * @param store   the store URL, not null
         * @param apps    apps to create or update, as {@code ID:SECRET}
         * @param origins      origins whose web pages may call the browser API
         * @param metrics      whether {@code GET /metrics} serves the meters
         * @param webhookHosts hosts webhooks may reach whatever address they resolve to
         * @param webhookTimeout the most time one webhook post may take, positive
         */
        public Options {
            Objects.requireNonNull(webhookTimeout, "webhookTimeout");
            Objects.requireNonNull(store, "store");
            apps = List.copyOf(apps);
            origins = List.copyOf(origins);
            webhookHosts = List.copyOf(webhookHosts);
        }

        /**
         * Parses the command line, without apps from the environment.
         *
         * @param args the command-line arguments
         * @return the options
         * @throws IllegalArgumentException with a message for the user when an option is wrong
         */
        public static Options parse(String... args) {
            return parse(Map.of(), args);
        }

        /**
         * Parses the command line; apps come from {@value #APPS_VARIABLE} in {@code environment},
         * then {@code --apps-file}, then {@code --app}, a later one for the same id winning; allowed
         * webhook hosts from {@value #WEBHOOK_HOSTS_VARIABLE} and every {@code --webhook-allow-host}.
         *
         * @param environment the process environment
         * @param args        the command-line arguments
         * @return the options
         * @throws IllegalArgumentException with a message for the user when an option is wrong
         */
        public static Options parse(Map<String, String> environment, String... args) {
            int port = 8080;
            String store = DEFAULT_STORE;
            List<String> apps = new ArrayList<>();
            String fromEnvironment = environment.getOrDefault(APPS_VARIABLE, "");
            for (String app : fromEnvironment.trim().split("[,\\s]+")) {
                if (!app.isEmpty()) {
                    apps.add(app(app, APPS_VARIABLE));
                }
            }
            List<String> fromFiles = new ArrayList<>();
            List<String> fromFlags = new ArrayList<>();
            List<String> origins = new ArrayList<>();
            List<String> webhookHosts = new ArrayList<>();
            for (String host : environment.getOrDefault(WEBHOOK_HOSTS_VARIABLE, "").trim().split("[,\\s]+")) {
                if (!host.isEmpty()) {
                    webhookHosts.add(webhookHost(host, WEBHOOK_HOSTS_VARIABLE));
                }
            }
            boolean metrics = true;
            Duration webhookTimeout = DEFAULT_WEBHOOK_TIMEOUT;
            for (int i = 0; i < args.length; i++) {
                String option = args[i];
                if (!List.of("--port", "--store", "--app", "--apps-file", "--allow-origin", "--webhook-allow-host",
                        "--webhook-timeout", "--metrics").contains(option)) {
                    throw new IllegalArgumentException("Unknown option " + option);
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(option + " needs a value");
                }
                String value = args[++i];
                switch (option) {
                    case "--port" -> port = parsePort(value);
                    case "--store" -> store = value;
                    case "--allow-origin" -> origins.add(RestApi.origin(value));
                    case "--webhook-allow-host" -> webhookHosts.add(webhookHost(value, option));
                    case "--apps-file" -> fromFiles.addAll(appsFile(value));
                    case "--metrics" -> metrics = onOrOff(option, value);
                    case "--webhook-timeout" -> webhookTimeout = seconds(option, value);
                    default -> fromFlags.add(app(value, "--app"));
                }
            }
            apps.addAll(fromFiles);
            apps.addAll(fromFlags);
            return new Options(port, store, apps, origins, metrics, webhookHosts, webhookTimeout);
        }

        /** A host as an allowed webhook host: a name or an address, without scheme, port or path. */
        private static String webhookHost(String value, String source) {
            boolean hostAndPort = value.chars().filter(c -> c == ':').count() == 1;
            if (value.isBlank() || value.contains("/") || hostAndPort) {
                throw new IllegalArgumentException(source + " needs a host name or address, without scheme, port or"
                        + " path; got " + value);
            }
            return value;
        }

        private static Duration seconds(String option, String value) {
            if (!value.matches("[1-9][0-9]{0,5}")) {
                throw new IllegalArgumentException(option + " needs a whole number of seconds from 1 to 999999, got "
                        + value);
            }
            return Duration.ofSeconds(Long.parseLong(value));
        }

        private static boolean onOrOff(String option, String value) {
            if (!value.equals("on") && !value.equals("off")) {
                throw new IllegalArgumentException(option + " needs on or off, got " + value);
            }
            return value.equals("on");
        }

        private static String app(String value, String source) {
            int colon = value.indexOf(':');
            if (colon <= 0 || colon == value.length() - 1) {
                throw new IllegalArgumentException(source + " needs ID:SECRET, got " + redacted(value));
            }
            return value;
        }

        private static List<String> appsFile(String file) {
            List<String> lines;
            try {
                lines = Files.readAllLines(Path.of(file), StandardCharsets.UTF_8);
            } catch (IOException | InvalidPathException e) {
                throw new IllegalArgumentException("--apps-file cannot read " + file + ": " + e.getMessage());
            }
            List<String> apps = new ArrayList<>();
            for (int n = 0; n < lines.size(); n++) {
                String line = lines.get(n).strip();
                if (!line.isEmpty() && !line.startsWith("#")) {
                    apps.add(app(line, file + " line " + (n + 1)));
                }
            }
            return apps;
        }

        /** An app option as it may be shown: the secret hidden. */
        private static String redacted(String value) {
            int colon = value.indexOf(':');
            return colon < 0 ? "a value without ':'" : value.substring(0, colon + 1) + "***";
        }

        private static int parsePort(String value) {
            try {
                int port = Integer.parseInt(value);
                if (port >= 0 && port <= 65535) {
                    return port;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException("--port needs a number from 0 to 65535, got " + value);
        }
    }

    /**
     * Runs the server until SIGTERM; exits with 2 for bad options and 1 when it cannot start.
     *
     * @param args the command-line arguments; {@code --help} prints the usage
     * @throws InterruptedException when interrupted while waiting for the server to stop
     */
    public static void main(String[] args) throws InterruptedException {
        configureLogging();
        if (args.length > 0 && args[0].equals("copy")) {
            System.exit(CopyCommand.run(List.of(args).subList(1, args.length), System.out, System.err,
                    System.console() != null));
            return;
        }
        if (args.length > 0 && args[0].equals("import")) {
            System.exit(ImportCommand.run(List.of(args).subList(1, args.length), System.getenv(), builder -> builder,
                    System.out, System.err, System.console() != null));
            return;
        }
        if (args.length > 0 && args[0].equals("serve")) {
            args = List.of(args).subList(1, args.length).toArray(String[]::new);
        }
        Options options;
        if (List.of(args).contains("--help")) {
            System.out.println(USAGE);
            return;
        }
        try {
            options = Options.parse(System.getenv(), args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        RosterServer server;
        try {
            server = start(options, System.out);
        } catch (RuntimeException e) {
            System.err.println("Roster could not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "roster-shutdown"));
        server.jetty.join();
    }

    /**
     * Starts a server with these options; messages for the operator go to standard output.
     *
     * @param options the options
     * @return the running server; close it to stop
     * @throws RuntimeException when the store cannot be opened or the server cannot listen; what
     *                          was opened is closed again
     */
    public static RosterServer start(Options options) {
        return start(options, System.out);
    }

    private static RosterServer start(Options options, PrintStream out) {
        Logger log = LoggerFactory.getLogger(RosterServer.class);
        Storage storage = StorageProvider.openUrl(options.store());
        ServerMetrics metrics = null;
        Roster roster = null;
        try {
            metrics = options.metrics() ? new ServerMetrics() : null;
            roster = Roster.builder().storage(metrics == null ? storage : metrics.timed(storage))
                    .webhookTransport(new JdkWebhookTransport(options.webhookHosts()))
                    .webhookTimeout(options.webhookTimeout()).build();
            provision(roster, options.apps(), out);
            HttpConfiguration config = new HttpConfiguration();
            config.setSendServerVersion(false);
            config.setUriCompliance(RosterHandler.URI_COMPLIANCE);
            Server jetty = new Server();
            ServerConnector connector = new ServerConnector(jetty, new HttpConnectionFactory(config));
            connector.setPort(options.port());
            jetty.addConnector(connector);
            HomePage home = new HomePage(version(), options.store(), metrics != null);
            RestApi.Builder builder = RestApi.builder(roster).allowOrigins(options.origins())
                    .publicRoute("GET", HomePage.PATH, HomePage.OPERATION, home::answer);
            if (metrics != null) {
                builder.publicRoute("GET", ServerMetrics.PATH, ServerMetrics.OPERATION, metrics::scrape);
            }
            RestApi api = builder.build();
            if (metrics != null) {
                metrics.bind(roster, api::openStreams);
            }
            // Requests running at a stop finish (up to the stop timeout) before the store closes.
            jetty.setHandler(new GracefulHandler(new RosterHandler(api)));
            jetty.setStopTimeout(STOP_TIMEOUT_MS);
            jetty.setErrorHandler(new JsonErrorHandler());
            jetty.start();
            int port = connector.getLocalPort();
            log.info("Roster listening on http://localhost:{}/", port);
            return new RosterServer(storage, roster, metrics, api, jetty, port, log);
        } catch (Exception e) {
            release(roster, storage, metrics);
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static void provision(Roster roster, List<String> apps, PrintStream out) {
        for (String app : apps) {
            int colon = app.indexOf(':');
            String id = app.substring(0, colon);
            String secret = app.substring(colon + 1);
            AppSettings settings = roster.findApp(id).map(App::settings).orElse(AppSettings.defaults());
            roster.saveApp(new App(id, secret, settings));
        }
        if (apps.isEmpty() && roster.allApps().isEmpty()) {
            App created = roster.saveApp(new App("app_" + random(12), newSecretKey(), AppSettings.defaults()));
            out.println("Created app " + created.id() + " with secret key " + created.secretKey()
                    + " (shown only now; keep it).");
        }
    }

    /** Closes the Roster (when built), then its store, then the meters (when on). */
    private static void release(Roster roster, Storage storage, ServerMetrics metrics) {
        if (roster != null) {
            roster.close();
        }
        storage.close();
        if (metrics != null) {
            metrics.close();
        }
    }

    /** The server's version, from the jar's {@code version.properties}. */
    static String version() {
        Properties properties = new Properties();
        try (InputStream in = RosterServer.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                throw new IllegalStateException("version.properties is missing from the class path");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("version");
    }

    /** {@return a new random secret key, {@code sk_live_} and 32 letters and digits} */
    static String newSecretKey() {
        return "sk_live_" + random(32);
    }

    private static String random(int length) {
        SecureRandom random = new SecureRandom();
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(ALPHANUMERIC.charAt(random.nextInt(ALPHANUMERIC.length())));
        }
        return text.toString();
    }

    private static void configureLogging() {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
                System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
        System.setProperty("org.slf4j.simpleLogger.log.dev.roster",
                System.getProperty("org.slf4j.simpleLogger.log.dev.roster", "info"));
    }

    /** {@return the port the server listens on} */
    public int port() {
        return port;
    }

    /**
     * Stops in the order that loses nothing: stops accepting connections, ends open event streams
     * and their presence sessions (other processes see those users offline at once), lets running
     * requests finish, and only then closes the store; idempotent.
     */
    @Override
    public synchronized void close() {
        if (jetty.isStopped()) {
            return;
        }
        for (Connector connector : jetty.getConnectors()) {
            if (connector instanceof NetworkConnector network) {
                network.close();
            }
        }
        api.close();
        try {
            jetty.stop();
        } catch (Exception e) {
            log.warn("Jetty did not stop cleanly", e);
        } finally {
            release(roster, storage, metrics);
            log.info("Roster stopped");
        }
    }
}
