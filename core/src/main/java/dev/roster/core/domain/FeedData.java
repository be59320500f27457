package dev.roster.core.domain;

import java.util.List;
import java.util.Objects;

/**
 * The resource a {@link FeedEvent} carries: its state right after the change, as the trusted API
 * shows it, or for a removal only its id. Recorded with the change in the same atomic write, so
 * it stays the state after <em>that</em> change however the resource changes later.
 */
public sealed interface FeedData {

    /**
     * A user after the change.
     *
     * @param user the user, private fields included
     */
    record UserState(User user) implements FeedData {
        /**
         * Checks the field.
         *
         * @param user the user
         */
        public UserState {
            Objects.requireNonNull(user, "user");
        }
    }

    /**
     * A conversation after the change, with its current participants and last message.
     *
     * @param conversation the conversation
     */
    record ConversationState(ConversationView conversation) implements FeedData {
        /**
         * Checks the field.
         *
         * @param conversation the conversation
         */
        public ConversationState {
            Objects.requireNonNull(conversation, "conversation");
        }
    }

    /**
     * A participation after the change ({@link InboxEntry#left()} for a user who left).
     *
     * @param participant the user's entry in the conversation
     */
    record ParticipantState(InboxEntry participant) implements FeedData {
        /**
         * Checks the field.
         *
         * @param participant the entry
         */
        public ParticipantState {
            Objects.requireNonNull(participant, "participant");
        }
    }

    /**
     * A message after the change.
     *
     * @param message the message
     * @param readBy  the participants who had read it right after the change, in user id order
     */
    record MessageState(Message message, List<String> readBy) implements FeedData {
        /**
         * Checks the fields and copies the list.
         *
         * @param message the message
         * @param readBy  who had read it
         */
        public MessageState {
            Objects.requireNonNull(message, "message");
            readBy = List.copyOf(readBy);
        }
    }

    /**
     * A resource that no longer exists after the change: only its id is left.
     *
     * @param id the id of the erased user, or of the deleted conversation or message
     */
    record Removed(String id) implements FeedData {
        /**
         * Checks the field.
         *
         * @param id the id
         */
        public Removed {
            Objects.requireNonNull(id, "id");
        }
    }
}
