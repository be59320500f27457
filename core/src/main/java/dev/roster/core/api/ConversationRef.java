package dev.roster.core.api;

import dev.roster.core.domain.ClientAccess;
import dev.roster.core.domain.ConversationParams;
import dev.roster.core.domain.ConversationView;
import dev.roster.core.domain.RosterException;
import dev.roster.core.domain.User;
import dev.roster.core.domain.UserConversation;
import dev.roster.core.internal.ConversationService;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A reference to one conversation of a {@link Session}'s app, by id, as the signed-in user sees
 * it (the Data API's ConversationRef). Immutable. Futures fail with {@link RosterException}.
 *
 * <p>The rules are {@link ClientAccess}'s, checked on the very state each write is planned from:
 * reading needs no setting and answers only participants; every create or change needs the app's
 * client conversation sync on; a change of an existing conversation needs the signed-in user to
 * take part with ReadWrite access. Anyone may create a conversation that does not exist; they
 * become its only participant. A refused write fails with {@code FORBIDDEN} and changes nothing.
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

    /** {@return the referenced conversation's id} */
    public String id() {
        return id;
    }

    /**
     * The conversation with the signed-in user's own entry (access, notify, unread count), or null
     * when it does not exist or the signed-in user is not a participant (the two are not told
     * apart). Needs no setting. One store read.
     *
     * @return the conversation as the signed-in user sees it, or null
     */
    public CompletableFuture<UserConversation> get() {
        return supply(() -> ClientAccess.seenBy(conversations().find(session.appId(), id).orElse(null),
                session.userId()));
    }

    /**
     * Creates the conversation with these fields and the signed-in user as its only participant
     * (access and notify from {@code params}, by default ReadWrite and true), or does nothing at
     * all if it exists, whether or not the user takes part (still a success). Fails with
     * {@code FORBIDDEN} only when it would create and the app's client conversation sync is off.
     *
     * @param params the fields of the new conversation and the user's own access and notify
     * @return completes when the conversation exists
     */
    public CompletableFuture<Void> createIfNotExists(ConversationParams params) {
        Objects.requireNonNull(params, "params");
        return supply(() -> conversations().setAs(session.appId(), id, session.userId(),
                params.conversation(), params.mine(), true, current -> requireSync())).thenApply(v -> null);
    }

    /**
     * Sets the conversation's fields and the signed-in user's own access and notify with the
     * update rule, creating the conversation (with the user as its only participant) when it does
     * not exist. Fails with {@code FORBIDDEN} when client conversation sync is off, or the
     * conversation exists and the user is not a participant with ReadWrite access; with
     * {@code INVALID_ARGUMENT} for bad params. Nothing changes when it fails.
     *
     * @param params the fields and the user's own access and notify
     * @return completes when the change is stored
     */
    public CompletableFuture<Void> set(ConversationParams params) {
        Objects.requireNonNull(params, "params");
        return supply(() -> conversations().setAs(session.appId(), id, session.userId(),
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
     * @param userId the user
     * @return the reference
     * @throws RosterException {@code INVALID_ARGUMENT} if the id is not a valid user id
     */
    public ParticipantRef participant(String userId) {
        User.requireId(userId, "userId");
        return new ParticipantRef(this, userId);
    }

    /**
     * The signed-in user leaves the conversation: {@code participant(me).delete()}, with its rules
     * (client conversation sync on, ReadWrite access).
     *
     * @return completes when the user has left
     */
    public CompletableFuture<Void> leave() {
        return participant(session.userId()).delete();
    }

    ConversationService conversations() {
        return roster.conversations().service();
    }

    Session session() {
        return session;
    }

    /** Refuses a change unless sync is on and the signed-in user takes part in {@code current} with ReadWrite. */
    void requireWritable(ConversationView current) {
        requireSync();
        ClientAccess.requireWritable(current, id, session.userId());
    }

    /** Refuses a change when client conversation sync is off; returns this. */
    ConversationRef requireSync() {
        ClientAccess.requireConversationSync(roster.app(session.appId()));
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
