package dev.roster.server.copy;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs a task for each item of a listing on a few threads, and hands the results to the calling
 * thread in the listing's order: a result waits for those of the items before it. At most
 * {@code threads} tasks run at once; the listing is read on the calling thread, one item ahead of
 * a free thread. After a task fails no new one starts, the ones running finish, and the first
 * failure in the listing's order is thrown.
 */
final class InOrder {

    private InOrder() {
    }

    /**
     * Runs {@code task} for every item and passes each result to {@code done}, in order.
     *
     * @param items   the items, read on the calling thread
     * @param threads how many tasks may run at once; 1 runs them on the calling thread
     * @param name    the threads' name
     * @param task    what to do for an item, on one of the threads
     * @param done    what to do with each result, on the calling thread
     * @param <T>     the items
     * @param <R>     the results
     * @throws RuntimeException the first failure of a task, of the listing or of {@code done}
     */
    static <T, R> void each(Iterable<T> items, int threads, String name, Function<T, R> task, Consumer<R> done) {
        if (threads == 1) {
            for (T item : items) {
                done.accept(task.apply(item));
            }
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
        Semaphore free = new Semaphore(threads);
        AtomicBoolean failed = new AtomicBoolean();
        Deque<Future<R>> pending = new ArrayDeque<>();
        try {
            for (T item : items) {
                acquire(free);
                if (failed.get()) {
                    break;
                }
                pending.add(pool.submit(() -> {
                    try {
                        return task.apply(item);
                    } catch (RuntimeException | Error e) {
                        failed.set(true);
                        throw e;
                    } finally {
                        free.release();
                    }
                }));
                while (!pending.isEmpty() && pending.peekFirst().isDone()) {
                    done.accept(result(pending.removeFirst()));
                }
            }
            while (!pending.isEmpty()) {
                done.accept(result(pending.removeFirst()));
            }
        } finally {
            finish(pool);
        }
    }

    private static void acquire(Semaphore free) {
        try {
            free.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    private static <R> R result(Future<R> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    /** Lets the running tasks end (interrupting them only if this thread is interrupted meanwhile). */
    private static void finish(ExecutorService pool) {
        pool.shutdown();
        try {
            pool.awaitTermination(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
