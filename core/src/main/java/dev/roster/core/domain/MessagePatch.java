package dev.roster.core.domain;

import java.util.Map;
import java.util.Objects;

/**
 * An edit of a message: its text (cannot be reset) and its custom data, patched key by key.
 *
 * @param text   the new text, or keep
 * @param custom custom data, patched key by key; reset = no custom data
 */
public record MessagePatch(FieldPatch<String> text, FieldPatch<KeyPatch<String>> custom) {

    /**
     * Checks the text.
     *
     * @param text   the new text, or keep; never reset
     * @param custom custom data, patched key by key
     * @throws RosterException {@code INVALID_ARGUMENT} if the text is reset
     */
    public MessagePatch {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(custom, "custom");
        if (text instanceof FieldPatch.Reset) {
            throw RosterException.invalid("A message's text cannot be null",
                    Violations.of("text", JsonType.mismatch("a string", null)));
        }
    }

    /**
     * Reads an edit from a JSON-shaped map ({@code text}, {@code custom}).
     *
     * @param json the decoded JSON object
     * @return the edit
     * @throws RosterException {@code INVALID_ARGUMENT} naming every bad field
     */
    public static MessagePatch fromJson(Map<String, ?> json) {
        Violations.Builder problems = new Violations.Builder();
        JsonFields.rejectNul("", json, problems);
        FieldPatch<String> text = FieldPatch.keep();
        FieldPatch<KeyPatch<String>> custom = FieldPatch.keep();
        for (Map.Entry<String, ?> field : json.entrySet()) {
            Object value = field.getValue();
            switch (field.getKey()) {
                case "text" -> {
                    if (value instanceof String s) {
                        text = FieldPatch.of(s);
                    } else {
                        problems.add("text", JsonType.mismatch("a string", value));
                    }
                }
                case "custom" -> custom = JsonFields.customPatch(value, problems);
                default -> problems.add(field.getKey(), "Unknown property " + field.getKey() + "; expected text or custom.");
            }
        }
        problems.build().throwIfAny("The message update");
        return new MessagePatch(text, custom);
    }
}
