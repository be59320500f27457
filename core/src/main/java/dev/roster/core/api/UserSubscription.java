package dev.roster.core.api;

import dev.roster.core.domain.UserSnapshot;
import dev.roster.core.internal.CachedUser;
import dev.roster.core.internal.UserReader;

import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * A live view of one user's public snapshot, from {@link UserRef#subscribe}: a new snapshot when
 * the user is created or a public field changes, and only then; null while the user does not
 * exist.
 */
public final class UserSubscription extends Subscription<UserSnapshot> {

    private final String appId;
    private final String userId;
    private final UserReader reader;
    private final Consumer<CachedUser> listener = this::offer;
    private CachedUser known;

    UserSubscription(String appId, String userId, UserReader reader, Consumer<UserSnapshot> onSnapshot,
                     Executor executor) {
        super(onSnapshot, executor);
        this.appId = appId;
        this.userId = userId;
        this.reader = reader;
    }

    void start() {
        reader.listen(appId, userId, listener);
        reader.getInBackground(appId, userId).whenComplete((user, failure) -> {
            if (failure != null) {
                fail(failure);
            } else {
                offer(user);
            }
        });
    }

    @Override
    void detach() {
        reader.unlisten(appId, userId, listener);
    }

    private synchronized void offer(CachedUser incoming) {
        known = CachedUser.merge(known, incoming);
        publish(known.snapshot());
    }
}
