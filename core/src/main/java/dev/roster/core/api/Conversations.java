package dev.roster.core.api;

import dev.roster.core.domain.Access;
import dev.roster.core.domain.Conversation;
import dev.roster.core.domain.ConversationPatch;
import dev.roster.core.domain.ConversationQuery;
import dev.roster.core.domain.ConversationView;
import dev.roster.core.domain.FieldPatch;
import dev.roster.core.domain.InboxCursor;
import dev.roster.core.domain.InboxEntry;
import dev.roster.core.domain.KeyPatch;
import dev.roster.core.domain.Message;
import dev.roster.core.domain.MessagePatch;
import dev.roster.core.domain.MessageType;
import dev.roster.core.domain.NewMessage;
import dev.roster.core.domain.Notify;
import dev.roster.core.domain.Participation;
import dev.roster.core.domain.ParticipationPatch;
import dev.roster.core.domain.RosterException;
import dev.roster.core.domain.User;
import dev.roster.core.domain.UserConversation;
import dev.roster.core.domain.Violations;
import dev.roster.core.internal.ConversationWriter;
import dev.roster.core.internal.ConversationWriter.Plan;
import dev.roster.core.internal.MessageIds;
import dev.roster.core.spi.ConversationRecord;
import dev.roster.core.spi.ConversationStore;
import dev.roster.core.spi.ConversationWrite;
import dev.roster.core.spi.InboxQuery;
import dev.roster.core.spi.MessageCursor;
import dev.roster.core.spi.UserStore;
import dev.roster.core.spi.Versioned;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The trusted operations on conversations, participants and messages, and the listing of a
 * user's conversations. Obtained from {@link Roster#conversations()}; thread-safe. Every write is
 * one compare-and-set of the conversation aggregate (retried on conflict) that also keeps every
 * affected user's {@link InboxEntry} up to date, so listing is one indexed store query.
 */
public final class Conversations {

    /** The most messages one send or import may hold. */
    public static final int MAX_MESSAGES = 10;

    private final ConversationStore store;
    private final UserStore users;
    private final Clock clock;
    private final Consumer<String> requireApp;
    private final ConversationWriter writer;

    Conversations(ConversationStore store, UserStore users, Clock clock, Consumer<String> requireApp,
                  Runnable afterWrite) {
        this.store = store;
        this.users = users;
        this.clock = clock;
        this.requireApp = requireApp;
        this.writer = new ConversationWriter(store, afterWrite);
    }

    /**
     * Creates the conversation or patches it (absent keeps, null resets, custom key by key);
     * {@code patch.participants()} are added with ReadWrite access and notify on.
     *
     * @throws RosterException {@code NOT_FOUND} for an unknown app, {@code INVALID_ARGUMENT} for a
     *                         bad id or a participant that is not a user
     */
    public ConversationView upsert(String appId, String conversationId, ConversationPatch patch) {
        requireApp.accept(appId);
        checkConversationId(conversationId);
        requireUsers(appId, patch.participants(), "participants");
        return writer.update(appId, conversationId, current -> {
            long now = clock.millis();
            ConversationRecord record = current == null ? null : current.value();
            Conversation before = record == null ? null : record.conversation();
            Conversation after = before == null ? Conversation.create(conversationId, patch, now) : before.apply(patch);
            Map<String, InboxEntry> entries = new HashMap<>();
            if (before != null && after != before) {
                record.entries().forEach((user, entry) -> entries.put(user, entry.withConversation(after)));
            }
            for (String user : patch.participants()) {
                InboxEntry existing = record == null ? null : record.entries().get(user);
                if (existing == null || existing.left()) {
                    entries.put(user, joined(appId, record, after, user, Access.READ_WRITE, Notify.ALL, now));
                }
            }
            if (before != null && after == before && entries.isEmpty()) {
                return new Plan<>(null, view(record));
            }
            ConversationWrite write = write(conversationId, current, after, lastId(record), entries.values(),
                    Set.of(), List.of(), Set.of());
            return new Plan<>(write, view(after, merged(record, entries), record == null ? null : record.lastMessage()));
        });
    }

