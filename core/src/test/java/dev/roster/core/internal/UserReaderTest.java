package dev.roster.core.internal;

import dev.roster.core.domain.User;
import dev.roster.core.domain.UserLifecycle;
import dev.roster.core.domain.UserQuery;
import dev.roster.core.domain.UserPatch;
import dev.roster.core.internal.memory.MemoryStorage;
import dev.roster.core.spi.UserPage;
import dev.roster.core.spi.UserStore;
import dev.roster.core.spi.UserWrite;
import dev.roster.core.spi.Versioned;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UserReaderTest {

    /** The memory store whose first load waits, after reading, until the test lets it return. */
    private static final class HeldFirstLoad implements UserStore {
        final UserStore store = new MemoryStorage().users();
        final CountDownLatch firstLoadRead = new CountDownLatch(1);
        final CountDownLatch releaseFirstLoad = new CountDownLatch(1);
        private boolean first = true;

        @Override
        public Map<String, Versioned<User>> load(String appId, Collection<String> userIds) {
            Map<String, Versioned<User>> loaded = store.load(appId, userIds);
            boolean hold;
            synchronized (this) {
                hold = first;
                first = false;
            }
            if (hold) {
                firstLoadRead.countDown();
                await(releaseFirstLoad);
            }
            return loaded;
        }

        @Override
        public boolean write(String appId, List<UserWrite> writes) {
            return store.write(appId, writes);
        }

        @Override
        public List<User> list(String appId, String startingAfter, int limit) {
            return store.list(appId, startingAfter, limit);
        }

        @Override
        public long count(String appId) {
            return store.count(appId);
        }

        @Override
        public UserPage query(String appId, UserQuery query) {
            return store.query(appId, query);
        }

        @Override
        public boolean recordActivity(String appId, String userId, long at, long staleBefore) {
            return store.recordActivity(appId, userId, at, staleBefore);
        }

        @Override
        public Map<String, UserLifecycle> lifecycles(String appId, Collection<String> userIds) {
            return store.lifecycles(appId, userIds);
        }
    }

    @Test
    void aRefreshNeverSharesALoadThatReadBeforeTheChange() throws Exception {
        HeldFirstLoad store = new HeldFirstLoad();
        User v1 = User.create("u", UserPatch.builder().name("v1").build(), 0);
        store.write("app", List.of(new UserWrite(v1, 0)));
        ExecutorService executor = Executors.newFixedThreadPool(2);
        try {
            UserReader reader = new UserReader(store, executor, 100, Duration.ofMinutes(1), true, 100, 4);
            // A lone get reads on its caller's thread: held, so issued from another one.
            CompletableFuture<CachedUser> stale = CompletableFuture.supplyAsync(() -> reader.get("app", "u"), executor)
                    .thenCompose(get -> get);
            assertTrue(store.firstLoadRead.await(10, TimeUnit.SECONDS));
            store.write("app", List.of(new UserWrite(v1.apply(UserPatch.builder().name("v2").build()), 1)));

            // Answered while the first load is still held: a refresh sharing that load would time out here.
            CompletableFuture<CachedUser> refreshed = reader.refresh("app", "u");
            assertEquals("v2", refreshed.get(10, TimeUnit.SECONDS).snapshot().name());
            store.releaseFirstLoad.countDown();

            assertEquals("v2", stale.get(10, TimeUnit.SECONDS).snapshot().name(), "the newer version is what is known");
            assertEquals("v2", reader.get("app", "u").get(10, TimeUnit.SECONDS).snapshot().name(),
                    "the held load's older read did not replace the newer one");
        } finally {
            executor.shutdownNow();
        }
    }

    /** The memory store, counting its loads and noting the thread of the last one. */
    private static final class CountingLoads implements UserStore {
        final UserStore store = new MemoryStorage().users();
        final AtomicInteger loads = new AtomicInteger();
        volatile Thread lastLoader;
        /** When set, each load counts it down and waits for zero: loads that must all be in the store at once. */
        volatile CountDownLatch overlapping;

        @Override
        public Map<String, Versioned<User>> load(String appId, Collection<String> userIds) {
            loads.incrementAndGet();
            lastLoader = Thread.currentThread();
            CountDownLatch together = overlapping;
            if (together != null) {
                together.countDown();
                await(together);
            }
            return store.load(appId, userIds);
        }

        @Override
        public boolean write(String appId, List<UserWrite> writes) {
            return store.write(appId, writes);
        }

        @Override
        public List<User> list(String appId, String startingAfter, int limit) {
            return store.list(appId, startingAfter, limit);
        }

        @Override
        public long count(String appId) {
            return store.count(appId);
        }

        @Override
        public UserPage query(String appId, UserQuery query) {
            return store.query(appId, query);
        }

        @Override
        public boolean recordActivity(String appId, String userId, long at, long staleBefore) {
            return store.recordActivity(appId, userId, at, staleBefore);
        }

        @Override
        public Map<String, UserLifecycle> lifecycles(String appId, Collection<String> userIds) {
            return store.lifecycles(appId, userIds);
        }

        List<String> seed(int users) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < users; i++) {
                String id = "u" + i;
                ids.add(id);
                store.write("app", List.of(new UserWrite(User.create(id, UserPatch.builder().name(id).build(), 0), 0)));
            }
            return ids;
        }
    }

    @Test
    void aBurstIssuedSlowlyByOneThreadGathersIntoFewReads() {
        CountingLoads store = new CountingLoads();
        List<String> ids = store.seed(100);
        ThreadPoolExecutor executor = (ThreadPoolExecutor) Executors.newFixedThreadPool(4);
        executor.prestartAllCoreThreads();
        try (UserReader reader = new UserReader(store, executor, 0, Duration.ofMinutes(1), true, 100, 2)) {
            List<CompletableFuture<CachedUser>> gets = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                gets.add(reader.get("app", ids.get(i % 100)));
                // A caller slower than a read of the instant store, as on a loaded machine.
                long until = System.nanoTime() + TimeUnit.MICROSECONDS.toNanos(20);
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
            }
            for (int i = 0; i < 300; i++) {
                assertEquals(ids.get(i % 100), gets.get(i).join().snapshot().name());
            }
            assertTrue(store.loads.get() <= 10, "300 gets of 100 users took " + store.loads.get() + " store reads");
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void aLoneBlockingGetReadsOnTheCallersThread() {
        CountingLoads store = new CountingLoads();
        store.seed(1);
        ExecutorService executor = Executors.newFixedThreadPool(2);
        try (UserReader reader = new UserReader(store, executor, 0, Duration.ofMinutes(1), true, 100, 2)) {
            for (int i = 0; i < 3; i++) {
                assertEquals("u0", reader.get("app", "u0").thenApply(user -> user.snapshot().name()).join());
                assertEquals(Thread.currentThread(), store.lastLoader, "no hand-off to another thread");
            }
            assertEquals(3, store.loads.get());
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void aLoneGetOfAQuietAppIsReadOnTheCallersThreadBeforeItReturns() throws Exception {
        CountingLoads store = new CountingLoads();
        store.seed(1);
        ExecutorService executor = Executors.newFixedThreadPool(2);
        try (UserReader reader = new UserReader(store, executor, 0, Duration.ofMinutes(1), true, 100, 2)) {
            CompletableFuture<CachedUser> get = reader.get("app", "u0");
            assertTrue(get.isDone(), "answered before get() returned");
            assertEquals(Thread.currentThread(), store.lastLoader, "no hand-off to another thread");
            assertEquals("u0", get.join().snapshot().name());
            assertEquals(1, store.loads.get());
        } finally {
            executor.shutdownNow();
        }
    }

    /** A store with users a and b whose first load waits to be released. */
    private static HeldFirstLoad heldStoreOfAAndB() {
        HeldFirstLoad store = new HeldFirstLoad();
        store.write("app", List.of(new UserWrite(User.create("a", UserPatch.builder().name("a").build(), 0), 0),
                new UserWrite(User.create("b", UserPatch.builder().name("b").build(), 0), 0)));
        return store;
    }

    @Test
    void aGetWhileALoadIsInFlightWaitsInTheBatchForTheExecutor() throws Exception {
        HeldFirstLoad store = heldStoreOfAAndB();
        ExecutorService executor = Executors.newFixedThreadPool(2);
        try (UserReader reader = new UserReader(store, executor, 0, Duration.ofMinutes(1), true, 100, 4)) {
            CompletableFuture<CachedUser> held = CompletableFuture.supplyAsync(() -> reader.get("app", "a"), executor)
                    .thenCompose(get -> get);
            assertTrue(store.firstLoadRead.await(10, TimeUnit.SECONDS));

            CompletableFuture<CachedUser> queued = reader.get("app", "b");
            CountDownLatch answered = new CountDownLatch(1);
            queued.thenAccept(user -> answered.countDown());
            assertTrue(answered.await(10, TimeUnit.SECONDS), "read by the executor while the first load is held");
            store.releaseFirstLoad.countDown();
            assertEquals("a", held.get(10, TimeUnit.SECONDS).snapshot().name());
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void aThreadThatAwaitsEachAnswerReadsAtOnceWhileAnotherLoadIsInFlight() throws Exception {
        HeldFirstLoad store = heldStoreOfAAndB();
        ExecutorService executor = Executors.newFixedThreadPool(2);
        try (UserReader reader = new UserReader(store, executor, 0, Duration.ofMinutes(1), true, 100, 4)) {
            CompletableFuture<CachedUser> held = CompletableFuture.supplyAsync(() -> reader.get("app", "a"), executor)
                    .thenCompose(get -> get);
            assertTrue(store.firstLoadRead.await(10, TimeUnit.SECONDS));

            assertEquals("b", reader.get("app", "b").join().snapshot().name());
            CompletableFuture<String> next = reader.get("app", "b").thenApply(user -> user.snapshot().name());
            assertTrue(next.isDone(), "read on the caller's thread before get() returned");
            assertEquals("b", next.join());
            assertEquals("b", reader.get("app", "b").join().snapshot().name());
            store.releaseFirstLoad.countDown();
            assertEquals("a", held.get(10, TimeUnit.SECONDS).snapshot().name());
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void upToMaxLoadsCallersBlockingAtOnceReadAtOnce() throws Exception {
        CountingLoads store = new CountingLoads();
        List<String> ids = store.seed(4);
        store.overlapping = new CountDownLatch(4);
        ExecutorService callers = Executors.newFixedThreadPool(4);
        ExecutorService executor = Executors.newFixedThreadPool(2);
        try (UserReader reader = new UserReader(store, executor, 0, Duration.ofMinutes(1), true, 100, 4)) {
            List<Future<String>> names = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                // Each caller starts once the ones before it are in the store, so none takes another's id.
                awaitCount(store.overlapping, ids.size() - i);
                String id = ids.get(i);
                names.add(callers.submit(() -> reader.get("app", id).join().snapshot().name()));
            }
            for (int i = 0; i < ids.size(); i++) {
                assertEquals(ids.get(i), names.get(i).get(10, TimeUnit.SECONDS));
            }
            assertEquals(4, store.loads.get(), "four reads, all in the store at once");
        } finally {
            callers.shutdownNow();
            executor.shutdownNow();
        }
    }

    private static void awaitCount(CountDownLatch latch, long count) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (latch.getCount() > count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the load before did not start");
            }
            Thread.onSpinWait();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
