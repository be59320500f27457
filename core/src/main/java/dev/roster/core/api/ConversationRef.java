package dev.roster.core.api;

import dev.roster.core.domain.Access;
import dev.roster.core.domain.ConversationParams;
import dev.roster.core.domain.ConversationView;
import dev.roster.core.domain.ErrorCode;
import dev.roster.core.domain.InboxEntry;
import dev.roster.core.domain.RosterException;
import dev.roster.core.domain.User;
import dev.roster.core.domain.UserConversation;
import dev.roster.core.domain.Violations;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A reference to one conversation of a {@link Session}'s app, by id, as the signed-in user sees
 * it (the Data API's ConversationRef). Immutable. Futures fail with {@link RosterException}.
 *
 * <p>The rules, decided here and checked on the very state each write is planned from:
 * <ul>
 *   <li>Reading needs no setting: {@link #get()} answers the conversation only to its participants.</li>
 *   <li>Every create or change needs the app's client conversation sync on; with it off it fails
 *       with {@code FORBIDDEN} and nothing changes.</li>
 *   <li>A change of an existing conversation (its fields, anyone's participation, leaving) needs
 *       the signed-in user to be a participant with ReadWrite access, else {@code FORBIDDEN}: a
 *       user cannot join a conversation they are not in, nor lift their own Read or None access.</li>
 *   <li>Anyone may create a conversation that does not exist; they become its only participant.</li>
 * </ul>
 */
public final class ConversationRef {

    private final Roster roster;
    private final Session session;
    private final String id;

    ConversationRef(Roster roster, Session session, String id) {
        this.roster = roster;
        this.session = session;
        this.id = id;
    }

    /** The referenced conversation's id. */
    public String id() {
        return id;
    }

    /**
     * The conversation with the signed-in user's own entry (access, notify, unread count), or null
     * when it does not exist or the signed-in user is not a participant (the two are not told
     * apart). Needs no setting. One store read.
     */
    public CompletableFuture<UserConversation> get() {
        return supply(() -> {
            ConversationView view = roster.conversations().find(session.appId(), id).orElse(null);
            InboxEntry mine = view == null ? null : view.participants().get(session.userId());
            return mine == null ? null : new UserConversation(view, mine);
        });
    }

    /**
     * Creates the conversation with these fields and the signed-in user as its only participant
     * (access and notify from {@code params}, by default ReadWrite and true), or does nothing at
     * all if it exists, whether or not the user takes part (still a success). Fails with
     * {@code FORBIDDEN} only when it would create and the app's client conversation sync is off.
     */
    public CompletableFuture<Void> createIfNotExists(ConversationParams params) {
        Objects.requireNonNull(params, "params");
        return supply(() -> roster.conversations().setAs(session.appId(), id, session.userId(),
                params.conversation(), params.mine(), true, current -> requireSync())).thenApply(v -> null);
    }

    /**
     * Sets the conversation's fields and the signed-in user's own access and notify with the
     * update rule, creating the conversation (with the user as its only participant) when it does
     * not exist. Fails with {@code FORBIDDEN} when client conversation sync is off, or the
     * conversation exists and the user is not a participant with ReadWrite access; with
     * {@code INVALID_ARGUMENT} for bad params. Nothing changes when it fails.
     */
    public CompletableFuture<Void> set(ConversationParams params) {
        Objects.requireNonNull(params, "params");
        return supply(() -> roster.conversations().setAs(session.appId(), id, session.userId(),
                params.conversation(), params.mine(), false, current -> {
                    if (current == null) {
                        requireSync();
                    } else {
                        requireWritable(current);
                    }
                })).thenApply(v -> null);
    }

    /**
     * A reference to one user's participation here (the user need not take part yet).
     *
     * @throws RosterException {@code INVALID_ARGUMENT} if the id is not a valid user id
     */
    public ParticipantRef participant(String userId) {
        Violations.Builder problems = new Violations.Builder();
        User.idProblems(userId).forEach(p -> problems.add("userId", p));
        problems.build().throwIfAny("The user id");
        return new ParticipantRef(this, userId);
    }

    /**
     * The signed-in user leaves the conversation: {@code participant(me).delete()}, with its rules
     * (client conversation sync on, ReadWrite access).
     */
    public CompletableFuture<Void> leave() {
        return participant(session.userId()).delete();
    }

    Roster roster() {
        return roster;
    }

    Session session() {
        return session;
    }

    /** Refuses a change unless sync is on and the signed-in user takes part in {@code current} with ReadWrite. */
    void requireWritable(ConversationView current) {
        requireSync();
        InboxEntry mine = current == null ? null : current.participants().get(session.userId());
        if (mine == null) {
            throw RosterException.of(ErrorCode.FORBIDDEN, "User " + session.userId()
                    + " is not a participant of conversation " + id + " and may not change it.");
        }
        if (mine.access() != Access.READ_WRITE) {
            throw RosterException.of(ErrorCode.FORBIDDEN, "User " + session.userId() + " has " + mine.access().wire()
                    + " access to conversation " + id + "; only participants with ReadWrite access may change it.");
        }
    }

    /** Refuses a change when client conversation sync is off; returns this. */
    ConversationRef requireSync() {
        if (!roster.app(session.appId()).settings().clientConversationSync()) {
            throw RosterException.of(ErrorCode.FORBIDDEN, "Client-side conversation synchronisation is disabled for app "
                    + session.appId() + ": create and change conversations through the REST API instead.");
        }
        return this;
    }

    /** Runs {@code work} on the Roster's executor; the future fails with what it throws. */
    <T> CompletableFuture<T> supply(Supplier<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        roster.async(() -> {
            try {
                result.complete(work.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ConversationRef ref && ref.id.equals(id) && ref.session.appId().equals(session.appId())
                && ref.session.userId().equals(session.userId());
    }

    @Override
    public int hashCode() {
        return Objects.hash(session.appId(), session.userId(), id);
    }

    @Override
    public String toString() {
        return "ConversationRef[" + session.appId() + "/" + id + " as " + session.userId() + "]";
    }
}
