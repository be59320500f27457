package dev.roster.core.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A future that runs {@link #beforeBlocking()} on the thread of a caller about to block on it, or
 * on any future derived from it ({@code thenApply} and the like), so that the caller's own thread
 * can do the work instead of waiting for another thread to pick it up. Every {@code join} or
 * {@code get}, done or not, first runs {@link #onAwait()} on the caller's thread.
 *
 * @param <T> the result type
 */
abstract class BlockingAwareFuture<T> extends CompletableFuture<T> {

    /** Runs on a caller's thread before it blocks while this future is not done; must not throw. */
    abstract void beforeBlocking();

    /** Runs on the thread of every caller of {@code join} or {@code get}, before anything else; must not throw. */
    abstract void onAwait();

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new Derived<>(this);
    }

    @Override
    public T join() {
        assist();
        return super.join();
    }

    @Override
    public T get() throws InterruptedException, ExecutionException {
        assist();
        return super.get();
    }

    @Override
    public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        assist();
        return super.get(timeout, unit);
    }

    private void assist() {
        onAwait();
        if (!isDone()) {
            beforeBlocking();
        }
    }

    /** A future derived from a {@link BlockingAwareFuture}: blocking on it assists the source. */
    private static final class Derived<U> extends BlockingAwareFuture<U> {
        private final BlockingAwareFuture<?> source;

        Derived(BlockingAwareFuture<?> source) {
            this.source = source;
        }

        @Override
        void beforeBlocking() {
            if (!source.isDone()) {
                source.beforeBlocking();
            }
        }

        @Override
        void onAwait() {
            source.onAwait();
        }
    }
}
