package dev.roster.bench;

import com.sun.net.httpserver.HttpServer;
import dev.roster.core.api.Roster;
import dev.roster.core.domain.App;
import dev.roster.core.domain.AppSettings;
import dev.roster.core.domain.FeedCursor;
import dev.roster.core.domain.FeedPage;
import dev.roster.core.domain.UserPatch;
import dev.roster.core.domain.WebhookSettings;
import dev.roster.core.spi.Storage;
import dev.roster.core.spi.StorageProvider;
import dev.roster.core.spi.UserStore;
import dev.roster.core.spi.UserWrite;
import dev.roster.http.JdkWebhookTransport;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Row 11 (issue 17): the change feed and webhooks against the write rate that feeds them, on
 * PostgreSQL. Writes are {@code upsertUsers} of 100 new users (row 2's fastest kind of write), one
 * {@code user.created} event each. Measured in one run:
 * <ul>
 *   <li>the feed read from the start by pages of 1000, events per second, against the write rate;
 *       target ≥ 1 (the feed keeps up);</li>
 *   <li>webhooks: every event posted to a local HTTP receiver (JDK {@code HttpServer}), from the
 *       first write to the last delivery, against the write rate; target ≥ 0.5 (within 2×). The
 *       note gives how long the writes took and how long after the last one the last delivery came:
 *       deliveries cannot outrun the writes that make them, so a slow write phase bounds the rate;</li>
 *   <li>the write path's cost: the write rate with a webhook dispatching, and with the feed's events
 *       stripped from the change-log entries (a store wrapper), against the plain write rate;
 *       target ≥ 0.9 (≤ 10 % added).</li>
 * </ul>
 * First the same writes go to an app of their own for {@value #WARM_UP_MILLIS} ms, uncounted, so
 * that neither the JIT nor the store's first statistics (the PostgreSQL store analyzes its tables
 * once they have grown, on a server where nothing else does) fall into the first measured round.
 * Then the plain and stripped write rates alternate, three rounds each; then the same writes with a
 * webhook registered and dispatching, three rounds; the median of each counts.
 */
final class EventsBench {

    private static final int BATCH = 100;
    private static final int ROUNDS = 3;
    private static final long WARM_UP_MILLIS = 5_000;

    private EventsBench() {
    }

    static List<Row> run(Settings settings) throws Exception {
        int batches = settings.careful() ? 200 : 40;
        int events = batches * BATCH;
        List<Double> plain = new ArrayList<>();
        List<Double> stripped = new ArrayList<>();
        List<Double> dispatching = new ArrayList<>();
        double feedRate;
        double webhookRate;
        double writeSeconds;
        double drainSeconds;
        AtomicLong received = new AtomicLong();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        receiver.createContext("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            received.incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        ExecutorService receiverThreads = Executors.newFixedThreadPool(4);
        receiver.setExecutor(receiverThreads);
        receiver.start();
        try (BenchDatabase db = BenchDatabase.create("postgresql");
             Storage storage = StorageProvider.openUrl(db.url())) {
            try (Roster roster = Roster.builder().storage(storage).build();
                 Roster strippedRoster = Roster.builder().storage(withoutFeedEvents(storage)).build()) {
                String plainApp = app(roster, "events-plain");
                String strippedApp = app(roster, "events-stripped");
                warmUp(roster, app(roster, "events-warm-up"), batches);
                for (int round = 0; round < ROUNDS; round++) {
                    plain.add(writeRate(roster, plainApp, batches, round));
                    stripped.add(writeRate(strippedRoster, strippedApp, batches, round));
                }
                long start = System.nanoTime();
                long read = readFeed(roster, plainApp);
                feedRate = read / ((System.nanoTime() - start) / 1e9);
                if (read != (long) ROUNDS * events) {
                    throw new IllegalStateException("the feed held " + read + " events, expected " + ROUNDS * events);
                }
            }
            try (Roster sender = Roster.builder().storage(storage)
                    .webhookTransport(new JdkWebhookTransport(Set.of("127.0.0.1"))).build()) {
                String hookApp = app(sender, "events-hooked");
                sender.webhooks().put(hookApp, "bench", new WebhookSettings("http://127.0.0.1:"
                        + receiver.getAddress().getPort() + "/hook", List.of("*"), null, null));
                long firstHookedWrite = System.nanoTime();
                for (int round = 0; round < ROUNDS; round++) {
                    dispatching.add(writeRate(sender, hookApp, batches, round));
                }
                long lastHookedWrite = System.nanoTime();
                long deadline = System.nanoTime() + 600_000_000_000L;
                while (received.get() < (long) ROUNDS * events && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                if (received.get() < (long) ROUNDS * events) {
                    throw new IllegalStateException("the receiver got " + received.get() + " of " + ROUNDS * events);
                }
                long lastDelivery = System.nanoTime();
                webhookRate = received.get() / ((lastDelivery - firstHookedWrite) / 1e9);
                writeSeconds = (lastHookedWrite - firstHookedWrite) / 1e9;
                drainSeconds = (lastDelivery - lastHookedWrite) / 1e9;
            }
        } finally {
            receiver.stop(0);
            receiverThreads.shutdownNow();
        }
        double writeRate = median(plain);
        String runs = String.format(Locale.ROOT, "%d rounds of %d batches of %d new users; write rates (users/s) "
                + "plain %s and stripped %s alternating, then with a webhook dispatching %s", ROUNDS, batches, BATCH,
                rates(plain), rates(stripped), rates(dispatching));
        return List.of(
                Row.atLeast(11, "change feed read by pages of 1000, PostgreSQL", "the write rate that made the events "
                        + "(upsertUsers of 100)", feedRate, writeRate, "events/s", 1.0, runs),
                Row.atLeast(11, "webhook deliveries to a local HTTP receiver, first write to last delivery, PostgreSQL",
                        "the write rate that made the events", webhookRate, writeRate, "events/s", 0.5,
                        String.format(Locale.ROOT, "while the writes went on (%.1f s), and after: the last delivery "
                                + "%.1f s after the last write", writeSeconds, drainSeconds)),
                Row.atLeast(11, "write rate with a webhook dispatching", "the same writes without webhooks",
                        median(dispatching), writeRate, "users/s", 0.9, "median of " + ROUNDS),
                Row.atLeast(11, "write rate with the feed's events (as stored)", "the same writes with the events "
                        + "stripped from the change-log entries", writeRate, median(stripped), "users/s", 0.9,
                        "median of " + ROUNDS + "; the events are encoded in both"));
    }

    private static String app(Roster roster, String id) {
        roster.saveApp(new App(id, "sk_test_" + id, AppSettings.defaults()));
        return id;
    }

    /** Writes rounds of {@code batches} into {@code appId} until {@link #WARM_UP_MILLIS} have passed. */
    private static void warmUp(Roster roster, String appId, int batches) {
        long end = System.nanoTime() + WARM_UP_MILLIS * 1_000_000L;
        for (int round = 0; System.nanoTime() < end; round++) {
            writeRate(roster, appId, batches, round);
        }
    }

    private static double writeRate(Roster roster, String appId, int batches, int round) {
        long start = System.nanoTime();
        for (int b = 0; b < batches; b++) {
            Map<String, UserPatch> patches = new LinkedHashMap<>();
            for (int i = 0; i < BATCH; i++) {
                patches.put("r" + round + "-b" + b + "-u" + i, UserPatch.builder().name("User " + i)
                        .custom("tier", "gold").build());
            }
            roster.upsertUsers(appId, patches);
        }
        return batches * BATCH / ((System.nanoTime() - start) / 1e9);
    }

    private static long readFeed(Roster roster, String appId) {
        FeedCursor cursor = FeedCursor.START;
        long read = 0;
        while (true) {
            FeedPage page = roster.changes().read(appId, cursor, 1000);
            read += page.events().size();
            if (page.next().equals(cursor)) {
                return read;
            }
            cursor = page.next();
        }
    }

    /** The store with every user write's feed events dropped: the baseline of the feed's write cost. */
    private static Storage withoutFeedEvents(Storage storage) {
        UserStore users = storage.users();
        UserStore stripped = (UserStore) Proxy.newProxyInstance(UserStore.class.getClassLoader(),
                new Class<?>[] {UserStore.class}, (proxy, method, args) -> {
                    Object[] given = args;
                    if (method.getName().equals("write")) {
                        @SuppressWarnings("unchecked")
                        List<UserWrite> writes = (List<UserWrite>) args[1];
                        given = new Object[] {args[0], writes.stream()
                                .map(w -> new UserWrite(w.user(), w.expectedVersion())).toList()};
                    }
                    try {
                        return method.invoke(users, given);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        return (Storage) Proxy.newProxyInstance(Storage.class.getClassLoader(), new Class<?>[] {Storage.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("users")) {
                        return stripped;
                    }
                    if (method.getName().equals("close")) {
                        return null;
                    }
                    try {
                        return method.invoke(storage, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted[sorted.length / 2];
    }

    private static String rates(List<Double> values) {
        return Arrays.toString(values.stream().mapToLong(Math::round).toArray());
    }
}
