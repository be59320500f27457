package dev.roster.core.domain;

import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A conversation's own fields (its participants and messages are separate values). Immutable.
 * The update rule lives in {@link #apply(ConversationPatch)}.
 *
 * @param id              unique and permanent inside the app (same rules as a user id)
 * @param subject         the subject, or null
 * @param photoUrl        the photo URL, or null
 * @param welcomeMessages the welcome messages, or null for none (TalkJS shows null)
 * @param custom          custom data, sorted by key
 * @param createdAt       when it was created, Unix milliseconds; never changed by an update
 * @param topicId         the topic id, or null
 */
public record Conversation(String id, String subject, String photoUrl, List<String> welcomeMessages,
                           SortedMap<String, String> custom, long createdAt, String topicId) {

    /**
     * Copies the welcome messages and custom data.
     *
     * @param id              the conversation id
     * @param subject         the subject, or null
     * @param photoUrl        the photo URL, or null
     * @param welcomeMessages the welcome messages, or null for none
     * @param custom          custom data
     * @param createdAt       when it was created, Unix milliseconds
     * @param topicId         the topic id, or null
     * @throws NullPointerException if the id or custom is null
     */
    public Conversation {
        Objects.requireNonNull(id, "id");
        welcomeMessages = welcomeMessages == null ? null : List.copyOf(welcomeMessages);
        custom = Collections.unmodifiableSortedMap(new TreeMap<>(custom));
    }

    /**
     * A new conversation with no field set, then {@code patch} applied.
     *
     * @param id        the conversation id
     * @param patch     the fields to set
     * @param createdAt when it is created, Unix milliseconds
     * @return the new conversation
     */
    public static Conversation create(String id, ConversationPatch patch, long createdAt) {
        return new Conversation(id, null, null, null, new TreeMap<>(), createdAt, null).apply(patch);
    }

    /**
     * This conversation after {@code patch}: absent fields are kept, null fields reset, custom is
     * patched key by key.
     *
     * @param patch the change
     * @return the conversation after the change, {@code this} when nothing changes
     */
    public Conversation apply(ConversationPatch patch) {
        Conversation next = new Conversation(id,
                patch.subject().applyTo(subject, null),
                patch.photoUrl().applyTo(photoUrl, null),
                patch.welcomeMessages().applyTo(welcomeMessages, null),
                patch.custom().map(p -> p.applyTo(custom)).applyTo(custom, new TreeMap<>()),
                createdAt,
                patch.topicId().applyTo(topicId, null));
        return next.equals(this) ? this : next;
    }

    /**
     * What is wrong with a conversation id (the rules of user ids).
     *
     * @param id a conversation id, may be null
     * @return one message per problem, empty when the id is fine
     */
    public static List<String> idProblems(String id) {
        return User.idProblems(id).stream().map(p -> p.replace("user id", "conversation id")).toList();
    }

    /**
     * Checks a conversation id given as {@code field}.
     *
     * @param id    the id to check, may be null
     * @param field the name of the field or parameter that holds it, for the error
     * @throws RosterException {@link ErrorCode#INVALID_ARGUMENT} naming {@code field} when it is not a valid id
     */
    public static void requireId(String id, String field) {
        Violations.Builder problems = new Violations.Builder();
        idProblems(id).forEach(p -> problems.add(field, p));
        problems.build().throwIfAny("The conversation id");
    }
}
