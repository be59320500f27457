package dev.roster.core.domain;

/**
 * What a signed-in user may read and change through the Data API (a browser acting for them),
 * decided on the very state a read answers or a write is planned from.
 * <ul>
 *   <li>Reading a conversation needs no setting; it is answered only to its participants.</li>
 *   <li>Creating or changing a user needs the app's client user sync on.</li>
 *   <li>Creating or changing a conversation needs the app's client conversation sync on, and a
 *       change of an existing one (its fields, anyone's participation, leaving) needs the user to
 *       take part with ReadWrite access: a user cannot join a conversation they are not in, nor
 *       lift their own Read or None access.</li>
 * </ul>
 * Every refusal is {@link ErrorCode#FORBIDDEN}.
 */
public final class ClientAccess {

    private ClientAccess() {
    }

    /**
     * Refuses a user create or update when the app does not allow it from the browser.
     *
     * @param app the app of the signed-in user
     * @throws RosterException {@link ErrorCode#FORBIDDEN} when the app's client user sync is off
     */
    public static void requireUserSync(App app) {
        if (!app.settings().clientUserSync()) {
            throw RosterException.of(ErrorCode.FORBIDDEN, "Client-side user synchronisation is disabled for app "
                    + app.id() + ": create and update users through the REST API instead.");
        }
    }

    /**
     * Refuses a conversation create or change when the app does not allow it from the browser.
     *
     * @param app the app of the signed-in user
     * @throws RosterException {@link ErrorCode#FORBIDDEN} when the app's client conversation sync is off
     */
    public static void requireConversationSync(App app) {
        if (!app.settings().clientConversationSync()) {
            throw RosterException.of(ErrorCode.FORBIDDEN, "Client-side conversation synchronisation is disabled for app "
                    + app.id() + ": create and change conversations through the REST API instead.");
        }
    }

    /**
     * Refuses a change of the conversation unless {@code userId} takes part in {@code current}
     * (null: it does not exist) with ReadWrite access.
     *
     * @param current        the conversation as stored, or null if it does not exist
     * @param conversationId the conversation's id, for the message
     * @param userId         the signed-in user
     * @throws RosterException {@link ErrorCode#FORBIDDEN} otherwise
     */
    public static void requireWritable(ConversationView current, String conversationId, String userId) {
        InboxEntry mine = current == null ? null : current.participants().get(userId);
        if (mine == null) {
            throw RosterException.of(ErrorCode.FORBIDDEN, "User " + userId
                    + " is not a participant of conversation " + conversationId + " and may not change it.");
        }
        if (mine.access() != Access.READ_WRITE) {
            throw RosterException.of(ErrorCode.FORBIDDEN, "User " + userId + " has " + mine.access().wire()
                    + " access to conversation " + conversationId + "; only participants with ReadWrite access may change it.");
        }
    }

    /**
     * The conversation with {@code viewer}'s own entry, or null when it does not exist
     * ({@code view} null) or the viewer does not take part: the two are not told apart.
     *
     * @param view   the conversation, or null if it does not exist
     * @param viewer the signed-in user
     * @return the conversation with the viewer's entry, or null
     */
    public static UserConversation seenBy(ConversationView view, String viewer) {
        InboxEntry mine = view == null ? null : view.participants().get(viewer);
        return mine == null ? null : new UserConversation(view, mine);
    }

    /**
     * {@code userId}'s participation as {@code viewer} sees it: null when the conversation does
     * not exist, the viewer does not take part, or the user does not.
     *
     * @param view   the conversation, or null if it does not exist
     * @param viewer the signed-in user
     * @param userId the participant asked about
     * @return the participation, or null
     */
    public static Participation participationSeenBy(ConversationView view, String viewer, String userId) {
        if (seenBy(view, viewer) == null) {
            return null;
        }
        InboxEntry entry = view.participants().get(userId);
        return entry == null ? null : entry.participation();
    }
}