    /** The conversation with its participants and last message, if it exists. One store read. */
    public Optional<ConversationView> find(String appId, String conversationId) {
        requireApp.accept(appId);
        return Optional.ofNullable(store.load(appId, List.of(conversationId)).get(conversationId))
                .map(v -> view(v.value()));
    }

    /**
     * The app's conversations in id order (code points) after {@code startingAfter} (null: from
     * the first). Two store reads.
     *
     * @param limit 1 to {@value ConversationQuery#MAX_LIMIT}
     */
    public List<ConversationView> listAll(String appId, String startingAfter, int limit) {
        requireApp.accept(appId);
        checkLimit(limit);
        List<String> ids = store.listIds(appId, startingAfter, limit);
        Map<String, Versioned<ConversationRecord>> records = store.load(appId, ids);
        List<ConversationView> views = new ArrayList<>();
        for (String id : ids) {
            Versioned<ConversationRecord> record = records.get(id);
            if (record != null) {
                views.add(view(record.value()));
            }
        }
        return views;
    }

    /**
     * Deletes the conversation with its participants and messages. Its id may be used again: the
     * store keeps the id's version in a tombstone, so a new conversation of that id continues its
     * versions and starts with no participant or message of the old one.
     *
     * @throws RosterException {@code NOT_FOUND} if there is no such conversation
     */
    public void delete(String appId, String conversationId) {
        requireApp.accept(appId);
        writer.update(appId, conversationId, current -> {
            requireConversation(current, conversationId);
            return new Plan<>(new ConversationWrite(conversationId, current.version(), null, null, List.of(), Set.of(),
                    List.of(), Set.of()), null);
        });
    }

    /**
     * Joins the user to the conversation, or overwrites the participant's access and notify
     * (null: the defaults ReadWrite and true). A user who left joins anew.
     *
     * @throws RosterException {@code NOT_FOUND} for an unknown conversation or user
     */
    public ConversationView putParticipant(String appId, String conversationId, String userId, Access access,
                                           Notify notify) {
        return putParticipant(appId, conversationId, userId, access, notify, Guard.NONE);
    }

    ConversationView putParticipant(String appId, String conversationId, String userId, Access access,
                                    Notify notify, Guard guard) {
        requireApp.accept(appId);
        requireUsers(appId, Set.of(userId), "userId");
        Access a = access == null ? Access.READ_WRITE : access;
        Notify n = notify == null ? Notify.ALL : notify;
        return writer.update(appId, conversationId, current -> {
            guard.check(current == null ? null : view(current.value()));
            requireConversation(current, conversationId);
            ConversationRecord record = current.value();
            InboxEntry existing = record.entries().get(userId);
            InboxEntry next;
            if (existing == null || existing.left()) {
                next = joined(appId, record, record.conversation(), userId, a, n, clock.millis());
            } else {
                Participation p = existing.participation();
                next = InboxEntry.of(record.conversation(), new Participation(userId, a, n, p.joinedAt(), p.readUntil()),
                        existing.lastMessageAt(), existing.unreadCount());
                if (next.equals(existing)) {
                    return new Plan<>(null, view(record));
                }
            }
            return entryPlan(conversationId, current, next);
        });
    }

    /**
     * Patches a participant's access (also {@link Access#NONE}), notify and readUntil.
     *
     * @throws RosterException {@code NOT_FOUND} if the conversation does not exist or the user is not a participant
     */
    public ConversationView patchParticipant(String appId, String conversationId, String userId,
                                             ParticipationPatch patch) {
        return patchParticipant(appId, conversationId, userId, patch, Guard.NONE);
    }

