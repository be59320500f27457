package dev.roster.core.internal;

import dev.roster.core.domain.ConversationChange;
import dev.roster.core.domain.ConversationRecord;
import dev.roster.core.domain.ConversationView;
import dev.roster.core.domain.FeedData;
import dev.roster.core.domain.FeedEventType;
import dev.roster.core.domain.InboxEntry;
import dev.roster.core.domain.Message;
import dev.roster.core.domain.User;
import dev.roster.core.internal.FeedCodec.Item;
import dev.roster.core.spi.FeedEntry;

import java.util.ArrayList;
import java.util.List;

/**
 * Derives the change feed's events of a write from the state before and after it: the one place
 * that says which write is which event. Writers call it where they build a write, and the events
 * are stored with the write's change-log entry.
 */
public final class FeedEvents {

    private FeedEvents() {
    }

    /**
     * What the change-log entry of one user write records: its one event, made {@code at}.
     *
     * @param before the user as read, or null for a new user
     * @param after  the user as written
     * @param erase  whether the write is the erase rule ({@code UserPatch.erase})
     * @param at     when the write is made, Unix milliseconds
     * @return the entry's feed fields
     */
    public static FeedEntry userEntry(User before, User after, boolean erase, long at) {
        return new FeedEntry(at, FeedCodec.encode(List.of(ofUser(before, after, erase))));
    }

    /**
     * The event of one user write.
     *
     * @param before the user as read, or null for a new user
     * @param after  the user as written
     * @param erase  whether the write is the erase rule ({@code UserPatch.erase})
     * @return its event
     */
    private static Item ofUser(User before, User after, boolean erase) {
        return new Item(userType(before, after, erase), after.id(), null, new FeedData.UserState(after));
    }

    /**
     * What a user write is: an erase, a create, a change of {@link User#deactivated()} (deactivation
     * or reactivation), or else an update.
     */
    private static FeedEventType userType(User before, User after, boolean erase) {
        if (erase) {
            return FeedEventType.USER_ERASED;
        }
        if (before == null) {
            return FeedEventType.USER_CREATED;
        }
        if (before.deactivated() != after.deactivated()) {
            return after.deactivated() ? FeedEventType.USER_DEACTIVATED : FeedEventType.USER_REACTIVATED;
        }
        return FeedEventType.USER_UPDATED;
    }

    /**
     * The events of one conversation write, in this order: the conversation created or updated,
     * then each participant joined, updated or left (in user id order), then each message created
     * or updated (in the write's order), then each message deleted. Entries that change only what
     * follows from other changes (unread counts, last activity, the conversation's copied fields)
     * make no participant event.
     *
     * @param before the aggregate as read, or null for a create
     * @param change what the write changes
     * @return its events, possibly none
     */
    public static List<Item> ofConversation(ConversationRecord before, ConversationChange change) {
        ConversationRecord after = change.after();
        String conversationId = after.conversation().id();
        ConversationView view = after.view();
        List<Item> items = new ArrayList<>();
        if (before == null) {
            items.add(new Item(FeedEventType.CONVERSATION_CREATED, null, conversationId,
                    new FeedData.ConversationState(view)));
        } else if (!before.conversation().equals(after.conversation())) {
            items.add(new Item(FeedEventType.CONVERSATION_UPDATED, null, conversationId,
                    new FeedData.ConversationState(view)));
        }
        change.entries().stream().sorted((a, b) -> a.userId().compareTo(b.userId())).forEach(entry -> {
            FeedEventType type = participantType(before == null ? null : before.entries().get(entry.userId()), entry);
            if (type != null) {
                items.add(new Item(type, entry.userId(), conversationId, new FeedData.ParticipantState(entry)));
            }
        });
        for (Message message : change.messages()) {
            // A message is written either new or edited, and only an edit sets editedAt.
            FeedEventType type = message.editedAt() == null ? FeedEventType.MESSAGE_CREATED : FeedEventType.MESSAGE_UPDATED;
            items.add(new Item(type, message.senderId(), conversationId,
                    new FeedData.MessageState(message, view.readBy(message))));
        }
        change.removedMessages().stream().sorted().forEach(id -> items.add(new Item(FeedEventType.MESSAGE_DELETED, null,
                conversationId, new FeedData.Removed(id))));
        return items;
    }

    /**
     * The event of a conversation delete.
     *
     * @param conversationId the deleted conversation
     * @return its events
     */
    public static List<Item> ofConversationDelete(String conversationId) {
        return List.of(new Item(FeedEventType.CONVERSATION_DELETED, null, conversationId,
                new FeedData.Removed(conversationId)));
    }

    private static FeedEventType participantType(InboxEntry before, InboxEntry after) {
        boolean was = before != null && !before.left();
        if (!was) {
            return after.left() ? null : FeedEventType.PARTICIPANT_JOINED;
        }
        if (after.left()) {
            return FeedEventType.PARTICIPANT_LEFT;
        }
        return before.participation().equals(after.participation()) ? null : FeedEventType.PARTICIPANT_UPDATED;
    }

}
