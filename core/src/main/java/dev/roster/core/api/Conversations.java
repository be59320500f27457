package dev.roster.core.api;

import dev.roster.core.domain.Access;
import dev.roster.core.domain.ConversationPatch;
import dev.roster.core.domain.ConversationQuery;
import dev.roster.core.domain.ConversationRecord;
import dev.roster.core.domain.ConversationView;
import dev.roster.core.domain.InboxEntry;
import dev.roster.core.domain.Message;
import dev.roster.core.domain.MessageBatch;
import dev.roster.core.domain.MessagePatch;
import dev.roster.core.domain.NewMessage;
import dev.roster.core.domain.Notify;
import dev.roster.core.domain.ParticipationPatch;
import dev.roster.core.domain.RosterException;
import dev.roster.core.domain.UserConversation;
import dev.roster.core.internal.ConversationService;

import java.util.List;
import java.util.Optional;

/**
 * The trusted operations on conversations, participants and messages, and the listing of a
 * user's conversations; from {@link Roster#conversations()}, thread-safe. Every write is one
 * compare-and-set of the aggregate ({@link ConversationRecord}'s rules, retried on conflict) that
 * also keeps each affected user's {@link InboxEntry} up to date, so a listing is one store query.
 */
public final class Conversations {

    /** The most messages one send or import may hold. */
    public static final int MAX_MESSAGES = MessageBatch.MAX_SIZE;

    private final ConversationService service;

    Conversations(ConversationService service) {
        this.service = service;
    }

    /**
     * Creates the conversation or patches it (absent keeps, null resets, custom key by key);
     * {@code patch.participants()} are added with ReadWrite access and notify on.
     *
     * @param appId          the app
     * @param conversationId the conversation
     * @param patch          the fields to change and the participants to add
     * @return the conversation after the write
     * @throws RosterException {@code NOT_FOUND} for an unknown app, {@code INVALID_ARGUMENT} for a
     *                         bad id or a participant that is not a user
     */
    public ConversationView upsert(String appId, String conversationId, ConversationPatch patch) {
        return service.upsert(appId, conversationId, patch);
    }

    /**
     * The conversation with its participants and last message, if it exists. One store read.
     *
     * @param appId          the app
     * @param conversationId the conversation
     * @return the conversation, or empty
     */
    public Optional<ConversationView> find(String appId, String conversationId) {
        return service.find(appId, conversationId);
    }

    /**
     * The app's conversations in id order (code points) after {@code startingAfter} (null: from
     * the first). Two store reads.
     *
     * @param appId         the app
     * @param startingAfter the last conversation id of the previous page, or null
     * @param limit         1 to {@value ConversationQuery#MAX_LIMIT}
     * @return the page, in id order
     */
    public List<ConversationView> listAll(String appId, String startingAfter, int limit) {
        return service.listAll(appId, startingAfter, limit);
    }

    /**
     * Deletes the conversation with its participants and messages. A new conversation of the same
     * id continues its versions (a tombstone keeps them) and has none of the old one's contents.
     *
     * @param appId          the app
     * @param conversationId the conversation
     * @throws RosterException {@code NOT_FOUND} if there is no such conversation
     */
    public void delete(String appId, String conversationId) {
        service.delete(appId, conversationId);
    }

    /**
     * Joins the user to the conversation, or overwrites the participant's access and notify
     * (null: the defaults ReadWrite and true). A user who left joins anew.
     *
     * @param appId          the app
     * @param conversationId the conversation
     * @param userId         the user
     * @param access         the access, or null for ReadWrite
     * @param notify         the notify setting, or null for true
     * @return the conversation after the write
     * @throws RosterException {@code NOT_FOUND} for an unknown conversation or user,
     *                         {@code INVALID_ARGUMENT} naming {@code userId} for a deactivated user who
     *                         is not a participant yet
     */
    public ConversationView putParticipant(String appId, String conversationId, String userId, Access access,
                                           Notify notify) {
        return service.putParticipant(appId, conversationId, userId, access, notify, ConversationService.Guard.NONE);
    }

    /**
     * Patches a participant's access (also {@link Access#NONE}), notify and readUntil.
     *
     * @param appId          the app
     * @param conversationId the conversation
     * @param userId         the participant
     * @param patch          the change of the participation
     * @return the conversation after the write
     * @throws RosterException {@code NOT_FOUND} if the conversation does not exist or the user is not a participant
     */
    public ConversationView patchParticipant(String appId, String conversationId, String userId,
                                             ParticipationPatch patch) {
        return service.patchParticipant(appId, conversationId, userId, patch, ConversationService.Guard.NONE);
    }

