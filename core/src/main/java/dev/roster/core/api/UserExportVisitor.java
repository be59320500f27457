package dev.roster.core.api;

import dev.roster.core.domain.Message;
import dev.roster.core.domain.PresenceSession;
import dev.roster.core.domain.User;
import dev.roster.core.domain.UserConversation;
import dev.roster.core.domain.UserLifecycle;

/**
 * Receives everything stored about one user from {@link Roster#exportUser}, on the caller's
 * thread and in this order: {@link #user} once, then every {@link #conversation} the user takes
 * part in, every {@link #message} the user sent, and every live {@link #presence} session. Roster
 * reads each part from the store a page at a time and hands each item over as soon as it is read,
 * so a visitor that writes items out as they come (rather than collecting them) exports a user
 * of any size in constant memory. A visitor's exception ends the export and reaches the caller.
 */
public interface UserExportVisitor {

    /**
     * The user, private fields included, and their lifecycle state.
     *
     * @param user      the user
     * @param lifecycle when they were last active and whether they are deactivated
     */
    void user(User user, UserLifecycle lifecycle);

    /**
     * One conversation of the user, with the user's participation ({@link UserConversation#entry()}),
     * in (createdAt, id) order.
     *
     * @param conversation the conversation and the user's entry in it
     */
    void conversation(UserConversation conversation);

    /**
     * One message the user sent, in any conversation, newest first.
     *
     * @param message the message
     */
    void message(Message message);

    /**
     * One of the user's browser sessions alive now.
     *
     * @param session the session
     */
    void presence(PresenceSession session);
}
