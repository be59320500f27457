package dev.roster.bench;

import com.sun.management.UnixOperatingSystemMXBean;
import dev.roster.core.api.Roster;
import dev.roster.core.domain.UserPatch;
import dev.roster.http.RestApi;
import dev.roster.http.server.RosterHandler;
import dev.roster.jdbc.JdbcStorage;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Row 6 as the issue words it: 10k server-sent-event streams of one user open on one server
 * process, on 127.0.0.1. The server (RestApi + RosterHandler on Jetty, PostgreSQL store) runs in
 * this JVM, so its heap can be read here; the 10k clients run in a child JVM ({@link SseClients}).
 * Measures the time from the start of a trusted {@code PUT /v1/{app}/users/{id}} to the moment the
 * last stream has received the new snapshot, against the same PUT with no stream open; and the
 * heap the server holds per idle stream, against a bare Jetty handler holding 10k open responses.
 */
final class SseBench {

    static final int STREAMS = 10_000;
    /** Long enough that no heartbeat (and no presence renewal) falls inside the measurement. */
    static final Duration HEARTBEAT = Duration.ofMinutes(30);
    private static final long IDLE_TIMEOUT_MILLIS = TimeUnit.MINUTES.toMillis(30);
    private static final String WATCHED = SubscriptionBench.WATCHED;

    private SseBench() {
    }

    static List<Row> run(Settings settings, Report report) throws Exception {
        List<Row> rows = new ArrayList<>();
        long limit = fileDescriptorLimit();
        if (limit < STREAMS + 1_000) {
            report.fact("row6.sse.skipped", "file-descriptor limit " + limit + " is under " + (STREAMS + 1_000)
                    + "; raise it (ulimit -n) and run again");
            return rows;
        }
        long bareBytes = bareStreamBytes();
        try (BenchDatabase database = BenchDatabase.create("postgresql")) {
            JdbcStorage storage = JdbcStorage.open(database.url());
            try (Roster roster = Roster.builder().storage(storage).build()) {
                BenchUsers.seed(roster, 0);
                roster.upsertUser(BenchUsers.APP, WATCHED, UserPatch.builder().name("start").build());
                RestApi api = RestApi.builder(roster).heartbeat(HEARTBEAT).build();
                Server jetty = server(new RosterHandler(api));
                try {
                    int port = ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
                    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                    int writes = settings.scaled(20);
                    for (int w = 0; w < 20; w++) {
                        put(http, port, "warm-up " + w);
                    }
                    double[] plain = new double[writes];
                    for (int w = 0; w < writes; w++) {
                        long start = System.nanoTime();
                        put(http, port, "plain " + w);
                        plain[w] = (System.nanoTime() - start) / 1e6;
                    }
                    put(http, port, "start");
                    long before = SubscriptionBench.usedHeap();
                    double[] lastEvent = new double[writes];
                    double[] seenHere = new double[writes];
                    long perStream;
                    try (Clients clients = Clients.start(port, BenchUsers.APP, BenchUsers.SECRET, STREAMS)) {
                        long opening = System.nanoTime();
                        clients.awaitDone("start");
                        report.fact("row6.sse.open10kSeconds", ListingBench.round((System.nanoTime() - opening) / 1e9));
                        if (api.openStreams() != STREAMS) {
                            throw new IllegalStateException(api.openStreams() + " streams open on the server, expected " + STREAMS);
                        }
                        perStream = (SubscriptionBench.usedHeap() - before) / STREAMS;
                        for (int w = 0; w < writes; w++) {
                            String name = "sse " + w;
                            long start = System.nanoTime();
                            put(http, port, name);
                            long last = clients.awaitDone(name);
                            seenHere[w] = (System.nanoTime() - start) / 1e6;
                            if (last < start) {
                                throw new IllegalStateException("The clients' clock is not this JVM's (System.nanoTime)");
                            }
                            lastEvent[w] = (last - start) / 1e6;
                        }
                    }
                    report.fact("row6.sse.medianSeenByHarnessMs", ListingBench.round(median(seenHere)));
                    rows.add(Row.info(6, "PUT user → last of 10k SSE streams' events (one server, PostgreSQL)",
                            "the same PUT with no stream open", median(lastEvent), median(plain), "ms (median)",
                            String.format(Locale.ROOT, "%d writes each; trusted PUT /v1/{app}/users/{id} and 10k "
                                    + "GET …/client/viewer-i/users/{id}/events on 127.0.0.1 (JDK HttpClient, HTTP/1.1, "
                                    + "child JVM); heartbeat %d min so none falls in the run", writes, HEARTBEAT.toMinutes())));
                    rows.add(Row.info(6, "server heap per idle SSE stream (10k, one user)",
                            "bare Jetty handler holding an open event-stream response", perStream, bareBytes, "bytes",
                            "used heap of the server's JVM after full GC, before and after the 10k streams opened"));
                    return rows;
                } finally {
                    api.close();
                    jetty.stop();
                }
            } finally {
                storage.close();
            }
        }
    }