    /**
     * The user leaves: the participation ends. The user's entry stays, marked left and frozen,
     * for API versions before 2021-07-30 (see {@link InboxEntry}).
     *
     * @param appId          the app
     * @param conversationId the conversation
     * @param userId         the participant who leaves
     * @throws RosterException {@code NOT_FOUND} if the conversation does not exist or the user is not a participant
     */
    public void leave(String appId, String conversationId, String userId) {
        service.leave(appId, conversationId, userId, ConversationService.Guard.NONE);
    }

    /**
     * Marks everything in the conversation read for the user (readUntil moves to the last message).
     *
     * @param appId          the app
     * @param conversationId the conversation
     * @param userId         the participant
     * @throws RosterException {@code NOT_FOUND} if the conversation does not exist or the user is not a participant
     */
    public void markRead(String appId, String conversationId, String userId) {
        service.markRead(appId, conversationId, userId);
    }

    /**
     * Sends 1 to {@value #MAX_MESSAGES} messages at once, atomically; a user message's sender must
     * be a participant. A message whose idempotency key was used before in this conversation (or
     * earlier in the same call) creates nothing and answers the earlier message's id.
     *
     * @param appId          the app
     * @param conversationId the conversation
     * @param messages       the messages, in order
     * @return the message ids, in the order given
     * @throws RosterException {@code NOT_FOUND} for an unknown conversation, {@code INVALID_ARGUMENT}
     *                         for a bad batch, a sender who is not a participant or an unknown referenced message
     */
    public List<String> send(String appId, String conversationId, List<NewMessage> messages) {
        return service.add(appId, conversationId, messages, false);
    }

    /**
     * Imports 1 to {@value #MAX_MESSAGES} messages with their original timestamps, in any order;
     * they are listed by timestamp. Otherwise as {@link #send}.
     *
     * @param appId          the app
     * @param conversationId the conversation
     * @param messages       the messages, each with its timestamp
     * @return the message ids, in the order given
     * @throws RosterException as {@link #send}, and {@code INVALID_ARGUMENT} for a message without timestamp
     */
    public List<String> importMessages(String appId, String conversationId, List<NewMessage> messages) {
        return service.add(appId, conversationId, messages, true);
    }

    /**
     * Messages newest first, after the message {@code startingAfter} (null: from the newest).
     *
     * @param appId          the app
     * @param conversationId the conversation
     * @param startingAfter  the last message id of the previous page, or null
     * @param limit          1 to {@value ConversationQuery#MAX_LIMIT}
     * @return the page, newest first
     * @throws RosterException {@code NOT_FOUND} (no such conversation), {@code INVALID_ARGUMENT} (bad limit, startingAfter)
     */
    public List<Message> messages(String appId, String conversationId, String startingAfter, int limit) {
        return service.messages(appId, conversationId, startingAfter, limit);
    }

    /**
     * One message, if it exists in this conversation.
     *
     * @param appId          the app
     * @param conversationId the conversation
     * @param messageId      the message
     * @return the message, or empty
     */
    public Optional<Message> message(String appId, String conversationId, String messageId) {
        return service.message(appId, conversationId, messageId);
    }

    /**
     * Edits a message's text and custom data (custom key by key); sets editedAt.
     *
     * @param appId          the app
     * @param conversationId the conversation
     * @param messageId      the message
     * @param patch          the edit
     * @return the message after the edit; as it was, editedAt included, when the edit changes nothing
     * @throws RosterException {@code NOT_FOUND} for an unknown conversation or message
     */
    public Message editMessage(String appId, String conversationId, String messageId, MessagePatch patch) {
        return service.editMessage(appId, conversationId, messageId, patch);
    }

    /**
     * Deletes a message; unread counts and the last message of the participants are recomputed.
     *
     * @param appId          the app
     * @param conversationId the conversation
     * @param messageId      the message
     * @throws RosterException {@code NOT_FOUND} for an unknown conversation or message
     */
    public void deleteMessage(String appId, String conversationId, String messageId) {
        service.deleteMessage(appId, conversationId, messageId);
    }

    /**
     * One page of the user's conversations (SPEC §5), answered by the store in one call. The user
     * is read only when the page may be an unknown user's: an empty page from API version
     * 2024-01-01, or a startingAfter that names nothing to start after.
     *
     * @param appId the app
     * @param query the validated listing query
     * @return the page, in the query's order
     * @throws RosterException {@code NOT_FOUND} for an unknown app, or an unknown user from API
     *                         version 2024-01-01 (before it: an empty list); {@code INVALID_ARGUMENT}
     *                         when startingAfter names no conversation of the user's list
     */
    public List<UserConversation> list(String appId, ConversationQuery query) {
        return service.list(appId, query);
    }

    /** The operations with the guards the Data API's references pass. */
    ConversationService service() {
        return service;
    }
}
