package dev.roster.core.domain;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a signed-in user may set on a conversation through the Data API ({@code set} and
 * {@code createIfNotExists}): the conversation's subject, photoUrl, welcomeMessages and custom
 * data, and the access and notify of the user's own participation. The update rule of users
 * applies (absent keeps, null resets, custom key by key). Topic and participants are not here: a
 * browser adds other users with {@code participant(id).set(…)}.
 *
 * @param conversation the conversation's fields (never topicId or participants)
 * @param mine         the signed-in user's own access and notify (never readUntil)
 */
public record ConversationParams(ConversationPatch conversation, ParticipationPatch mine) {

    private static final Set<String> CONVERSATION_FIELDS = Set.of("subject", "photoUrl", "welcomeMessages", "custom");
    private static final Set<String> PARTICIPATION_FIELDS = Set.of("access", "notify");

    /**
     * Checks that the params hold only what a browser may set.
     *
     * @param conversation the conversation's fields
     * @param mine         the signed-in user's own access and notify
     * @throws IllegalArgumentException if the patch sets topicId or participants, or readUntil
     */
    public ConversationParams {
        Objects.requireNonNull(conversation, "conversation");
        Objects.requireNonNull(mine, "mine");
        if (!(conversation.topicId() instanceof FieldPatch.Keep) || !conversation.participants().isEmpty()) {
            throw new IllegalArgumentException("a browser sets neither topicId nor participants");
        }
        if (!(mine.readUntil() instanceof FieldPatch.Keep)) {
            throw new IllegalArgumentException("a browser does not set readUntil here");
        }
    }

    /** {@return the params that change nothing} */
    public static ConversationParams none() {
        return new ConversationParams(ConversationPatch.none(), ParticipationPatch.none());
    }

    /**
     * These params with {@code subject} set.
     *
     * @param subject the subject; null resets it
     * @return a copy of these params with the subject
     */
    public ConversationParams withSubject(String subject) {
        return new ConversationParams(conversation.withSubject(subject), mine);
    }

    /**
     * These params with one custom key set, or removed when {@code value} is null.
     *
     * @param key   the custom key
     * @param value the value, or null to remove the key
     * @return a copy of these params with that key
     */
    public ConversationParams withCustom(String key, String value) {
        return new ConversationParams(conversation.withCustom(key, value), mine);
    }

    /**
     * These params with the signed-in user's own access and notify.
     *
     * @param access the access; null resets to ReadWrite
     * @param notify the notify setting; null resets to true
     * @return a copy of these params with that participation
     */
    public ConversationParams withParticipation(Access access, Notify notify) {
        return new ConversationParams(conversation, ParticipationPatch.of(access, notify));
    }

    /**
     * Reads params from a JSON-shaped map: {@code subject}, {@code photoUrl},
     * {@code welcomeMessages}, {@code custom}, {@code access}, {@code notify}.
     *
     * @param json           the decoded JSON object
     * @param conversationId the conversation the params are for, for the messages
     * @return the params
     * @throws RosterException {@link ErrorCode#INVALID_ARGUMENT} naming every bad or unknown field
     */
    public static ConversationParams fromJson(Map<String, ?> json, String conversationId) {
        Violations.Builder problems = new Violations.Builder();
        Map<String, Object> fields = new LinkedHashMap<>();
        Map<String, Object> participation = new LinkedHashMap<>();
        json.forEach((key, value) -> {
            if (CONVERSATION_FIELDS.contains(key)) {
                fields.put(key, value);
            } else if (PARTICIPATION_FIELDS.contains(key)) {
                participation.put(key, value);
            } else {
                Set<String> known = new TreeSet<>(CONVERSATION_FIELDS);
                known.addAll(PARTICIPATION_FIELDS);
                problems.add(key, "Unknown property " + key + "; expected one of " + String.join(", ", known) + ".");
            }
        });
        ConversationPatch patch = ConversationPatch.none();
        ParticipationPatch mine = ParticipationPatch.none();
        try {
            patch = ConversationPatch.fromJson(fields, conversationId);
        } catch (RosterException e) {
            problems.addAll("", e.violations());
        }
        try {
            mine = ParticipationPatch.fromJson(participation, false);
        } catch (RosterException e) {
            problems.addAll("", e.violations());
        }
        problems.build().throwIfAny("The conversation");
        return new ConversationParams(patch, mine);
    }
}
