package dev.roster.core.internal;

import dev.roster.core.domain.Access;
import dev.roster.core.domain.Conversation;
import dev.roster.core.domain.ConversationChange;
import dev.roster.core.domain.ConversationPatch;
import dev.roster.core.domain.ConversationQuery;
import dev.roster.core.domain.ConversationRecord;
import dev.roster.core.domain.ConversationView;
import dev.roster.core.domain.Message;
import dev.roster.core.domain.MessageBatch;
import dev.roster.core.domain.MessagePatch;
import dev.roster.core.domain.NewMessage;
import dev.roster.core.domain.Notify;
import dev.roster.core.domain.Participation;
import dev.roster.core.domain.ParticipationPatch;
import dev.roster.core.domain.QueryParameters;
import dev.roster.core.domain.RosterException;
import dev.roster.core.domain.User;
import dev.roster.core.domain.UserConversation;
import dev.roster.core.domain.Violations;
import dev.roster.core.internal.ConversationWriter.Plan;
import dev.roster.core.spi.ConversationStore;
import dev.roster.core.spi.InboxPage;
import dev.roster.core.spi.MessageCursor;
import dev.roster.core.spi.UserStore;
import dev.roster.core.spi.Versioned;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

/**
 * The conversation operations where storage is involved: each reads what a rule of
 * {@link ConversationRecord} needs (the aggregate, users, messages), lets the rule decide, and
 * writes its change as one compare-and-set ({@link ConversationWriter}). Every operation first
 * checks that the app exists.
 */
public final class ConversationService {

    private final ConversationStore store;
    private final UserStore users;
    private final Clock clock;
    private final Consumer<String> requireApp;
    private final ConversationWriter writer;

    /**
     * @param requireApp throws {@link RosterException} {@code NOT_FOUND} for an unknown app
     * @param afterWrite runs after every successful write (wakes the change follower)
     */
    public ConversationService(ConversationStore store, UserStore users, Clock clock, Consumer<String> requireApp,
                               Runnable afterWrite) {
        this.store = store;
        this.users = users;
        this.clock = clock;
        this.requireApp = requireApp;
        this.writer = new ConversationWriter(store, clock, afterWrite);
    }

    /**
     * A rule a write must pass, checked on the very state the write is planned from (so a change
     * made meanwhile by another writer is checked again): it throws to refuse the write.
     */
    @FunctionalInterface
    public interface Guard {
        /** Lets every write through. */
        Guard NONE = current -> { };

        /** Checks {@code current} (null when the conversation does not exist); throws to refuse. */
        void check(ConversationView current);
    }

    /** See {@code Conversations.upsert}. */
    public ConversationView upsert(String appId, String conversationId, ConversationPatch patch) {
        requireApp.accept(appId);
        Conversation.requireId(conversationId, "id");
        Set<String> deactivated = requireUsers(appId, patch.participants(), "participants");
        return writer.update(appId, conversationId, current -> {
            refuseNewParticipants(current, deactivated, "participants");
            if (current == null) {
                ConversationChange created = ConversationRecord.create(conversationId, patch, clock.millis());
                return Plan.of(null, created, created.after().view());
            }
            return viewPlan(current, current.value().update(patch, clock.millis(), unread(appId, conversationId)));
        });
    }

    /** The conversation, if it exists. One store read. */
    public Optional<ConversationView> find(String appId, String conversationId) {
        requireApp.accept(appId);
        return Optional.ofNullable(store.load(appId, List.of(conversationId)).get(conversationId))
                .map(v -> v.value().view());
    }

    /** The app's conversations in id order after {@code startingAfter}. Two store reads. */
    public List<ConversationView> listAll(String appId, String startingAfter, int limit) {
        requireApp.accept(appId);
        QueryParameters.requireLimit(limit, ConversationQuery.MAX_LIMIT);
        List<String> ids = store.listIds(appId, startingAfter, limit);
        Map<String, Versioned<ConversationRecord>> records = store.load(appId, ids);
        return ids.stream().filter(records::containsKey).map(id -> records.get(id).value().view()).toList();
    }

    /** Deletes the conversation, leaving its tombstone. */
    public void delete(String appId, String conversationId) {
        requireApp.accept(appId);
        writer.update(appId, conversationId, current -> {
            requireConversation(current, conversationId);
            return Plan.delete(current, null);
        });
    }

    /** Joins the user or overwrites the participant's access and notify (null: the defaults). */
    public ConversationView putParticipant(String appId, String conversationId, String userId, Access access,
                                           Notify notify, Guard guard) {
        requireApp.accept(appId);
        Set<String> deactivated = requireUsers(appId, Set.of(userId), "userId");
        Access a = access == null ? Access.READ_WRITE : access;
        Notify n = notify == null ? Notify.ALL : notify;
        return writer.update(appId, conversationId, current -> {
            guard.check(current == null ? null : current.value().view());
            refuseNewParticipants(current, deactivated, "userId");
            ConversationRecord record = requireConversation(current, conversationId);
            return viewPlan(current, record.putParticipant(userId, a, n, clock.millis(), unread(appId, conversationId)));
        });
    }

