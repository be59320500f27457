package dev.roster.core.domain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What is wrong with one input, keyed by field name ({@code "#"} for the input as a whole),
 * each with its messages in the order they were found. Immutable.
 */
public final class Violations {

    /** The key for problems of the input as a whole rather than of one field. */
    public static final String WHOLE = "#";

    private static final Violations NONE = new Violations(Map.of());

    private final Map<String, List<String>> byField;

    private Violations(Map<String, List<String>> byField) {
        this.byField = byField;
    }

    /** {@return no violation at all} */
    public static Violations none() {
        return NONE;
    }

    /**
     * A single violation of {@code field}.
     *
     * @param field   the field name, or {@link #WHOLE}
     * @param message what is wrong
     * @return the violations
     */
    public static Violations of(String field, String message) {
        return new Builder().add(field, message).build();
    }

    /** {@return whether nothing is wrong} */
    public boolean isEmpty() {
        return byField.isEmpty();
    }

    /** {@return the messages per field, in the order the fields were first reported} */
    public Map<String, List<String>> byField() {
        return byField;
    }

    /**
     * Throws {@link RosterException} with code {@link ErrorCode#INVALID_ARGUMENT} unless empty.
     *
     * @param what the input, as the message's subject, e.g. {@code "The user update"}
     * @throws RosterException with these violations, unless empty
     */
    public void throwIfAny(String what) {
        if (!isEmpty()) {
            throw RosterException.invalid(what + " is invalid: " + this, this);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Violations v && v.byField.equals(byField);
    }

    @Override
    public int hashCode() {
        return byField.hashCode();
    }

    /** For example {@code name: Expected a string, got a number.; #: ...}. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        byField.forEach((field, messages) -> messages.forEach(message -> {
            if (text.length() > 0) {
                text.append("; ");
            }
            text.append(field).append(": ").append(message);
        }));
        return text.toString();
    }

    /** Collects violations; fields keep the order in which they were first reported. */
    public static final class Builder {
        private final Map<String, List<String>> byField = new LinkedHashMap<>();

        /**
         * Adds one message for {@code field}.
         *
         * @param field   the field name, or {@link #WHOLE}
         * @param message what is wrong
         * @return this builder
         */
        public Builder add(String field, String message) {
            byField.computeIfAbsent(field, f -> new ArrayList<>()).add(message);
            return this;
        }

        /**
         * Adds every message of {@code other}, each field prefixed with {@code prefix}.
         *
         * @param prefix put before each field name, e.g. {@code "filter."}; may be empty
         * @param other  the violations to add
         * @return this builder
         */
        public Builder addAll(String prefix, Violations other) {
            other.byField.forEach((field, messages) -> messages.forEach(m -> add(prefix + field, m)));
            return this;
        }

        /** {@return whether nothing was added yet} */
        public boolean isEmpty() {
            return byField.isEmpty();
        }

        /** {@return the violations collected so far} */
        public Violations build() {
            if (byField.isEmpty()) {
                return NONE;
            }
            Map<String, List<String>> copy = new LinkedHashMap<>();
            byField.forEach((field, messages) -> copy.put(field, List.copyOf(messages)));
            return new Violations(Collections.unmodifiableMap(copy));
        }
    }
}
