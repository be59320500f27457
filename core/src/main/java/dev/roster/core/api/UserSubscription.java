package dev.roster.core.api;

import dev.roster.core.domain.ErrorCode;
import dev.roster.core.domain.RosterException;
import dev.roster.core.domain.UserSnapshot;
import dev.roster.core.internal.CachedUser;
import dev.roster.core.internal.SerialExecutor;
import dev.roster.core.internal.UserReader;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * A live view of one user, from {@link UserRef#subscribe}. When it becomes active, and afterwards
 * whenever the user is created or a public field changes (and only then), the callback receives
 * the new snapshot, or null while the user does not exist. Callbacks run one at a time, in order,
 * on Roster's executor.
 */
public final class UserSubscription {

    private final String appId;
    private final String userId;
    private final UserReader reader;
    private final Consumer<UserSnapshot> onSnapshot;
    private final Executor callbacks;
    private final Consumer<CachedUser> listener = this::offer;
    private final CompletableFuture<Void> connected = new CompletableFuture<>();
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private SubscriptionState state = new SubscriptionState.Pending();
    private CachedUser known;

    UserSubscription(String appId, String userId, UserReader reader, Consumer<UserSnapshot> onSnapshot,
                     Executor executor) {
        this.appId = appId;
        this.userId = userId;
        this.reader = reader;
        this.onSnapshot = onSnapshot;
        this.callbacks = new SerialExecutor(executor);
    }

    void start() {
        reader.listen(appId, userId, listener);
        reader.get(appId, userId).whenComplete((user, failure) -> {
            if (failure != null) {
                fail(failure);
            } else {
                offer(user);
            }
        });
    }

    /** The current state. */
    public synchronized SubscriptionState state() {
        return state;
    }

    /** Completes when the subscription is active; fails if it ends before that. */
    public CompletableFuture<Void> connected() {
        return connected;
    }

    /** Completes when the subscription has ended, by {@link #unsubscribe()} or by an error. */
    public CompletableFuture<Void> terminated() {
        return terminated;
    }

    /** Stops receiving updates; a no-op when already unsubscribed or in error. */
    public void unsubscribe() {
        synchronized (this) {
            if (isEnded()) {
                return;
            }
            state = new SubscriptionState.Unsubscribed();
        }
        end(RosterException.of(ErrorCode.INTERNAL, "The subscription was unsubscribed before it became active"));
    }

    private void offer(CachedUser incoming) {
        synchronized (this) {
            if (isEnded()) {
                return;
            }
            CachedUser merged = CachedUser.merge(known, incoming);
            boolean first = known == null;
            if (!first && merged.snapshot() == known.snapshot()) {
                known = merged;
                return;
            }
            known = merged;
            UserSnapshot snapshot = merged.snapshot();
            state = new SubscriptionState.Active(snapshot);
            callbacks.execute(() -> deliver(snapshot));
        }
        connected.complete(null);
    }

    private void deliver(UserSnapshot snapshot) {
        try {
            onSnapshot.accept(snapshot);
        } catch (RuntimeException e) {
            fail(RosterException.of(ErrorCode.INTERNAL, "The onSnapshot callback threw " + e, e));
        }
    }

    private void fail(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        RosterException error = cause instanceof RosterException re ? re
                : RosterException.of(ErrorCode.INTERNAL, "The subscription failed: " + cause, cause);
        synchronized (this) {
            if (isEnded()) {
                return;
            }
            state = new SubscriptionState.Errored(error);
        }
        end(error);
    }

    private void end(RosterException reasonIfNotConnected) {
        reader.unlisten(appId, userId, listener);
        connected.completeExceptionally(reasonIfNotConnected);
        terminated.complete(null);
    }

    private boolean isEnded() {
        return state instanceof SubscriptionState.Unsubscribed || state instanceof SubscriptionState.Errored;
    }
}
