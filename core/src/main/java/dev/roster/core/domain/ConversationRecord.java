package dev.roster.core.domain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.ToLongFunction;

/**
 * A conversation as one aggregate: its own fields, its last message, and every user's entry
 * (participants, and users who left, marked {@link InboxEntry#left()}). Versioned as a whole by
 * the store: every write of any part is one compare-and-set on the conversation's version.
 *
 * <p>Every rule of a conversation write lives here as a pure function that answers the
 * {@link ConversationChange} it makes (empty when nothing changes), with every stored value
 * computed: entries with their unread counts and last activity, the last message. The one thing
 * an aggregate does not hold, the messages older than its last, is asked of an {@code unread}
 * counter: it answers how many messages of this conversation are unread for a participation
 * (created after its {@code readUntil}, not sent by its user; system messages always count), and
 * is only called when the conversation has messages.
 *
 * @param conversation the conversation's own fields
 * @param lastMessage  the last message in (createdAt, id) order, or null when there is none;
 *                     the store resolves it from the id a write stores
 * @param entries      every entry of the conversation keyed by user id, sorted
 */
public record ConversationRecord(Conversation conversation, Message lastMessage, Map<String, InboxEntry> entries) {

    /**
     * Copies the entries.
     *
     * @param conversation the conversation's own fields
     * @param lastMessage  the last message, or null when there is none
     * @param entries      every entry of the conversation keyed by user id
     */
    public ConversationRecord {
        Objects.requireNonNull(conversation, "conversation");
        entries = Collections.unmodifiableMap(new TreeMap<>(entries));
    }

    /**
     * A new conversation: {@code patch} applied, its participants joined with ReadWrite access and notify on.
     *
     * @param conversationId the new conversation's id
     * @param patch          its fields and participants
     * @param now            the creation and join time, Unix milliseconds
     * @return the change that creates it
     */
    public static ConversationChange create(String conversationId, ConversationPatch patch, long now) {
        Conversation created = Conversation.create(conversationId, patch, now);
        List<InboxEntry> joined = new ArrayList<>();
        for (String user : patch.participants()) {
            joined.add(InboxEntry.of(created, new Participation(user, Access.READ_WRITE, Notify.ALL, now, 0), null, 0));
        }
        return new ConversationRecord(created, null, Map.of()).change(created, joined);
    }

    /**
     * A new conversation created by a signed-in user (the Data API): {@code patch} applied, the
     * user its only participant with {@code mine} (by default ReadWrite, notify on).
     *
     * @param conversationId the new conversation's id
     * @param userId         the signed-in user
     * @param patch          the conversation's fields
     * @param mine           the user's own access and notify
     * @param now            the creation and join time, Unix milliseconds
     * @return the change that creates it
     */
    public static ConversationChange createBy(String conversationId, String userId, ConversationPatch patch,
                                              ParticipationPatch mine, long now) {
        Conversation created = Conversation.create(conversationId, patch, now);
        InboxEntry entry = InboxEntry.of(created, Participation.join(userId, mine, now), null, 0);
        return new ConversationRecord(created, null, Map.of()).change(created, List.of(entry));
    }

    /** {@return what callers see: the fields, the current participants (not who left) and the last message} */
    public ConversationView view() {
        Map<String, InboxEntry> participants = new TreeMap<>();
        entries.forEach((user, entry) -> {
            if (!entry.left()) {
                participants.put(user, entry);
            }
        });
        return new ConversationView(conversation, participants, lastMessage);
    }

    /**
     * The user's entry as a current participant.
     *
     * @param userId the user
     * @return the entry, or null when the user never joined or left
     */
    public InboxEntry participant(String userId) {
        InboxEntry entry = entries.get(userId);
        return entry == null || entry.left() ? null : entry;
    }

    /**
     * The user's entry as a current participant.
     *
     * @param userId the user
     * @return the entry
     * @throws RosterException {@link ErrorCode#NOT_FOUND} if the user is not a participant
     */
    public InboxEntry requireParticipant(String userId) {
        InboxEntry entry = participant(userId);
        if (entry == null) {
            throw RosterException.notFound("User " + userId + " is not a participant of conversation "
                    + conversation.id() + ".");
        }
        return entry;
    }

    /**
     * Whether {@code messageId} is the last message.
     *
     * @param messageId a message id
     * @return true when it is the id of the last message
     */
    public boolean isLastMessage(String messageId) {
        return lastMessage != null && lastMessage.id().equals(messageId);
    }

