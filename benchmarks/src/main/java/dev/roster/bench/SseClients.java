package dev.roster.bench;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The subscribers of row 6 over SSE, in a JVM of their own (so that the server's JVM holds only
 * the server's side of each stream, and each process stays under its file-descriptor limit):
 * opens {@code COUNT} streams {@code GET /v1/{app}/client/viewer-i/users/{watched}/events} on
 * 127.0.0.1 with the JDK HTTP client (HTTP/1.1, one connection per stream), each signed in as its
 * own viewer with a user JWT. When every stream has received an event whose snapshot has a given
 * name, prints {@code done NAME NANOTIME} (the {@link System#nanoTime()} of the last arrival).
 * Ends when its standard input closes, or after 15 minutes at the latest. Run:
 * {@code java -cp benchmarks.jar dev.roster.bench.SseClients PORT APP SECRET WATCHED COUNT}.
 */
public final class SseClients {

    private static final Pattern NAME = Pattern.compile("\"name\":\"([^\"]*)\"");
    private static final int OPENING_AT_ONCE = 256;

    private final int count;
    private final Map<String, AtomicInteger> arrivals = new ConcurrentHashMap<>();
    private final AtomicInteger failures = new AtomicInteger();

    private SseClients(int count) {
        this.count = count;
    }

    /**
     * Opens the streams and reports arrivals until standard input closes.
     *
     * @param args port, app id, the app's secret key, the watched user's id, the number of streams
     * @throws Exception if the streams cannot be opened
     */
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String app = args[1];
        String secret = args[2];
        String watched = args[3];
        int count = Integer.parseInt(args[4]);
        Thread deadline = new Thread(() -> {
            try {
                Thread.sleep(TimeUnit.MINUTES.toMillis(15));
            } catch (InterruptedException e) {
                return;
            }
            System.exit(2);
        });
        deadline.setDaemon(true);
        deadline.start();
        new SseClients(count).open(port, app, secret, watched);
        while (System.in.read() >= 0) {
            // Only the end of the input matters: it tells this process to stop.
        }
        System.exit(0);
    }

    private void open(int port, String app, String secret, String watched) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(30)).build();
        // A bounded number of connections are being set up at once, so the server's accept queue
        // never overflows; a permit comes back when its stream's first event arrives.
        Semaphore opening = new Semaphore(OPENING_AT_ONCE);
        for (int i = 0; i < count; i++) {
            if (!opening.tryAcquire(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("Streams not opening: " + i + " of " + count + " requested");
            }
            String viewer = "viewer-" + i;
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/" + app
                            + "/client/" + viewer + "/users/" + watched + "/events"))
                    .header("Authorization", "Bearer " + userToken(app, secret, viewer)).GET().build();
            Stream stream = new Stream(opening);
            client.sendAsync(request, info -> info.statusCode() == 200
                    ? HttpResponse.BodySubscribers.fromLineSubscriber(stream)
                    : HttpResponse.BodySubscribers.replacing(null)).whenComplete((response, failure) -> {
                        if (failure != null || response.statusCode() != 200) {
                            fail(failure != null ? failure.toString() : "status " + response.statusCode());
                            stream.firstEvent();
                        }
                    });
        }
    }

    private void arrived(String name) {
        long now = System.nanoTime();
        if (arrivals.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet() == count) {
            synchronized (System.out) {
                System.out.println("done " + name + " " + now);
                System.out.flush();
            }
        }
    }

    private void fail(String why) {
        if (failures.incrementAndGet() <= 5) {
            synchronized (System.out) {
                System.out.println("error " + why);
                System.out.flush();
            }
        }
    }

    /** One stream: reads its lines, reports each snapshot's name. */
    private final class Stream implements Flow.Subscriber<String> {
        private final Semaphore opening;
        private final AtomicBoolean opened = new AtomicBoolean();

        Stream(Semaphore opening) {
            this.opening = opening;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            if (!line.startsWith("data: ")) {
                return;
            }
            Matcher name = NAME.matcher(line);
            if (name.find()) {
                arrived(name.group(1));
            }
            firstEvent();
        }

        void firstEvent() {
            if (opened.compareAndSet(false, true)) {
                opening.release();
            }
        }

        @Override
        public void onError(Throwable failure) {
            fail("stream failed: " + failure);
        }

        @Override
        public void onComplete() {
            fail("stream ended by the server");
        }
    }

    /** A user token as the browser API expects it: HS256 JWT, {@code tokenType: user}, iss = app, sub = user. */
    static String userToken(String app, String secret, String user) {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String head = base64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = base64.encodeToString(("{\"tokenType\":\"user\",\"iss\":\"" + app + "\",\"sub\":\"" + user + "\"}")
                .getBytes(StandardCharsets.UTF_8));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] signature = mac.doFinal((head + "." + claims).getBytes(StandardCharsets.US_ASCII));
            return head + "." + claims + "." + base64.encodeToString(signature);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }
}
