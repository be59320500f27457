package dev.roster.core.api;

import dev.roster.core.domain.Conversation;
import dev.roster.core.domain.User;

/**
 * What one signed-in, identity-verified user of one app may do: the Data API. Get one from
 * {@link Roster#session(String, String)} after verifying who the caller is. Thread-safe.
 */
public final class Session {

    private final Roster roster;
    private final String appId;
    private final String userId;

    Session(Roster roster, String appId, String userId) {
        this.roster = roster;
        this.appId = appId;
        this.userId = userId;
    }

    /** {@return the app this session belongs to} */
    public String appId() {
        return appId;
    }

    /** {@return the signed-in user's id} */
    public String userId() {
        return userId;
    }

    /**
     * A reference to any user of the app, existing or not.
     *
     * @param id the user id
     * @return the reference
     * @throws dev.roster.core.domain.RosterException if the id is not a valid user id
     */
    public UserRef user(String id) {
        User.requireId(id, "id");
        return new UserRef(roster, this, id);
    }

    /** {@return a reference to the signed-in user} */
    public UserRef me() {
        return new UserRef(roster, this, userId);
    }

    /**
     * A reference to any conversation of the app, existing or not, as this session's user sees
     * it: reads answer only its participants, writes follow the rules of {@link ConversationRef}.
     *
     * @param id the conversation id
     * @return the reference
     * @throws dev.roster.core.domain.RosterException if the id is not a valid conversation id
     */
    public ConversationRef conversation(String id) {
        Conversation.requireId(id, "id");
        return new ConversationRef(roster, this, id);
    }
}
