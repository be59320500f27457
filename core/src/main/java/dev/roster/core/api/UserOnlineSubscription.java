package dev.roster.core.api;

import dev.roster.core.domain.UserOnlineSnapshot;
import dev.roster.core.internal.CachedUser;
import dev.roster.core.internal.PresenceWatcher;
import dev.roster.core.internal.UserReader;

import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * A live view of one user's public snapshot and online state, from {@link UserRef#subscribeOnline}:
 * a new snapshot when a public field or the online state changes; null while the user does not
 * exist.
 */
public final class UserOnlineSubscription extends Subscription<UserOnlineSnapshot> {

    private final String appId;
    private final String userId;
    private final UserReader reader;
    private final PresenceWatcher presence;
    private final Consumer<CachedUser> userListener = this::offerUser;
    private final Consumer<Boolean> presenceListener = this::offerOnline;
    private CachedUser known;
    private Boolean online;
    private UserOnlineSnapshot latest;

    UserOnlineSubscription(String appId, String userId, UserReader reader, PresenceWatcher presence,
                           Consumer<UserOnlineSnapshot> onSnapshot, Executor executor) {
        super(onSnapshot, executor);
        this.appId = appId;
        this.userId = userId;
        this.reader = reader;
        this.presence = presence;
    }

    void start() {
        reader.listen(appId, userId, userListener);
        presence.watch(appId, userId, presenceListener);
        reader.getInBackground(appId, userId).whenComplete((user, failure) -> {
            if (failure != null) {
                fail(failure);
            } else {
                offerUser(user);
            }
        });
    }

    @Override
    void detach() {
        reader.unlisten(appId, userId, userListener);
        presence.unwatch(appId, userId, presenceListener);
    }

    private synchronized void offerUser(CachedUser incoming) {
        known = CachedUser.merge(known, incoming);
        combine();
    }

    private synchronized void offerOnline(boolean isOnline) {
        online = isOnline;
        combine();
    }

    private void combine() {
        if (known == null || online == null) {
            return;
        }
        if (known.snapshot() == null) {
            latest = null;
        } else if (latest == null || latest.user() != known.snapshot() || latest.isConnected() != online) {
            latest = new UserOnlineSnapshot(known.snapshot(), online);
        }
        publish(latest);
    }
}
