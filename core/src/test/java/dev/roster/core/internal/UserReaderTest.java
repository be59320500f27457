package dev.roster.core.internal;

import dev.roster.core.domain.User;
import dev.roster.core.domain.UserPatch;
import dev.roster.core.internal.memory.MemoryStorage;
import dev.roster.core.spi.UserStore;
import dev.roster.core.spi.UserWrite;
import dev.roster.core.spi.Versioned;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

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
    }

    @Test
    void aRefreshNeverSharesALoadThatReadBeforeTheChange() throws Exception {
        HeldFirstLoad store = new HeldFirstLoad();
        User v1 = User.create("u", UserPatch.builder().name("v1").build(), 0);
        store.write("app", List.of(new UserWrite(v1, 0)));
        ExecutorService executor = Executors.newFixedThreadPool(2);
        try {
            UserReader reader = new UserReader(store, executor, 100, Duration.ofMinutes(1), true, 100, 4);
            CompletableFuture<CachedUser> stale = reader.get("app", "u");
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