    /** Heap per open stream of a bare Jetty handler: headers and one event sent, response held open. */
    private static long bareStreamBytes() throws Exception {
        Set<Callback> open = ConcurrentHashMap.newKeySet();
        ByteBuffer event = ByteBuffer.wrap("data: {\"name\":\"start\"}\n\n".getBytes(StandardCharsets.UTF_8));
        Server jetty = server(new Handler.Abstract.NonBlocking() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                response.setStatus(200);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream");
                open.add(callback);
                response.write(false, event.slice(), Callback.NOOP);
                return true;
            }
        });
        try {
            int port = ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
            long before = SubscriptionBench.usedHeap();
            try (Clients clients = Clients.start(port, BenchUsers.APP, BenchUsers.SECRET, STREAMS)) {
                clients.awaitDone("start");
                return (SubscriptionBench.usedHeap() - before) / STREAMS;
            }
        } finally {
            jetty.stop();
        }
    }

    private static Server server(Handler handler) throws Exception {
        Server jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        connector.setIdleTimeout(IDLE_TIMEOUT_MILLIS);
        connector.setAcceptQueueSize(1024);
        jetty.addConnector(connector);
        jetty.setHandler(handler);
        jetty.start();
        return jetty;
    }

    private static void put(HttpClient http, int port, String name) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/" + BenchUsers.APP
                        + "/users/" + WATCHED))
                .header("Authorization", "Bearer " + BenchUsers.SECRET).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\"}")).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("PUT user answered " + response.statusCode() + ": " + response.body());
        }
    }

    private static double median(double[] samples) {
        double[] sorted = samples.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static long fileDescriptorLimit() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix) {
            return unix.getMaxFileDescriptorCount();
        }
        return Long.MAX_VALUE;
    }

    /**
     * The child JVM holding the client side of the streams, and the lines it prints.
     *
     * @param process the child JVM
     * @param lines   its output lines, read by a daemon thread
     */
    private record Clients(Process process, BlockingQueue<String> lines) implements AutoCloseable {

        static Clients start(int port, String app, String secret, int count) throws IOException {
            Path log = Files.createTempFile("roster-bench-sse-clients", ".log");
            List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx2g", "-cp", HttpBench.ownJar(), SseClients.class.getName(), Integer.toString(port), app,
                    secret, WATCHED, Integer.toString(count));
            Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    lines.add("error reading the clients' output: " + e);
                }
                lines.add("error clients exited; log in " + log);
            }, "sse-clients-output");
            reader.setDaemon(true);
            reader.start();
            return new Clients(process, lines);
        }

        /** Waits (2 minutes at most) until every stream has seen a snapshot named {@code name}; its last arrival's nanoTime. */
        long awaitDone(String name) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (true) {
                String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null) {
                    throw new IllegalStateException("Not every stream received \"" + name + "\" within 2 minutes");
                }
                if (line.startsWith("error")) {
                    throw new IllegalStateException("SSE clients: " + line);
                }
                String prefix = "done " + name + " ";
                if (line.startsWith(prefix)) {
                    return Long.parseLong(line.substring(prefix.length()));
                }
            }
        }

        @Override
        public void close() throws IOException, InterruptedException {
            process.getOutputStream().close();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