    /** Patches a participant's access, notify and readUntil. */
    public ConversationView patchParticipant(String appId, String conversationId, String userId,
                                             ParticipationPatch patch, Guard guard) {
        requireApp.accept(appId);
        return writer.update(appId, conversationId, current -> {
            guard.check(current == null ? null : current.value().view());
            ConversationRecord record = requireConversation(current, conversationId);
            return viewPlan(current, record.patchParticipant(userId, patch, unread(appId, conversationId)));
        });
    }

    /** The user leaves the conversation. */
    public void leave(String appId, String conversationId, String userId, Guard guard) {
        requireApp.accept(appId);
        writer.update(appId, conversationId, current -> {
            guard.check(current == null ? null : current.value().view());
            return Plan.of(current, requireConversation(current, conversationId).leave(userId), null);
        });
    }

    /** Marks everything read for the user. */
    public void markRead(String appId, String conversationId, String userId) {
        requireApp.accept(appId);
        writer.update(appId, conversationId, current ->
                viewPlan(current, requireConversation(current, conversationId).markRead(userId, unread(appId, conversationId))));
    }

    /** Sends ({@code imported = false}) or imports messages; answers their ids in the order given. */
    public List<String> add(String appId, String conversationId, List<NewMessage> messages, boolean imported) {
        requireApp.accept(appId);
        MessageBatch.check(messages, imported);
        Set<String> references = MessageBatch.references(messages);
        Set<String> keys = MessageBatch.idempotencyKeys(messages);
        return writer.update(appId, conversationId, current -> {
            ConversationRecord record = requireConversation(current, conversationId);
            Set<String> found = references.isEmpty() ? Set.of()
                    : store.findMessages(appId, conversationId, references).keySet();
            Violations.Builder invalid = new Violations.Builder().addAll("", record.senderProblems(messages))
                    .addAll("", MessageBatch.referenceProblems(conversationId, messages, found));
            invalid.build().throwIfAny("The messages");
            Map<String, String> used = keys.isEmpty() ? Map.of() : store.idempotencyKeys(appId, conversationId, keys);
            long now = clock.millis();
            MessageBatch batch = MessageBatch.of(conversationId, messages, used, now, imported ? "import" : "rest",
                    () -> MessageIds.next(now));
            return batch.created().isEmpty() ? Plan.none(batch.ids())
                    : Plan.of(current, record.add(batch.created()), batch.ids());
        });
    }

    /** Messages newest first after {@code startingAfter}. */
    public List<Message> messages(String appId, String conversationId, String startingAfter, int limit) {
        requireApp.accept(appId);
        QueryParameters.requireLimit(limit, ConversationQuery.MAX_LIMIT);
        requireConversation(store.load(appId, List.of(conversationId)).get(conversationId), conversationId);
        MessageCursor cursor = null;
        if (startingAfter != null) {
            Message from = store.findMessages(appId, conversationId, List.of(startingAfter)).get(startingAfter);
            if (from == null) {
                throw RosterException.invalid("startingAfter names no message of this conversation: " + startingAfter,
                        Violations.of("startingAfter", "No message " + startingAfter + " in conversation " + conversationId + "."));
            }
            cursor = MessageCursor.after(from);
        }
        return store.messages(appId, conversationId, cursor, limit);
    }

    /** One message, if it exists in this conversation. */
    public Optional<Message> message(String appId, String conversationId, String messageId) {
        requireApp.accept(appId);
        return Optional.ofNullable(store.findMessages(appId, conversationId, List.of(messageId)).get(messageId));
    }

    /** Edits a message's text and custom data. */
    public Message editMessage(String appId, String conversationId, String messageId, MessagePatch patch) {
        requireApp.accept(appId);
        return writer.update(appId, conversationId, current -> {
            ConversationRecord record = requireConversation(current, conversationId);
            Message before = requireMessage(appId, conversationId, messageId);
            Message after = before.apply(patch, clock.millis());
            return after == before ? Plan.none(before) : Plan.of(current, record.edit(after), after);
        });
    }

    /** Deletes a message, recomputing unread counts and the last message. */
    public void deleteMessage(String appId, String conversationId, String messageId) {
        requireApp.accept(appId);
        writer.update(appId, conversationId, current -> {
            ConversationRecord record = requireConversation(current, conversationId);
            Message gone = requireMessage(appId, conversationId, messageId);
            Message last = record.lastMessage();
            if (record.isLastMessage(messageId)) {
                last = store.messages(appId, conversationId, null, 2).stream()
                        .filter(m -> !m.id().equals(messageId)).findFirst().orElse(null);
            }
            return Plan.of(current, record.remove(gone, last), null);
        });
    }

