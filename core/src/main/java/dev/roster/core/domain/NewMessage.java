package dev.roster.core.domain;

import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A message to send or import, before it has an id.
 *
 * @param type                user or system message
 * @param senderId            the sender (a participant) for a user message; null for a system message
 * @param text                the text
 * @param custom              custom data
 * @param referencedMessageId the message replied to, or null
 * @param idempotencyKey      a key that makes a repeated send create nothing new, or null
 * @param timestamp           the original send time of an imported message (ms), or null for now
 */
public record NewMessage(MessageType type, String senderId, String text, SortedMap<String, String> custom,
                         String referencedMessageId, String idempotencyKey, Long timestamp) {

    /**
     * Copies the custom data.
     *
     * @param type                user or system message
     * @param senderId            the sender for a user message; null for a system message
     * @param text                the text
     * @param custom              custom data
     * @param referencedMessageId the message replied to, or null
     * @param idempotencyKey      the idempotency key, or null
     * @param timestamp           the original send time (ms), or null for now
     * @throws IllegalArgumentException if a user message has no sender or a system message has one
     */
    public NewMessage {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(text, "text");
        custom = new TreeMap<>(custom);
        if ((type == MessageType.USER_MESSAGE) != (senderId != null)) {
            throw new IllegalArgumentException("a user message has a sender, a system message has none");
        }
    }

    /**
     * A user message with text only.
     *
     * @param senderId the sender, a participant
     * @param text     the text
     * @return the message
     */
    public static NewMessage user(String senderId, String text) {
        return new NewMessage(MessageType.USER_MESSAGE, senderId, text, new TreeMap<>(), null, null, null);
    }

    /**
     * A system message with text only.
     *
     * @param text the text
     * @return the message
     */
    public static NewMessage system(String text) {
        return new NewMessage(MessageType.SYSTEM_MESSAGE, null, text, new TreeMap<>(), null, null, null);
    }

    /**
     * This message with an idempotency key.
     *
     * @param key the key, or null for none
     * @return a copy of this message with the key
     */
    public NewMessage withIdempotencyKey(String key) {
        return new NewMessage(type, senderId, text, custom, referencedMessageId, key, timestamp);
    }

    /**
     * This message with an original timestamp, for import.
     *
     * @param time the original send time, ms
     * @return a copy of this message with the timestamp
     */
    public NewMessage at(long time) {
        return new NewMessage(type, senderId, text, custom, referencedMessageId, idempotencyKey, time);
    }

    /**
     * Reads one message of a send ({@code imported = false}) or an import ({@code true}, which
     * requires {@code timestamp} and accepts {@code readBy}, ignored).
     *
     * @param json     the decoded JSON object
     * @param imported whether the message is imported
     * @param path     the prefix of violation keys, e.g. {@code [0]}
     * @return the message
     * @throws RosterException {@link ErrorCode#INVALID_ARGUMENT} naming every bad field
     */
    public static NewMessage fromJson(Map<String, ?> json, boolean imported, String path) {
        Violations.Builder problems = new Violations.Builder();
        JsonFields.rejectNul(path.endsWith(".") ? path.substring(0, path.length() - 1) : path, json, problems);
        MessageType type = MessageType.fromWire(json.get("type"));
        if (type == null) {
            problems.add(path + "type", "Expected \"UserMessage\" or \"SystemMessage\", got "
                    + ParticipationPatch.describe(json.get("type")) + ".");
        }
        Object sender = json.get("sender");
        if (type == MessageType.USER_MESSAGE && !(sender instanceof String)) {
            problems.add(path + "sender", "A UserMessage needs a sender (a participant's user id).");
        }
        if (type == MessageType.SYSTEM_MESSAGE && sender != null) {
            problems.add(path + "sender", "A SystemMessage has no sender.");
        }
        if (!(json.get("text") instanceof String)) {
            problems.add(path + "text", JsonType.mismatch("a string", json.get("text")));
        }
        SortedMap<String, String> custom = new TreeMap<>();
        if (json.get("custom") instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                if (v instanceof String s) {
                    custom.put(String.valueOf(k), s);
                } else {
                    problems.add(path + "custom." + k, JsonType.mismatch("a string", v));
                }
            });
        } else if (json.get("custom") != null) {
            problems.add(path + "custom", JsonType.mismatch("an object", json.get("custom")));
        }
        for (String field : new String[] {"referencedMessageId", "idempotencyKey"}) {
            Object value = json.get(field);
            if (value != null && !(value instanceof String)) {
                problems.add(path + field, JsonType.mismatch("a string", value));
            }
        }
        Object timestamp = json.get("timestamp");
        if (imported && !Json.isWhole(timestamp)) {
            problems.add(path + "timestamp", "Expected the original send time in milliseconds, got "
                    + Json.show(timestamp) + ".");
        }
        for (String field : json.keySet()) {
            boolean known = switch (field) {
                case "type", "sender", "text", "custom", "referencedMessageId", "idempotencyKey" -> true;
                case "timestamp", "readBy" -> imported;
                default -> false;
            };
            if (!known) {
                problems.add(path + field, "Unknown property " + field + ".");
            }
        }
        problems.build().throwIfAny("The message");
        return new NewMessage(type, type == MessageType.USER_MESSAGE ? (String) sender : null,
                (String) json.get("text"), custom, (String) json.get("referencedMessageId"),
                (String) json.get("idempotencyKey"), imported ? Long.valueOf(((Number) timestamp).longValue()) : null);
    }
}
