package dev.roster.core.api;

import dev.roster.core.domain.ErrorCode;
import dev.roster.core.domain.RosterException;
import dev.roster.core.internal.SerialExecutor;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * A live view of something, delivering immutable snapshots. When it becomes active the callback
 * receives the current snapshot (null when the thing does not exist), and afterwards each new
 * one; a snapshot equal to the last is never delivered again. Callbacks run one at a time, in
 * order, on Roster's executor; one that throws ends the subscription in the error state.
 *
 * @param <S> the snapshot type
 */
public abstract sealed class Subscription<S> permits UserSubscription, UserOnlineSubscription {

    private final Consumer<S> onSnapshot;
    private final Executor callbacks;
    private final CompletableFuture<Void> connected = new CompletableFuture<>();
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private SubscriptionState<S> state = new SubscriptionState.Pending<>();

    Subscription(Consumer<S> onSnapshot, Executor executor) {
        this.onSnapshot = onSnapshot;
        this.callbacks = new SerialExecutor(executor);
    }

    /** {@return the current state} */
    public final synchronized SubscriptionState<S> state() {
        return state;
    }

    /** {@return a future that completes when the subscription is active and fails if it ends before that} */
    public final CompletableFuture<Void> connected() {
        return connected;
    }

    /** {@return a future that completes when the subscription has ended, by {@link #unsubscribe()} or by an error} */
    public final CompletableFuture<Void> terminated() {
        return terminated;
    }

    /** Stops receiving updates; a no-op when already unsubscribed or in error. */
    public final void unsubscribe() {
        synchronized (this) {
            if (isEnded()) {
                return;
            }
            state = new SubscriptionState.Unsubscribed<>();
        }
        end(RosterException.of(ErrorCode.INTERNAL, "The subscription was unsubscribed before it became active"));
    }

    /** Stops listening to the sources of snapshots. */
    abstract void detach();

    /** Makes {@code snapshot} the latest and delivers it, unless it is the very instance delivered last. */
    final void publish(S snapshot) {
        synchronized (this) {
            if (isEnded() || (state instanceof SubscriptionState.Active<S> active && active.latestSnapshot() == snapshot)) {
                return;
            }
            state = new SubscriptionState.Active<>(snapshot);
            callbacks.execute(() -> deliver(snapshot));
        }
        connected.complete(null);
    }

    /** Ends the subscription in the error state, unless it has ended already. */
    final void fail(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        RosterException error = cause instanceof RosterException re ? re
                : RosterException.of(ErrorCode.INTERNAL, "The subscription failed: " + cause, cause);
        synchronized (this) {
            if (isEnded()) {
                return;
            }
            state = new SubscriptionState.Errored<>(error);
        }
        end(error);
    }

    final synchronized boolean isEnded() {
        return state instanceof SubscriptionState.Unsubscribed || state instanceof SubscriptionState.Errored;
    }

    private void deliver(S snapshot) {
        try {
            onSnapshot.accept(snapshot);
        } catch (RuntimeException e) {
            fail(RosterException.of(ErrorCode.INTERNAL, "The onSnapshot callback threw " + e, e));
        }
    }

    private void end(RosterException reasonIfNotConnected) {
        detach();
        connected.completeExceptionally(reasonIfNotConnected);
        terminated.complete(null);
    }
}