    /**
     * A signed-in user's set or createIfNotExists: creates the conversation with {@code userId} as
     * its only participant, or, unless {@code createOnly}, patches its fields and the user's own
     * participation. {@code guard} sees the state before the write (not called when
     * {@code createOnly} finds the conversation).
     */
    public ConversationView setAs(String appId, String conversationId, String userId, ConversationPatch patch,
                                  ParticipationPatch mine, boolean createOnly, Guard guard) {
        requireApp.accept(appId);
        Conversation.requireId(conversationId, "id");
        return writer.update(appId, conversationId, current -> {
            if (current == null) {
                guard.check(null);
                refuseNewParticipants(null, requireUsers(appId, Set.of(userId), "userId"), "userId");
                ConversationChange created = ConversationRecord.createBy(conversationId, userId, patch, mine, clock.millis());
                return Plan.of(null, created, created.after().view());
            }
            if (createOnly) {
                return Plan.none(current.value().view());
            }
            guard.check(current.value().view());
            return viewPlan(current, current.value().setBy(userId, patch, mine));
        });
    }

    /**
     * One page of the user's conversations: one store call, plus one user read when the page may
     * be an unknown user's (an empty page from API version 2024-01-01, or a startingAfter the
     * store found nothing to start after).
     */
    public List<UserConversation> list(String appId, ConversationQuery query) {
        requireApp.accept(appId);
        String userId = query.userId();
        InboxPage page = store.listInbox(appId, query);
        if (!page.cursorFound() || (page.conversations().isEmpty() && query.unknownUserIsError())) {
            if (users.load(appId, List.of(userId)).isEmpty()) {
                if (query.unknownUserIsError()) {
                    throw RosterException.notFound("There is no user with id " + userId + ".");
                }
                return List.of();
            }
            if (!page.cursorFound()) {
                throw RosterException.invalid("startingAfter names no conversation of user " + userId + ": "
                        + query.startingAfter(), Violations.of("startingAfter", "User " + userId
                        + " has no conversation " + query.startingAfter() + "."));
            }
        }
        return page.conversations().stream().filter(r -> r.entries().containsKey(userId))
                .map(r -> new UserConversation(r.view(), r.entries().get(userId))).toList();
    }

    private static Plan<ConversationView> viewPlan(Versioned<ConversationRecord> current,
                                                   Optional<ConversationChange> change) {
        return change.map(c -> Plan.of(current, c, c.after().view()))
                .orElseGet(() -> Plan.none(current.value().view()));
    }

    private ToLongFunction<Participation> unread(String appId, String conversationId) {
        return p -> store.countMessages(appId, conversationId, p.readUntil(), p.userId());
    }

    private Message requireMessage(String appId, String conversationId, String messageId) {
        Message message = store.findMessages(appId, conversationId, List.of(messageId)).get(messageId);
        if (message == null) {
            throw RosterException.notFound("There is no message " + messageId + " in conversation " + conversationId + ".");
        }
        return message;
    }

    private static ConversationRecord requireConversation(Versioned<ConversationRecord> current, String conversationId) {
        if (current == null) {
            throw RosterException.notFound("There is no conversation with id " + conversationId + ".");
        }
        return current.value();
    }

    /**
     * Checks that the users exist; returns those of them who are deactivated (SPEC §10), who may
     * stay where they are but join nothing.
     */
    private Set<String> requireUsers(String appId, Set<String> userIds, String field) {
        if (userIds.isEmpty()) {
            return Set.of();
        }
        Violations.Builder problems = new Violations.Builder();
        userIds.forEach(id -> User.idProblems(id).forEach(p -> problems.add(field, p)));
        problems.build().throwIfAny("The participants");
        Map<String, Versioned<User>> found = users.load(appId, userIds);
        List<String> missing = userIds.stream().filter(id -> !found.containsKey(id)).toList();
        if (!missing.isEmpty()) {
            throw RosterException.notFound("There is no user with id " + String.join(", ", missing) + ".");
        }
        return found.values().stream().map(Versioned::value).filter(User::deactivated).map(User::id)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Refuses to add a deactivated user who is not a participant of {@code current} (null: a new conversation) yet. */
    private static void refuseNewParticipants(Versioned<ConversationRecord> current, Set<String> deactivated,
                                              String field) {
        Set<String> present = current == null ? Set.of() : current.value().view().participants().keySet();
        List<String> refused = deactivated.stream().filter(id -> !present.contains(id)).toList();
        if (!refused.isEmpty()) {
            Violations.Builder problems = new Violations.Builder();
            refused.forEach(id -> problems.add(field, "User " + id
                    + " is deactivated and cannot be added to a conversation."));
            throw RosterException.invalid("Deactivated users cannot be added to a conversation: "
                    + String.join(", ", refused) + ".", problems.build());
        }
    }
}
