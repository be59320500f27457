package dev.roster.core.spi;

import dev.roster.core.domain.ConversationQuery;
import dev.roster.core.domain.ConversationRecord;
import dev.roster.core.domain.InboxEntry;
import dev.roster.core.domain.Message;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Stores conversations, each one aggregate of the conversation row, one {@link InboxEntry} per
 * user (the participation with its sort and filter keys) and its messages. Knows no rule: core
 * computes every stored value, and every write is one atomic compare-and-set
 * ({@link #write(String, ConversationWrite)}). A deleted conversation leaves a tombstone holding
 * its id's version ({@link #tombstoneVersion}), which no other read returns or lists; it is kept
 * until the id is created again, never expired, since dropping it would let the id's versions
 * start over. Every method is scoped by app id.
 */
public interface ConversationStore {

    /**
     * Loads conversations with their entries and last message, in one round trip (a few for a
     * relational store). Ids that do not exist are missing from the result.
     *
     * @param appId           the app
     * @param conversationIds the conversations to load
     * @return the versioned aggregates keyed by conversation id
     */
    Map<String, Versioned<ConversationRecord>> load(String appId, Collection<String> conversationIds);

    /**
     * The version of the id's tombstone: the version the delete of its conversation stored, which
     * a create of the id must expect. 0 when the id was never used or its conversation exists.
     * One round trip.
     *
     * @param appId          the app
     * @param conversationId the conversation id
     * @return the tombstone's version, or 0
     */
    long tombstoneVersion(String appId, String conversationId);

    /**
     * Applies one aggregate write atomically; see {@link ConversationWrite}.
     *
     * @param appId the app
     * @param write the write, with the version it expects
     * @return true when written; false, with nothing written, if the id's stored version (of its
     *         conversation, of its tombstone, or 0) differs from the expected one, or a delete finds
     *         no conversation
     */
    boolean write(String appId, ConversationWrite write);

    /**
     * Ids of the app's conversations (not of tombstones) in {@link dev.roster.core.domain.Ids#ORDER id order}, starting
     * right after {@code startingAfter} (null: from the first), at most {@code limit}. O(limit).
     *
     * @param appId         the app
     * @param startingAfter the last id of the previous page, or null
     * @param limit         the most ids to return
     * @return the ids, in id order
     */
    List<String> listIds(String appId, String startingAfter, int limit);

    /**
     * How many conversations of the app {@link #listIds} pages through now: one count, for a
     * progress estimate (a copy's ETA), not for decisions.
     *
     * @param appId the app
     * @return the number of conversations, not counting tombstones
     */
    long count(String appId);

    /**
     * How many messages the app's conversations hold now, all together: one count, for a progress
     * estimate (a copy's ETA), not for decisions.
     *
     * @param appId the app
     * @return the number of messages
     */
    long countMessages(String appId);

    /**
     * One page of a user's conversations, exactly as {@link ConversationQuery} defines it, in one
     * call: the entry {@code startingAfter} names (when given; if the query cannot start after it,
     * {@link InboxPage#unknownCursor()}), the page of entries after the query's
     * {@link ConversationQuery#cursor cursor} that {@link ConversationQuery#matches match}, in its
     * {@link ConversationQuery#comparator() order}, at most {@code limit}, and the page's
     * conversations as {@link #load} returns them. The entries must come from one indexed range
     * scan on {@code (app, user, sort value, conversation id)}: O(page + rows skipped by
     * predicates).
     *
     * @param appId the app
     * @param query the validated listing query
     * @return the page
     */
    InboxPage listInbox(String appId, ConversationQuery query);

    /**
     * Messages of a conversation, newest first in (createdAt, id) order, strictly after
     * {@code after} (null: from the newest), at most {@code limit}.
     *
     * @param appId          the app
     * @param conversationId the conversation
     * @param after          the last message of the previous page, or null
     * @param limit          the most messages to return
     * @return the messages, newest first
     */
    List<Message> messages(String appId, String conversationId, MessageCursor after, int limit);

    /**
     * The messages {@code senderId} sent, in every conversation of the app, newest first in
     * (createdAt, id) order, strictly after {@code after} (null: from the newest), at most
     * {@code limit}. Message ids are unique in an app, so the order is total. O(limit): one
     * range scan of an index on (app, sender, createdAt, id).
     *
     * @param appId    the app
     * @param senderId the sender
     * @param after    the last message of the previous page, or null
     * @param limit    the most messages to return
     * @return the messages, newest first
     */
    List<Message> messagesBySender(String appId, String senderId, MessageCursor after, int limit);

    /**
     * The messages with these ids in this conversation; unknown ids are missing. One round trip.
     *
     * @param appId          the app
     * @param conversationId the conversation
     * @param messageIds     the message ids
     * @return the messages keyed by id
     */
    Map<String, Message> findMessages(String appId, String conversationId, Collection<String> messageIds);

    /**
     * The ids of the messages of this conversation that carry these idempotency keys, keyed by
     * key; unused keys are missing. One round trip.
     *
     * @param appId          the app
     * @param conversationId the conversation
     * @param keys           the idempotency keys
     * @return message ids keyed by idempotency key
     */
    Map<String, String> idempotencyKeys(String appId, String conversationId, Collection<String> keys);

    /**
     * The number of messages of this conversation with {@code createdAt > createdAfter} whose
     * sender is not {@code excludedSender} (system messages have no sender and always count).
     *
     * @param appId          the app
     * @param conversationId the conversation
     * @param createdAfter   the exclusive lower bound of createdAt, ms
     * @param excludedSender the user whose own messages do not count
     * @return the number of messages
     */
    long countMessages(String appId, String conversationId, long createdAfter, String excludedSender);
}
