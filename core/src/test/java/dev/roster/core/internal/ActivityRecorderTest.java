package dev.roster.core.internal;

import dev.roster.core.domain.User;
import dev.roster.core.domain.UserPatch;
import dev.roster.core.internal.memory.MemoryStorage;
import dev.roster.core.spi.UserStore;
import dev.roster.core.spi.UserWrite;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The per-process half of the activity throttle: concurrent activity of one user asks the store once. */
class ActivityRecorderTest {

    private static final Clock FIXED = Clock.fixed(Instant.parse("2024-01-01T00:00:00Z"), ZoneOffset.UTC);

    private static UserStore storeWith(String... userIds) {
        UserStore users = new MemoryStorage().users();
        for (String id : userIds) {
            users.write("app", List.of(new UserWrite(User.create(id, UserPatch.builder().name(id).build(), 0), 0)));
        }
        return users;
    }

    @Test
    void concurrentActivityOfOneUserAsksTheStoreOnce() {
        UserStore real = storeWith("ann", "bob");
        AtomicInteger asked = new AtomicInteger();
        UserStore counting = (UserStore) Proxy.newProxyInstance(UserStore.class.getClassLoader(),
                new Class<?>[] {UserStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("recordActivity")) {
                        asked.incrementAndGet();
                    }
                    return method.invoke(real, args);
                });
        ActivityRecorder recorder = new ActivityRecorder(counting, FIXED);
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Void>> callers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String user = i % 2 == 0 ? "ann" : "bob";
            callers.add(CompletableFuture.runAsync(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                for (int n = 0; n < 100; n++) {
                    recorder.record("app", user);
                }
            }));
        }
        start.countDown();
        CompletableFuture.allOf(callers.toArray(CompletableFuture[]::new)).join();
        assertEquals(2, asked.get(), "one store call per user");
    }

    @Test
    void aFailedWriteIsTriedAgainAtTheNextActivity() {
        UserStore real = storeWith("ann");
        AtomicInteger failures = new AtomicInteger(1);
        UserStore flaky = (UserStore) Proxy.newProxyInstance(UserStore.class.getClassLoader(),
                new Class<?>[] {UserStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("recordActivity") && failures.getAndDecrement() > 0) {
                        throw new IllegalStateException("the store went away");
                    }
                    return method.invoke(real, args);
                });
        ActivityRecorder recorder = new ActivityRecorder(flaky, FIXED);
        assertThrows(IllegalStateException.class, () -> recorder.record("app", "ann"));
        assertTrue(recorder.record("app", "ann"), "the next activity writes");
        assertEquals(FIXED.millis(), real.lifecycles("app", List.of("ann")).get("ann").lastActiveAt());
    }
}