    /**
     * The upsert rule: {@code patch} applied to the fields (every entry follows them), and its
     * participants who are not taking part (new, or who left) joined with ReadWrite access and
     * notify on, keeping the readUntil of an earlier participation.
     *
     * @param patch  the fields to change and the participants to add
     * @param now    the join time of new participants, Unix milliseconds
     * @param unread counts a participation's unread messages
     * @return the change, or empty when nothing changes
     */
    public Optional<ConversationChange> update(ConversationPatch patch, long now, ToLongFunction<Participation> unread) {
        Conversation after = conversation.apply(patch);
        Map<String, InboxEntry> changed = withConversation(after);
        for (String user : patch.participants()) {
            if (participant(user) == null) {
                changed.put(user, joined(after, user, Access.READ_WRITE, Notify.ALL, now, unread));
            }
        }
        return after == conversation && changed.isEmpty() ? Optional.empty()
                : Optional.of(change(after, changed.values()));
    }

    /**
     * Joins the user with this access and notify, or overwrites them for a current participant
     * (who keeps the join time, readUntil and unread count). A user who left joins anew.
     *
     * @param userId the user
     * @param access the access to give
     * @param notify the notify setting to give
     * @param now    the join time if the user joins, Unix milliseconds
     * @param unread counts a participation's unread messages
     * @return the change, or empty when nothing changes
     */
    public Optional<ConversationChange> putParticipant(String userId, Access access, Notify notify, long now,
                                                       ToLongFunction<Participation> unread) {
        InboxEntry existing = participant(userId);
        if (existing == null) {
            return Optional.of(change(conversation, List.of(joined(conversation, userId, access, notify, now, unread))));
        }
        Participation p = existing.participation();
        InboxEntry next = InboxEntry.of(conversation, new Participation(userId, access, notify, p.joinedAt(), p.readUntil()),
                existing.lastMessageAt(), existing.unreadCount());
        return next.equals(existing) ? Optional.empty() : Optional.of(change(conversation, List.of(next)));
    }

    /**
     * Patches a participant's access, notify and readUntil; a moved readUntil recounts the unread messages.
     *
     * @param userId the participant
     * @param patch  the change of the participation
     * @param unread counts a participation's unread messages
     * @return the change, or empty when nothing changes
     * @throws RosterException {@link ErrorCode#NOT_FOUND} if the user is not a participant
     */
    public Optional<ConversationChange> patchParticipant(String userId, ParticipationPatch patch,
                                                         ToLongFunction<Participation> unread) {
        InboxEntry existing = requireParticipant(userId);
        Participation before = existing.participation();
        Participation after = before.apply(patch);
        if (after == before) {
            return Optional.empty();
        }
        long count = after.readUntil() == before.readUntil() ? existing.unreadCount()
                : existing.hasMessages() ? unread.applyAsLong(after) : 0;
        return Optional.of(change(conversation, List.of(InboxEntry.of(conversation, after, existing.lastMessageAt(), count))));
    }

    /**
     * The user leaves: the entry stays, marked left, its activity values frozen.
     *
     * @param userId the participant who leaves
     * @return the change
     * @throws RosterException {@link ErrorCode#NOT_FOUND} if the user is not a participant
     */
    public ConversationChange leave(String userId) {
        return change(conversation, List.of(requireParticipant(userId).leave()));
    }

    /**
     * Marks everything read for the user: readUntil moves to the last message's time.
     *
     * @param userId the participant
     * @param unread counts a participation's unread messages
     * @return the change, or empty when everything is read already
     * @throws RosterException {@link ErrorCode#NOT_FOUND} if the user is not a participant
     */
    public Optional<ConversationChange> markRead(String userId, ToLongFunction<Participation> unread) {
        InboxEntry existing = requireParticipant(userId);
        Participation p = existing.participation();
        long readUntil = Math.max(p.readUntil(), existing.hasMessages() ? existing.lastMessageAt() : 0);
        if (readUntil == p.readUntil() && existing.unreadCount() == 0) {
            return Optional.empty();
        }
        Participation next = new Participation(userId, p.access(), p.notification(), p.joinedAt(), readUntil);
        long count = existing.hasMessages() ? unread.applyAsLong(next) : 0;
        return Optional.of(change(conversation, List.of(InboxEntry.of(conversation, next, existing.lastMessageAt(), count))));
    }

    /**
     * A signed-in user's set (the Data API): {@code patch} applied to the fields and {@code mine}
     * to the user's own participation.
     *
     * @param userId the signed-in user
     * @param patch  the conversation's fields
     * @param mine   the user's own access and notify
     * @return the change, or empty when nothing changes
     * @throws RosterException {@link ErrorCode#NOT_FOUND} if the user is not a participant
     */
    public Optional<ConversationChange> setBy(String userId, ConversationPatch patch, ParticipationPatch mine) {
        Conversation after = conversation.apply(patch);
        Map<String, InboxEntry> changed = withConversation(after);
        requireParticipant(userId);
        InboxEntry own = changed.getOrDefault(userId, entries.get(userId));
        Participation participation = own.participation().apply(mine);
        if (participation != own.participation()) {
            changed.put(userId, InboxEntry.of(after, participation, own.lastMessageAt(), own.unreadCount()));
        }
        return changed.isEmpty() ? Optional.empty() : Optional.of(change(after, changed.values()));
    }