    ConversationView patchParticipant(String appId, String conversationId, String userId, ParticipationPatch patch,
                                      Guard guard) {
        requireApp.accept(appId);
        return writer.update(appId, conversationId, current -> {
            guard.check(current == null ? null : view(current.value()));
            InboxEntry existing = requireParticipant(current, conversationId, userId);
            ConversationRecord record = current.value();
            Participation before = existing.participation();
            Participation after = before.apply(patch);
            if (after == before) {
                return new Plan<>(null, view(record));
            }
            long unread = after.readUntil() == before.readUntil() ? existing.unreadCount()
                    : existing.lastMessageAt() == null ? 0 : store.countMessages(appId, conversationId, after.readUntil(), userId);
            return entryPlan(conversationId, current,
                    InboxEntry.of(record.conversation(), after, existing.lastMessageAt(), unread));
        });
    }

    /**
     * The user leaves: the participation ends. The user's entry stays, marked left and frozen,
     * for API versions before 2021-07-30 (see {@link InboxEntry}).
     *
     * @throws RosterException {@code NOT_FOUND} if the conversation does not exist or the user is not a participant
     */
    public void leave(String appId, String conversationId, String userId) {
        leave(appId, conversationId, userId, Guard.NONE);
    }

    void leave(String appId, String conversationId, String userId, Guard guard) {
        requireApp.accept(appId);
        writer.update(appId, conversationId, current -> {
            guard.check(current == null ? null : view(current.value()));
            InboxEntry existing = requireParticipant(current, conversationId, userId);
            return entryPlan(conversationId, current, existing.leave());
        });
    }

    /**
     * Marks everything in the conversation read for the user (readUntil moves to the last message).
     *
     * @throws RosterException {@code NOT_FOUND} if the conversation does not exist or the user is not a participant
     */
    public void markRead(String appId, String conversationId, String userId) {
        requireApp.accept(appId);
        writer.update(appId, conversationId, current -> {
            InboxEntry existing = requireParticipant(current, conversationId, userId);
            Participation p = existing.participation();
            long readUntil = Math.max(p.readUntil(), existing.lastMessageAt() == null ? 0 : existing.lastMessageAt());
            if (readUntil == p.readUntil() && existing.unreadCount() == 0) {
                return new Plan<>(null, view(current.value()));
            }
            Participation next = new Participation(userId, p.access(), p.notification(), p.joinedAt(), readUntil);
            long unread = store.countMessages(appId, conversationId, readUntil, userId);
            return entryPlan(conversationId, current,
                    InboxEntry.of(current.value().conversation(), next, existing.lastMessageAt(), unread));
        });
    }

    /**
     * Sends 1 to {@value #MAX_MESSAGES} messages at once, atomically; a user message's sender must
     * be a participant. A message whose idempotency key was used before in this conversation (or
     * earlier in the same call) creates nothing and answers the earlier message's id.
     *
     * @return the message ids, in the order given
     * @throws RosterException {@code NOT_FOUND} for an unknown conversation, {@code INVALID_ARGUMENT}
     *                         for a bad batch, a sender who is not a participant or an unknown referenced message
     */
    public List<String> send(String appId, String conversationId, List<NewMessage> messages) {
        return add(appId, conversationId, messages, false);
    }

    /**
     * Imports 1 to {@value #MAX_MESSAGES} messages with their original timestamps, in any order;
     * they are listed by timestamp. Otherwise as {@link #send}.
     *
     * @throws RosterException as {@link #send}, and {@code INVALID_ARGUMENT} for a message without timestamp
     */
    public List<String> importMessages(String appId, String conversationId, List<NewMessage> messages) {
        return add(appId, conversationId, messages, true);
    }

