package dev.roster.core.api;

import dev.roster.core.domain.UserOnlineSnapshot;
import dev.roster.core.domain.UserPatch;
import dev.roster.core.domain.UserSnapshot;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A reference to one user of a {@link Session}'s app, by id. Immutable: to reference another user,
 * get another {@code UserRef}. Futures fail with {@link dev.roster.core.domain.RosterException}.
 */
public final class UserRef {

    private final Roster roster;
    private final Session session;
    private final String id;

    UserRef(Roster roster, Session session, String id) {
        this.roster = roster;
        this.session = session;
        this.id = id;
    }

    /** {@return the referenced user's id} */
    public String id() {
        return id;
    }

    /**
     * Creates the user with these fields, or does nothing at all if it exists (still a success).
     * Fails with {@code INVALID_ARGUMENT} if the user must be created and {@code params} has no
     * name, and with {@code FORBIDDEN} if it must be created and the app's client user sync is off.
     *
     * @param params the fields of the new user
     * @return completes when the user exists
     */
    public CompletableFuture<Void> createIfNotExists(UserPatch params) {
        Objects.requireNonNull(params, "params");
        return roster.async(() -> roster.createIfNotExistsFromClient(session.appId(), id, params));
    }

    /**
     * The user's public snapshot, or null if there is no such user. Needs no permission. Calls
     * issued close together are combined into one store read, and recently read users are
     * answered from memory (kept fresh by every change this process sees).
     *
     * @return the snapshot, or null if there is no such user
     */
    public CompletableFuture<UserSnapshot> get() {
        return roster.snapshot(session.appId(), id);
    }

    /**
     * Updates the user with the patch rule, creating it if missing (then {@code name} is
     * required). Fails with {@code INVALID_ARGUMENT} for a missing name on create and with
     * {@code FORBIDDEN} if the app's client user sync is off.
     *
     * @param params the update
     * @return completes when the update is stored
     */
    public CompletableFuture<Void> set(UserPatch params) {
        Objects.requireNonNull(params, "params");
        return roster.async(() -> roster.setFromClient(session.appId(), id, params));
    }

    /**
     * Subscribes to the user's public state. {@code onSnapshot} receives the current snapshot
     * (null when the user does not exist) once the subscription is active, then each new one.
     *
     * @param onSnapshot receives each snapshot
     * @return the subscription; unsubscribe to stop
     */
    public UserSubscription subscribe(Consumer<UserSnapshot> onSnapshot) {
        Objects.requireNonNull(onSnapshot, "onSnapshot");
        return roster.subscribe(session.appId(), id, onSnapshot);
    }

    /**
     * Subscribes to the user's public state and whether the user is connected now (a browser
     * session of theirs is online). {@code onSnapshot} receives the current state (null when the
     * user does not exist) once active, then each change of either.
     *
     * @param onSnapshot receives each state
     * @return the subscription; unsubscribe to stop
     */
    public UserOnlineSubscription subscribeOnline(Consumer<UserOnlineSnapshot> onSnapshot) {
        Objects.requireNonNull(onSnapshot, "onSnapshot");
        return roster.subscribeOnline(session.appId(), id, onSnapshot);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof UserRef ref && ref.id.equals(id) && ref.session.appId().equals(session.appId());
    }

    @Override
    public int hashCode() {
        return Objects.hash(session.appId(), id);
    }

    @Override
    public String toString() {
        return "UserRef[" + session.appId() + "/" + id + "]";
    }
}