    /**
     * What is wrong with sending these messages here: a user message's sender must be a current
     * participant. Keyed {@code [i].sender}.
     *
     * @param messages the messages to send, in order
     * @return the problems, empty when all may be sent
     */
    public Violations senderProblems(List<NewMessage> messages) {
        Violations.Builder problems = new Violations.Builder();
        for (int i = 0; i < messages.size(); i++) {
            NewMessage m = messages.get(i);
            if (m.type() == MessageType.USER_MESSAGE && participant(m.senderId()) == null) {
                problems.add("[" + i + "].sender", "User " + m.senderId() + " is not a participant of "
                        + conversation.id() + ".");
            }
        }
        return problems.build();
    }

    /**
     * Adds new messages: the last message becomes the latest of them and the old last, and each
     * participant's unread count grows by the new messages unread for them.
     *
     * @param created at least one message
     * @return the change
     */
    public ConversationChange add(List<Message> created) {
        Message last = lastMessage;
        for (Message m : created) {
            if (last == null || m.isAfter(last)) {
                last = m;
            }
        }
        List<InboxEntry> changed = new ArrayList<>();
        for (InboxEntry entry : entries.values()) {
            if (!entry.left()) {
                long unread = entry.unreadCount()
                        + created.stream().filter(m -> m.isUnreadFor(entry.userId(), entry.readUntil())).count();
                changed.add(InboxEntry.of(conversation, entry.participation(), last.createdAt(), unread));
            }
        }
        return new ConversationChange(merged(conversation, last, changed), changed, created, Set.of());
    }

    /**
     * Stores an edited message (entries do not change).
     *
     * @param edited the message after the edit
     * @return the change
     */
    public ConversationChange edit(Message edited) {
        Message last = isLastMessage(edited.id()) ? edited : lastMessage;
        return new ConversationChange(new ConversationRecord(conversation, last, entries), List.of(), List.of(edited),
                Set.of());
    }

    /**
     * Deletes a message: each participant's unread count drops if it was unread for them, and
     * {@code newLast} (the newest other message when {@code gone} was the last, else the last) is
     * the last message after it.
     *
     * @param gone    the deleted message
     * @param newLast the last message after the delete, or null when none is left
     * @return the change
     */
    public ConversationChange remove(Message gone, Message newLast) {
        Long lastAt = newLast == null ? null : newLast.createdAt();
        List<InboxEntry> changed = new ArrayList<>();
        for (InboxEntry entry : entries.values()) {
            if (!entry.left()) {
                long unread = entry.unreadCount() - (gone.isUnreadFor(entry.userId(), entry.readUntil()) ? 1 : 0);
                InboxEntry next = InboxEntry.of(conversation, entry.participation(), lastAt, unread);
                if (!next.equals(entry)) {
                    changed.add(next);
                }
            }
        }
        return new ConversationChange(merged(conversation, newLast, changed), changed, List.of(), Set.of(gone.id()));
    }

    /** Every entry with the conversation's new fields, or none when they did not change. */
    private Map<String, InboxEntry> withConversation(Conversation after) {
        Map<String, InboxEntry> changed = new LinkedHashMap<>();
        if (after != conversation) {
            entries.forEach((user, entry) -> changed.put(user, entry.withConversation(after)));
        }
        return changed;
    }

    /** The entry of a user who joins now, keeping the readUntil of an earlier participation. */
    private InboxEntry joined(Conversation target, String userId, Access access, Notify notify, long now,
                              ToLongFunction<Participation> unread) {
        InboxEntry previous = entries.get(userId);
        Participation participation = new Participation(userId, access, notify, now,
                previous == null ? 0 : previous.readUntil());
        Long lastMessageAt = lastMessage == null ? null : lastMessage.createdAt();
        return InboxEntry.of(target, participation, lastMessageAt,
                lastMessageAt == null ? 0 : unread.applyAsLong(participation));
    }

    private ConversationChange change(Conversation after, Collection<InboxEntry> changed) {
        return new ConversationChange(merged(after, lastMessage, changed), List.copyOf(changed), List.of(), Set.of());
    }

    private ConversationRecord merged(Conversation after, Message last, Collection<InboxEntry> changed) {
        Map<String, InboxEntry> all = new LinkedHashMap<>(entries);
        changed.forEach(entry -> all.put(entry.userId(), entry));
        return new ConversationRecord(after, last, all);
    }
}