    /**
     * Messages newest first, after the message {@code startingAfter} (null: from the newest).
     *
     * @throws RosterException {@code NOT_FOUND} for an unknown conversation, {@code INVALID_ARGUMENT}
     *                         for an unknown startingAfter or a bad limit
     */
    public List<Message> messages(String appId, String conversationId, String startingAfter, int limit) {
        requireApp.accept(appId);
        checkLimit(limit);
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

    /**
     * Edits a message's text and custom data (custom key by key); sets editedAt.
     *
     * @throws RosterException {@code NOT_FOUND} for an unknown conversation or message
     */
    public Message editMessage(String appId, String conversationId, String messageId, MessagePatch patch) {
        requireApp.accept(appId);
        FieldPatch<String> text = patch.text();
        FieldPatch<KeyPatch<String>> custom = patch.custom();
        return writer.update(appId, conversationId, current -> {
            requireConversation(current, conversationId);
            Message before = requireMessage(appId, conversationId, messageId);
            String newText = text.applyTo(before.text(), before.text());
            var newCustom = custom.map(p -> p.applyTo(before.custom())).applyTo(before.custom(), new TreeMap<>());
            if (newText.equals(before.text()) && newCustom.equals(before.custom())) {
                return new Plan<>(null, before);
            }
            Message after = before.edit(newText, newCustom, clock.millis());
            return new Plan<>(write(conversationId, current, current.value().conversation(), lastId(current.value()),
                    List.of(), Set.of(), List.of(after), Set.of()), after);
        });
    }

    /**
     * Deletes a message; unread counts and the last message of the participants are recomputed.
     *
     * @throws RosterException {@code NOT_FOUND} for an unknown conversation or message
     */
    public void deleteMessage(String appId, String conversationId, String messageId) {
        requireApp.accept(appId);
        writer.update(appId, conversationId, current -> {
            requireConversation(current, conversationId);
            Message gone = requireMessage(appId, conversationId, messageId);
            ConversationRecord record = current.value();
            Message last = record.lastMessage();
            if (last != null && last.id().equals(messageId)) {
                last = store.messages(appId, conversationId, null, 2).stream()
                        .filter(m -> !m.id().equals(messageId)).findFirst().orElse(null);
            }
            Long lastAt = last == null ? null : last.createdAt();
            List<InboxEntry> entries = new ArrayList<>();
            for (InboxEntry entry : record.entries().values()) {
                if (entry.left()) {
                    continue;
                }
                long unread = entry.unreadCount() - (gone.isUnreadFor(entry.userId(), entry.readUntil()) ? 1 : 0);
                InboxEntry next = InboxEntry.of(record.conversation(), entry.participation(), lastAt, unread);
                if (!next.equals(entry)) {
                    entries.add(next);
                }
            }
            return new Plan<>(write(conversationId, current, record.conversation(), last == null ? null : last.id(),
                    entries, Set.of(), List.of(), Set.of(messageId)), null);
        });
    }

    /**
     * A rule a write must pass, checked on the very state the write is planned from (so a change
     * made meanwhile by another writer is checked again): it throws to refuse the write.
     */
    @FunctionalInterface
    interface Guard {
        /** Lets every write through. */
        Guard NONE = current -> { };

        /** Checks {@code current} (null when the conversation does not exist); throws to refuse. */
        void check(ConversationView current);
    }

    /**
     * A signed-in user's set or createIfNotExists (the Data API): creates the conversation with
     * {@code userId} as its only participant (access and notify from {@code mine}, by default
     * ReadWrite and true), or, unless {@code createOnly}, patches its fields and the user's own
     * participation. One compare-and-set; {@code guard} sees the state before it (not called when
     * {@code createOnly} finds the conversation).
     */
    ConversationView setAs(String appId, String conversationId, String userId, ConversationPatch patch,
                           ParticipationPatch mine, boolean createOnly, Guard guard) {
        requireApp.accept(appId);
        checkConversationId(conversationId);
        return writer.update(appId, conversationId, current -> {
            long now = clock.millis();
            if (current == null) {
                guard.check(null);
                requireUsers(appId, Set.of(userId), "userId");
                Conversation created = Conversation.create(conversationId, patch, now);
                InboxEntry entry = InboxEntry.of(created, Participation.join(userId, mine, now), null, 0);
                ConversationWrite write = write(conversationId, null, created, null, List.of(entry), Set.of(),
                        List.of(), Set.of());
                return new Plan<>(write, view(created, Map.of(userId, entry), null));
            }
            ConversationRecord record = current.value();
            if (createOnly) {
                return new Plan<>(null, view(record));
            }
            guard.check(view(record));
            Conversation before = record.conversation();
            Conversation after = before.apply(patch);
            Map<String, InboxEntry> entries = new HashMap<>();
            if (after != before) {
                record.entries().forEach((user, entry) -> entries.put(user, entry.withConversation(after)));
            }
            requireParticipant(current, conversationId, userId);
            InboxEntry own = entries.getOrDefault(userId, record.entries().get(userId));
            Participation participation = own.participation().apply(mine);
            if (participation != own.participation()) {
                entries.put(userId, InboxEntry.of(after, participation, own.lastMessageAt(), own.unreadCount()));
            }
            if (entries.isEmpty()) {
                return new Plan<>(null, view(record));
            }
            ConversationWrite write = write(conversationId, current, after, lastId(record), entries.values(),
                    Set.of(), List.of(), Set.of());
            return new Plan<>(write, view(after, merged(record, entries), record.lastMessage()));
        });
    }

    /**
     * One page of the user's conversations (SPEC §5): the version rules, cursor and filter of
     * {@code query}, answered by the store in one indexed query plus one batched load of the
     * page's conversations.
     *
     * @throws RosterException {@code NOT_FOUND} for an unknown app, or an unknown user from API
     *                         version 2024-01-01 (before it: an empty list); {@code INVALID_ARGUMENT}
     *                         when startingAfter names no conversation of the user's list
     */
    public List<UserConversation> list(String appId, ConversationQuery query) {
        requireApp.accept(appId);
        String userId = query.userId();
        if (users.load(appId, List.of(userId)).isEmpty()) {
            if (query.unknownUserIsError()) {
                throw RosterException.notFound("There is no user with id " + userId + ".");
            }
            return List.of();
        }
        InboxCursor cursor = null;
        if (query.startingAfter() != null) {
            Versioned<ConversationRecord> from = store.load(appId, List.of(query.startingAfter())).get(query.startingAfter());
            InboxEntry entry = from == null ? null : from.value().entries().get(userId);
            if (entry == null || (entry.left() && !query.includesLeft())) {
                throw RosterException.invalid("startingAfter names no conversation of user " + userId + ": "
                        + query.startingAfter(), Violations.of("startingAfter", "User " + userId
                        + " has no conversation " + query.startingAfter() + "."));
            }
            cursor = InboxCursor.after(entry, query.effectiveOrder());
        } else if (query.offsetTs() != null) {
            cursor = InboxCursor.at(query.offsetTs());
        }
        InboxQuery inboxQuery = new InboxQuery(userId, query.effectiveOrder(), query.effectiveDirection(), cursor,
                query.lastMessageBefore(), query.lastMessageAfter(), query.unreadsOnly(), query.includesLeft(),
                query.filter(), query.limit());
        List<InboxEntry> page = store.listInbox(appId, inboxQuery);
        Map<String, Versioned<ConversationRecord>> records =
                store.load(appId, page.stream().map(InboxEntry::conversationId).toList());
        List<UserConversation> result = new ArrayList<>();
        for (InboxEntry entry : page) {
            Versioned<ConversationRecord> record = records.get(entry.conversationId());
            if (record != null) {
                result.add(new UserConversation(view(record.value()), entry));
            }
        }
        return result;
    }


    private List<String> add(String appId, String conversationId, List<NewMessage> messages, boolean imported) {
        requireApp.accept(appId);
        if (messages.isEmpty() || messages.size() > MAX_MESSAGES) {
            throw RosterException.invalid("Send 1 to " + MAX_MESSAGES + " messages; got " + messages.size() + ".",
                    Violations.of(Violations.WHOLE, "Expected 1 to " + MAX_MESSAGES + " messages, got " + messages.size() + "."));
        }
        Violations.Builder problems = new Violations.Builder();
        for (int i = 0; i < messages.size(); i++) {
            if (imported && messages.get(i).timestamp() == null) {
                problems.add("[" + i + "].timestamp", "An imported message needs its original timestamp.");
            }
        }
        problems.build().throwIfAny("The messages");
        return writer.update(appId, conversationId, current -> {
            requireConversation(current, conversationId);
            ConversationRecord record = current.value();
            Violations.Builder invalid = new Violations.Builder();
            Set<String> references = new LinkedHashSet<>();
            Set<String> keys = new LinkedHashSet<>();
            for (int i = 0; i < messages.size(); i++) {
                NewMessage m = messages.get(i);
                if (m.type() == MessageType.USER_MESSAGE) {
                    InboxEntry sender = record.entries().get(m.senderId());
                    if (sender == null || sender.left()) {
                        invalid.add("[" + i + "].sender", "User " + m.senderId() + " is not a participant of " + conversationId + ".");
                    }
                }
                if (m.referencedMessageId() != null) {
                    references.add(m.referencedMessageId());
                }
                if (m.idempotencyKey() != null) {
                    keys.add(m.idempotencyKey());
                }
            }
            Map<String, Message> referenced = references.isEmpty() ? Map.of()
                    : store.findMessages(appId, conversationId, references);
            for (int i = 0; i < messages.size(); i++) {
                String ref = messages.get(i).referencedMessageId();
                if (ref != null && !referenced.containsKey(ref)) {
                    invalid.add("[" + i + "].referencedMessageId", "No message " + ref + " in conversation " + conversationId + ".");
                }
            }
            invalid.build().throwIfAny("The messages");
            Map<String, String> usedKeys = new HashMap<>(keys.isEmpty() ? Map.of()
                    : store.idempotencyKeys(appId, conversationId, keys));
            long now = clock.millis();
            List<String> ids = new ArrayList<>();
            List<Message> created = new ArrayList<>();
            for (NewMessage m : messages) {
                String existing = m.idempotencyKey() == null ? null : usedKeys.get(m.idempotencyKey());
                if (existing != null) {
                    ids.add(existing);
                    continue;
                }
                long at = m.timestamp() == null ? now : m.timestamp();
                Message message = new Message(MessageIds.next(now), conversationId, m.type(), m.senderId(), m.text(),
                        m.custom(), at, null, imported ? "import" : "rest", m.referencedMessageId(), m.idempotencyKey());
                created.add(message);
                ids.add(message.id());
                if (m.idempotencyKey() != null) {
                    usedKeys.put(m.idempotencyKey(), message.id());
                }
            }
            if (created.isEmpty()) {
                return new Plan<>(null, ids);
            }
            Message last = record.lastMessage();
            for (Message m : created) {
                if (last == null || m.isAfter(last)) {
                    last = m;
                }
            }
            List<InboxEntry> entries = new ArrayList<>();
            for (InboxEntry entry : record.entries().values()) {
                if (entry.left()) {
                    continue;
                }
                long unread = entry.unreadCount()
                        + created.stream().filter(m -> m.isUnreadFor(entry.userId(), entry.readUntil())).count();
                entries.add(InboxEntry.of(record.conversation(), entry.participation(), last.createdAt(), unread));
            }
            return new Plan<>(write(conversationId, current, record.conversation(), last.id(), entries, Set.of(),
                    created, Set.of()), ids);
        });
    }

    private InboxEntry joined(String appId, ConversationRecord record, Conversation conversation, String userId,
                              Access access, Notify notify, long now) {
        InboxEntry previous = record == null ? null : record.entries().get(userId);
        long readUntil = previous == null ? 0 : previous.readUntil();
        Long lastMessageAt = record == null || record.lastMessage() == null ? null : record.lastMessage().createdAt();
        long unread = lastMessageAt == null ? 0 : store.countMessages(appId, conversation.id(), readUntil, userId);
        return InboxEntry.of(conversation, new Participation(userId, access, notify, now, readUntil), lastMessageAt, unread);
    }

    private Plan<ConversationView> entryPlan(String conversationId, Versioned<ConversationRecord> current, InboxEntry next) {
        ConversationRecord record = current.value();
        ConversationWrite write = write(conversationId, current, record.conversation(), lastId(record), List.of(next),
                Set.of(), List.of(), Set.of());
        ConversationView view = view(record.conversation(), merged(record, Map.of(next.userId(), next)), record.lastMessage());
        return new Plan<>(write, view);
    }

    private static ConversationWrite write(String conversationId, Versioned<ConversationRecord> current,
                                           Conversation conversation, String lastMessageId,
                                           Collection<InboxEntry> entries, Set<String> removeEntries,
                                           List<Message> messages, Set<String> removeMessages) {
        return new ConversationWrite(conversationId, current == null ? 0 : current.version(), conversation,
                lastMessageId, List.copyOf(entries), removeEntries, messages, removeMessages);
    }

    private static Map<String, InboxEntry> merged(ConversationRecord record, Map<String, InboxEntry> changed) {
        Map<String, InboxEntry> all = new LinkedHashMap<>(record == null ? Map.of() : record.entries());
        all.putAll(changed);
        return all;
    }

    private static String lastId(ConversationRecord record) {
        return record == null || record.lastMessage() == null ? null : record.lastMessage().id();
    }

    private static ConversationView view(ConversationRecord record) {
        return view(record.conversation(), record.entries(), record.lastMessage());
    }

    private static ConversationView view(Conversation conversation, Map<String, InboxEntry> entries, Message last) {
        Map<String, InboxEntry> participants = new TreeMap<>();
        entries.forEach((user, entry) -> {
            if (!entry.left()) {
                participants.put(user, entry);
            }
        });
        return new ConversationView(conversation, participants, last);
    }

    private Message requireMessage(String appId, String conversationId, String messageId) {
        Message message = store.findMessages(appId, conversationId, List.of(messageId)).get(messageId);
        if (message == null) {
            throw RosterException.notFound("There is no message " + messageId + " in conversation " + conversationId + ".");
        }
        return message;
    }

    private static void requireConversation(Versioned<ConversationRecord> current, String conversationId) {
        if (current == null) {
            throw RosterException.notFound("There is no conversation with id " + conversationId + ".");
        }
    }

    private static InboxEntry requireParticipant(Versioned<ConversationRecord> current, String conversationId,
                                                 String userId) {
        requireConversation(current, conversationId);
        InboxEntry entry = current.value().entries().get(userId);
        if (entry == null || entry.left()) {
            throw RosterException.notFound("User " + userId + " is not a participant of conversation " + conversationId + ".");
        }
        return entry;
    }

    private void requireUsers(String appId, Set<String> userIds, String field) {
        if (userIds.isEmpty()) {
            return;
        }
        Violations.Builder problems = new Violations.Builder();
        userIds.forEach(id -> User.idProblems(id).forEach(p -> problems.add(field, p)));
        problems.build().throwIfAny("The participants");
        Map<String, ?> found = users.load(appId, userIds);
        List<String> missing = userIds.stream().filter(id -> !found.containsKey(id)).toList();
        if (!missing.isEmpty()) {
            throw RosterException.notFound("There is no user with id " + String.join(", ", missing) + ".");
        }
    }

    private static void checkConversationId(String conversationId) {
        Violations.Builder problems = new Violations.Builder();
        Conversation.idProblems(conversationId).forEach(p -> problems.add("id", p));
        problems.build().throwIfAny("The conversation id");
    }

    private static void checkLimit(int limit) {
        if (limit < 1 || limit > ConversationQuery.MAX_LIMIT) {
            throw RosterException.invalid("limit must be between 1 and " + ConversationQuery.MAX_LIMIT + "; got " + limit + ".",
                    Violations.of("limit", "Must be between 1 and " + ConversationQuery.MAX_LIMIT + "; got " + limit + "."));
        }
    }
}
