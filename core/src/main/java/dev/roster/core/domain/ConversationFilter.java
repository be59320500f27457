package dev.roster.core.domain;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The conversation filter language (SPEC §6) as a syntax tree: sealed, records only, so a SQL or
 * BSON translator can walk it with {@code instanceof}. {@link #matches(InboxEntry)} is the
 * reference evaluator; {@link #parse(Object)} reads the JSON form. Every node speaks about the
 * listing user's {@link InboxEntry}.
 */
public sealed interface ConversationFilter {

    /** The filter that matches everything (an empty object). */
    ConversationFilter ALL = new And(List.of());

    /**
     * Whether the entry satisfies this filter.
     *
     * @param entry the listing user's entry of one conversation
     * @return true when the entry satisfies this filter
     */
    boolean matches(InboxEntry entry);

    /**
     * Parses a filter from a JSON-shaped value ({@code Map}, {@code List}, {@code String},
     * {@code Number}, {@code Boolean}, {@code null}): an object of field predicates, or
     * {@code ["any", [object, …]]}.
     *
     * @param json the decoded JSON filter
     * @return the filter
     * @throws RosterException {@link ErrorCode#INVALID_ARGUMENT} with one violation per malformed
     *                         part, keyed by its path ({@code filter.custom.category}, …)
     */
    static ConversationFilter parse(Object json) {
        return FilterParser.parse(json, ConversationFilterFields.INSTANCE);
    }

    /**
     * Every part holds (a JSON object's fields); no part: everything matches.
     *
     * @param parts the filters that must all hold
     */
    record And(List<ConversationFilter> parts) implements ConversationFilter {
        /**
         * Copies the parts.
         *
         * @param parts the filters that must all hold
         */
        public And {
            parts = List.copyOf(parts);
        }

        @Override
        public boolean matches(InboxEntry entry) {
            return parts.stream().allMatch(p -> p.matches(entry));
        }
    }

    /**
     * At least one part holds ({@code ["any", [...]]}); never empty.
     *
     * @param parts the filters of which one must hold
     */
    record Any(List<ConversationFilter> parts) implements ConversationFilter {
        /**
         * Copies the parts.
         *
         * @param parts the filters of which one must hold
         * @throws IllegalArgumentException if there is no part
         */
        public Any {
            parts = List.copyOf(parts);
            if (parts.isEmpty()) {
                throw new IllegalArgumentException("any needs at least one part");
            }
        }

        @Override
        public boolean matches(InboxEntry entry) {
            return parts.stream().anyMatch(p -> p.matches(entry));
        }
    }

    /**
     * The user's access is one of {@code values} (or, negated, none of them).
     *
     * @param values  the accesses
     * @param negated true for {@code !=} and {@code !oneOf}
     */
    record AccessIn(Set<Access> values, boolean negated) implements ConversationFilter {
        /**
         * Copies the values.
         *
         * @param values  the accesses
         * @param negated true for {@code !=} and {@code !oneOf}
         */
        public AccessIn {
            values = Set.copyOf(values);
        }

        @Override
        public boolean matches(InboxEntry entry) {
            return values.contains(entry.access()) != negated;
        }
    }

    /**
     * The subject is one of {@code values} (or, negated, none of them). {@code values} may hold
     * null, which stands for "no subject"; a conversation without subject has the value null.
     *
     * @param values  the subjects, null among them for "no subject"
     * @param negated true for {@code !=} and {@code !oneOf}
     */
    record SubjectIn(Set<String> values, boolean negated) implements ConversationFilter {
        /**
         * Copies the values, keeping a null.
         *
         * @param values  the subjects, null among them for "no subject"
         * @param negated true for {@code !=} and {@code !oneOf}
         */
        public SubjectIn {
            values = Collections.unmodifiableSet(new LinkedHashSet<>(values));
        }

        @Override
        public boolean matches(InboxEntry entry) {
            return values.contains(entry.subject()) != negated;
        }
    }

    /**
     * Custom key {@code key} has one of {@code values} (or, negated, it has none of them). A
     * conversation without the key matches only the negated form.
     *
     * @param key     the custom key
     * @param values  the values
     * @param negated true for {@code !=} and {@code !oneOf}
     */
    record CustomIn(String key, Set<String> values, boolean negated) implements ConversationFilter {
        /**
         * Copies the values.
         *
         * @param key     the custom key, not null
         * @param values  the values
         * @param negated true for {@code !=} and {@code !oneOf}
         */
        public CustomIn {
            Objects.requireNonNull(key, "key");
            values = Set.copyOf(values);
        }

        @Override
        public boolean matches(InboxEntry entry) {
            String value = entry.custom().get(key);
            return value == null ? negated : values.contains(value) != negated;
        }
    }

    /**
     * Custom key {@code key} is present ({@code exists}) or absent.
     *
     * @param key    the custom key
     * @param exists true for {@code exists}, false for {@code !exists}
     */
    record CustomExists(String key, boolean exists) implements ConversationFilter {
        /**
         * Checks the key.
         *
         * @param key    the custom key
         * @param exists true for {@code exists}, false for {@code !exists}
         * @throws NullPointerException if the key is null
         */
        public CustomExists {
            Objects.requireNonNull(key, "key");
        }

        @Override
        public boolean matches(InboxEntry entry) {
            return entry.custom().containsKey(key) == exists;
        }
    }

    /**
     * A boolean of the entry equals {@code value}.
     *
     * @param flag  the boolean tested
     * @param value the value it must have
     */
    record FlagIs(Flag flag, boolean value) implements ConversationFilter {
        /**
         * Checks the flag.
         *
         * @param flag  the boolean tested
         * @param value the value it must have
         * @throws NullPointerException if the flag is null
         */
        public FlagIs {
            Objects.requireNonNull(flag, "flag");
        }

        @Override
        public boolean matches(InboxEntry entry) {
            return (flag == Flag.IS_UNREAD ? entry.isUnread() : entry.hasMessages()) == value;
        }
    }

    /**
     * A time of the entry compared with a constant: {@code field op value}.
     *
     * @param field the time compared
     * @param op    the operator
     * @param value the constant, Unix milliseconds
     */
    record TimeCompare(TimeField field, Comparison op, long value) implements ConversationFilter {
        /**
         * Checks the field and the operator.
         *
         * @param field the time compared
         * @param op    the operator
         * @param value the constant, Unix milliseconds
         * @throws NullPointerException if a field is null
         */
        public TimeCompare {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(op, "op");
        }

        @Override
        public boolean matches(InboxEntry entry) {
            return op.holds(field.of(entry), value);
        }
    }

    /**
     * A time of the entry lies in {@code [from, until)} (lower bound inclusive, upper exclusive),
     * or, negated, outside it. An empty range ({@code from >= until}) holds no time.
     *
     * @param field   the time tested
     * @param from    the lower bound, inclusive, Unix milliseconds
     * @param until   the upper bound, exclusive, Unix milliseconds
     * @param negated true for {@code !between}
     */
    record TimeBetween(TimeField field, long from, long until, boolean negated) implements ConversationFilter {
        /**
         * Checks the field.
         *
         * @param field   the time tested
         * @param from    the lower bound, inclusive, Unix milliseconds
         * @param until   the upper bound, exclusive, Unix milliseconds
         * @param negated true for {@code !between}
         * @throws NullPointerException if the field is null
         */
        public TimeBetween {
            Objects.requireNonNull(field, "field");
        }

        @Override
        public boolean matches(InboxEntry entry) {
            long t = field.of(entry);
            return (t >= from && t < until) != negated;
        }
    }

    /** The booleans a filter can test. */
    enum Flag {
        /** {@link InboxEntry#isUnread()} ({@code isUnread}, older name {@code hasUnreadMessages}). */
        IS_UNREAD,
        /** {@link InboxEntry#hasMessages()} ({@code hasMessages}). */
        HAS_MESSAGES
    }

    /** The times a filter can compare. */
    enum TimeField {
        /** {@link InboxEntry#lastActivityAt()} ({@code lastActivityAt}, older name {@code lastMessageTs}). */
        LAST_ACTIVITY_AT,
        /** The conversation's {@link InboxEntry#createdAt()}. */
        CREATED_AT,
        /** {@link InboxEntry#joinedAt()}. */
        JOINED_AT;

        /**
         * This field's value in {@code entry}.
         *
         * @param entry the listing user's entry
         * @return the time, Unix milliseconds
         */
        public long of(InboxEntry entry) {
            return switch (this) {
                case LAST_ACTIVITY_AT -> entry.lastActivityAt();
                case CREATED_AT -> entry.createdAt();
                case JOINED_AT -> entry.joinedAt();
            };
        }
    }
}
