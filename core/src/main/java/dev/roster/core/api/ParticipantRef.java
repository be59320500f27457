package dev.roster.core.api;

import dev.roster.core.domain.Access;
import dev.roster.core.domain.ClientAccess;
import dev.roster.core.domain.FieldPatch;
import dev.roster.core.domain.Notify;
import dev.roster.core.domain.Participation;
import dev.roster.core.domain.ParticipationPatch;
import dev.roster.core.domain.RosterException;
import dev.roster.core.domain.Violations;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A reference to one user's participation in a {@link ConversationRef}'s conversation, as the
 * signed-in user sees it. Immutable. Every write follows the rules of {@link ConversationRef}:
 * client conversation sync on, and the signed-in user a participant with ReadWrite access.
 */
public final class ParticipantRef {

    private final ConversationRef conversation;
    private final String userId;

    ParticipantRef(ConversationRef conversation, String userId) {
        this.conversation = conversation;
        this.userId = userId;
    }

    /** {@return the referenced user's id} */
    public String userId() {
        return userId;
    }

    /**
     * The user's participation, or null when the user does not take part, the conversation does
     * not exist, or the signed-in user is not a participant. One store read.
     *
     * @return the participation, or null
     */
    public CompletableFuture<Participation> get() {
        Session session = conversation.session();
        return conversation.supply(() -> ClientAccess.participationSeenBy(
                conversation.conversations().find(session.appId(), conversation.id()).orElse(null), session.userId(), userId));
    }

    /**
     * Adds the user as a participant, or overwrites their access and notify (null: the defaults
     * ReadWrite and true). Fails with {@code NOT_FOUND} for an unknown user, {@code FORBIDDEN}
     * under the rules of {@link ConversationRef} (also when the conversation does not exist).
     *
     * @param access the access, or null for ReadWrite
     * @param notify the notify setting, or null for true
     * @return completes when the participation is stored
     */
    public CompletableFuture<Void> set(Access access, Notify notify) {
        Session session = conversation.session();
        return conversation.supply(() -> conversation.requireSync().conversations().putParticipant(session.appId(),
                conversation.id(), userId, access, notify, conversation::requireWritable)).thenApply(v -> null);
    }

    /**
     * Patches the access and notify of a user who takes part (absent keeps, null resets). Fails
     * with {@code INVALID_ARGUMENT} if the patch sets readUntil, {@code NOT_FOUND} if the user does
     * not take part, {@code FORBIDDEN} under the rules of {@link ConversationRef}.
     *
     * @param patch the change of access and notify
     * @return completes when the change is stored
     */
    public CompletableFuture<Void> edit(ParticipationPatch patch) {
        Objects.requireNonNull(patch, "patch");
        if (!(patch.readUntil() instanceof FieldPatch.Keep)) {
            return CompletableFuture.failedFuture(RosterException.invalid("A browser cannot set readUntil through edit.",
                    Violations.of("readUntil", "Not editable here; expected access or notify.")));
        }
        Session session = conversation.session();
        return conversation.supply(() -> conversation.conversations().patchParticipant(session.appId(),
                conversation.id(), userId, patch, conversation::requireWritable)).thenApply(v -> null);
    }

    /**
     * Removes the user from the conversation (the user leaves). Fails with {@code NOT_FOUND} if the
     * user does not take part, {@code FORBIDDEN} under the rules of {@link ConversationRef}.
     *
     * @return completes when the user has left
     */
    public CompletableFuture<Void> delete() {
        Session session = conversation.session();
        return conversation.supply(() -> {
            conversation.conversations().leave(session.appId(), conversation.id(), userId,
                    conversation::requireWritable);
            return null;
        });
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ParticipantRef ref && ref.userId.equals(userId) && ref.conversation.equals(conversation);
    }

    @Override
    public int hashCode() {
        return Objects.hash(conversation, userId);
    }

    @Override
    public String toString() {
        return "ParticipantRef[" + conversation.id() + "/" + userId + "]";
    }
}
