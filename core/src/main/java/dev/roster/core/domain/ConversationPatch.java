package dev.roster.core.domain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * An update of a conversation with the rule of users: absent keeps, null resets, {@code custom}
 * is a key-wise patch. {@code participants} only adds users (with default access and notify).
 *
 * @param subject         the subject
 * @param photoUrl        the photo URL
 * @param welcomeMessages the welcome messages
 * @param custom          custom data, patched key by key; reset = none
 * @param topicId         the topic id
 * @param participants    users to add if they are not participants yet, in order
 */
public record ConversationPatch(FieldPatch<String> subject, FieldPatch<String> photoUrl,
                                FieldPatch<List<String>> welcomeMessages, FieldPatch<KeyPatch<String>> custom,
                                FieldPatch<String> topicId, Set<String> participants) {

    private static final Set<String> FIELDS = Set.of("id", "subject", "photoUrl", "welcomeMessages",
            "custom", "topicId", "participants");

    /**
     * Copies the participants.
     *
     * @param subject         the subject
     * @param photoUrl        the photo URL
     * @param welcomeMessages the welcome messages
     * @param custom          custom data, patched key by key
     * @param topicId         the topic id
     * @param participants    users to add if they are not participants yet, in order
     * @throws NullPointerException if a field patch is null; use {@link FieldPatch#keep()}
     */
    public ConversationPatch {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(photoUrl, "photoUrl");
        Objects.requireNonNull(welcomeMessages, "welcomeMessages");
        Objects.requireNonNull(custom, "custom");
        Objects.requireNonNull(topicId, "topicId");
        participants = Collections.unmodifiableSet(new LinkedHashSet<>(participants));
    }

    /** {@return the patch that changes nothing} */
    public static ConversationPatch none() {
        return new ConversationPatch(FieldPatch.keep(), FieldPatch.keep(), FieldPatch.keep(), FieldPatch.keep(),
                FieldPatch.keep(), Set.of());
    }

    /**
     * This patch with {@code subject} set.
     *
     * @param value the subject; null resets it
     * @return a copy of this patch with the subject
     */
    public ConversationPatch withSubject(String value) {
        return new ConversationPatch(FieldPatch.of(value), photoUrl, welcomeMessages, custom, topicId, participants);
    }

    /**
     * This patch with {@code photoUrl} set.
     *
     * @param value the photo URL; null resets it
     * @return a copy of this patch with the photo URL
     */
    public ConversationPatch withPhotoUrl(String value) {
        return new ConversationPatch(subject, FieldPatch.of(value), welcomeMessages, custom, topicId, participants);
    }

    /**
     * This patch with one custom key set, or removed when {@code value} is null.
     *
     * @param key   the custom key
     * @param value the value, or null to remove the key
     * @return a copy of this patch with that key
     * @throws IllegalStateException if this patch resets custom
     */
    public ConversationPatch withCustom(String key, String value) {
        if (custom instanceof FieldPatch.Reset) {
            throw new IllegalStateException("custom was reset; a reset patch cannot also set keys");
        }
        KeyPatch.Builder<String> keys = new KeyPatch.Builder<>();
        KeyPatch<String> current = custom instanceof FieldPatch.SetTo<KeyPatch<String>> set ? set.value() : KeyPatch.none();
        current.put().forEach(keys::set);
        current.remove().forEach(k -> keys.set(k, null));
        keys.set(key, value);
        FieldPatch<KeyPatch<String>> next = FieldPatch.of(keys.build());
        return new ConversationPatch(subject, photoUrl, welcomeMessages, next, topicId, participants);
    }

    /**
     * This patch with users to add as participants.
     *
     * @param userIds the users to add, in order
     * @return a copy of this patch that also adds them
     */
    public ConversationPatch withParticipants(String... userIds) {
        Set<String> all = new LinkedHashSet<>(participants);
        all.addAll(List.of(userIds));
        return new ConversationPatch(subject, photoUrl, welcomeMessages, custom, topicId, all);
    }

    /**
     * Reads a patch from a JSON-shaped map; a key present with null resets, an absent key keeps.
     *
     * @param json           the decoded JSON object
     * @param conversationId an {@code "id"} in the object must equal it
     * @return the patch
     * @throws RosterException {@link ErrorCode#INVALID_ARGUMENT} naming every bad field
     */
    public static ConversationPatch fromJson(Map<String, ?> json, String conversationId) {
        Violations.Builder problems = new Violations.Builder();
        JsonFields.rejectNul("", json, problems);
        FieldPatch<String> subject = FieldPatch.keep();
        FieldPatch<String> photoUrl = FieldPatch.keep();
        FieldPatch<List<String>> welcome = FieldPatch.keep();
        FieldPatch<KeyPatch<String>> custom = FieldPatch.keep();
        FieldPatch<String> topicId = FieldPatch.keep();
        Set<String> participants = new LinkedHashSet<>();
        for (Map.Entry<String, ?> entry : json.entrySet()) {
            String field = entry.getKey();
            Object value = entry.getValue();
            switch (field) {
                case "id" -> {
                    if (!Objects.equals(value, conversationId)) {
                        problems.add("id", "The id in the body must equal the conversation id " + conversationId + ".");
                    }
                }
                case "subject" -> subject = JsonFields.nullableString(field, value, problems);
                case "photoUrl" -> photoUrl = JsonFields.nullableString(field, value, problems);
                case "topicId" -> topicId = JsonFields.nullableString(field, value, problems);
                case "welcomeMessages" -> welcome = stringList(field, value, problems);
                case "custom" -> custom = JsonFields.customPatch(value, problems);
                case "participants" -> {
                    if (value instanceof List<?> list) {
                        for (int i = 0; i < list.size(); i++) {
                            Object id = list.get(i);
                            if (id instanceof String s && User.idProblems(s).isEmpty()) {
                                participants.add(s);
                            } else if (id instanceof String s) {
                                User.idProblems(s).forEach(p -> problems.add("participants", p));
                            } else {
                                problems.add("participants[" + i + "]", JsonType.mismatch("a user id string", id));
                            }
                        }
                    } else {
                        problems.add(field, JsonType.mismatch("an array of user ids", value));
                    }
                }
                default -> problems.add(field, "Unknown property " + field + "; expected one of "
                        + String.join(", ", new TreeSet<>(FIELDS)) + ".");
            }
        }
        problems.build().throwIfAny("The conversation");
        return new ConversationPatch(subject, photoUrl, welcome, custom, topicId, participants);
    }

    private static FieldPatch<List<String>> stringList(String field, Object value, Violations.Builder problems) {
        if (value == null) {
            return FieldPatch.reset();
        }
        if (value instanceof List<?> list) {
            List<String> strings = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i) instanceof String s) {
                    strings.add(s);
                } else {
                    problems.add(field + "[" + i + "]", JsonType.mismatch("a string", list.get(i)));
                }
            }
            return FieldPatch.of(strings);
        }
        problems.add(field, JsonType.mismatch("an array of strings or null", value));
        return FieldPatch.keep();
    }
}
