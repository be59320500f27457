package dev.roster.core.domain;


import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The user filter (SPEC §9): the §6 grammar over a user's fields, as a syntax tree of records a
 * SQL or BSON translator walks with {@code instanceof}.
 * {@link #matches(User, UserLifecycle, boolean)} is the reference evaluator; {@link #parse(Object)}
 * reads the JSON form with the parser the conversation filter uses.
 */
public sealed interface UserFilter {

    /** The filter that matches everything (an empty object). */
    UserFilter ALL = new And(List.of());

    /**
     * Whether the user, with these lifecycle values and {@code online} status, satisfies this filter.
     *
     * @param user      the user
     * @param lifecycle the user's lifecycle values
     * @param online    whether the user is online now
     * @return true when the user satisfies this filter
     */
    boolean matches(User user, UserLifecycle lifecycle, boolean online);

    /**
     * Parses a filter from a JSON-shaped value: an object of field predicates or
     * {@code ["any", [object, …]]}. Fields: {@code id}, {@code role}, {@code name}
     * ({@code ==}, {@code !=}, {@code oneOf}, {@code !oneOf}; {@code name} also
     * {@code ["startsWith", prefix]}), {@code custom} (as §6), {@code createdAt},
     * {@code lastActiveAt} (time predicates), {@code isOnline}, {@code deactivated} (booleans),
     * {@code email}, {@code phone} ({@code ["==", address]}).
     *
     * @param json the JSON value, as the JSON parser reads it
     * @return the filter
     * @throws RosterException {@link ErrorCode#INVALID_ARGUMENT} with one violation per malformed
     *                         part, keyed by its path ({@code filter.name}, {@code filter.custom.tier}, …)
     */
    static UserFilter parse(Object json) {
        return FilterParser.parse(json, UserFilterFields.INSTANCE);
    }

    /** {@return whether this filter tests {@code deactivated} anywhere (else deactivated users are left out)} */
    default boolean namesDeactivated() {
        return false;
    }

    /** {@return whether this filter tests {@code isOnline} anywhere} */
    default boolean namesOnline() {
        return false;
    }

    /**
     * This filter with every {@code isOnline} test replaced by a test of the id against
     * {@code onlineIds} (the users online now), so a store can evaluate it without presence.
     *
     * @param onlineIds the ids of the users online now
     * @return the filter without {@code isOnline} tests
     */
    default UserFilter resolveOnline(Set<String> onlineIds) {
        return this;
    }

    /** A filter made of parts, {@link And} or {@link Any}: it names a field when a part does. */
    sealed interface Parts extends UserFilter permits And, Any {
        /** {@return the parts} */
        List<UserFilter> parts();

        @Override
        default boolean namesDeactivated() {
            return parts().stream().anyMatch(UserFilter::namesDeactivated);
        }

        @Override
        default boolean namesOnline() {
            return parts().stream().anyMatch(UserFilter::namesOnline);
        }
    }

    /**
     * Every part holds (a JSON object's fields); no part: everything matches.
     *
     * @param parts the filters that must all hold
     */
    record And(List<UserFilter> parts) implements Parts {
        /**
         * Copies the parts.
         *
         * @param parts the filters that must all hold
         */
        public And {
            parts = List.copyOf(parts);
        }

        @Override
        public boolean matches(User user, UserLifecycle lifecycle, boolean online) {
            return parts.stream().allMatch(p -> p.matches(user, lifecycle, online));
        }

        @Override
        public UserFilter resolveOnline(Set<String> onlineIds) {
            return new And(parts.stream().map(p -> p.resolveOnline(onlineIds)).toList());
        }
    }

    /**
     * At least one part holds ({@code ["any", [...]]}); never empty.
     *
     * @param parts the filters of which one must hold
     */
    record Any(List<UserFilter> parts) implements Parts {
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
        public boolean matches(User user, UserLifecycle lifecycle, boolean online) {
            return parts.stream().anyMatch(p -> p.matches(user, lifecycle, online));
        }

        @Override
        public UserFilter resolveOnline(Set<String> onlineIds) {
            return new Any(parts.stream().map(p -> p.resolveOnline(onlineIds)).toList());
        }
    }

    /**
     * A text field is one of {@code values} (or, negated, none of them); exact, case-sensitive.
     *
     * @param field   the text field tested
     * @param values  the values
     * @param negated true for {@code !=} and {@code !oneOf}
     */
    record TextIn(TextField field, Set<String> values, boolean negated) implements UserFilter {
        /**
         * Copies the values.
         *
         * @param field   the text field tested
         * @param values  the values
         * @param negated true for {@code !=} and {@code !oneOf}
         * @throws NullPointerException if the field is null
         */
        public TextIn {
            Objects.requireNonNull(field, "field");
            values = Set.copyOf(values);
        }

        @Override
        public boolean matches(User user, UserLifecycle lifecycle, boolean online) {
            return values.contains(field.of(user)) != negated;
        }
    }

    /**
     * The {@link UserOrder#nameKey name key} starts with the key of {@code prefix}: a
     * case-insensitive prefix match, what a user picker types.
     *
     * @param prefix the prefix, as typed
     */
    record NameStartsWith(String prefix) implements UserFilter {
        /**
         * Checks the prefix.
         *
         * @param prefix the prefix, as typed
         * @throws NullPointerException if the prefix is null
         */
        public NameStartsWith {
            Objects.requireNonNull(prefix, "prefix");
        }

        /** {@return the key the name key must start with} */
        public String key() {
            return UserOrder.nameKey(prefix);
        }

        /**
         * The smallest string after every string that starts with {@link #key()}, in code-point
         * order, or null when there is none: the key with its last code point raised by one (a
         * stored key {@code k} matches exactly when {@code key() <= k < upperBound()}), for a
         * range scan of a name index.
         *
         * @return the exclusive upper bound of the range, or null for none
         */
        public String upperBound() {
            int[] codePoints = key().codePoints().toArray();
            for (int i = codePoints.length - 1; i >= 0; i--) {
                int next = codePoints[i] == Character.MIN_SURROGATE - 1 ? Character.MAX_SURROGATE + 1 : codePoints[i] + 1;
                if (next <= Character.MAX_CODE_POINT) {
                    codePoints[i] = next;
                    return new String(codePoints, 0, i + 1);
                }
            }
            return null;
        }

        @Override
        public boolean matches(User user, UserLifecycle lifecycle, boolean online) {
            return UserOrder.nameKey(user.name()).startsWith(key());
        }
    }

    /**
     * One of the user's email addresses or phone numbers equals {@code value} exactly.
     *
     * @param field the address list tested
     * @param value the address or number
     */
    record ContactIs(ContactField field, String value) implements UserFilter {
        /**
         * Checks the parts.
         *
         * @param field the address list tested
         * @param value the address or number
         * @throws NullPointerException if a field is null
         */
        public ContactIs {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(value, "value");
        }

        @Override
        public boolean matches(User user, UserLifecycle lifecycle, boolean online) {
            return (field == ContactField.EMAIL ? user.email() : user.phone()).contains(value);
        }
    }

    /**
     * Custom key {@code key} has one of {@code values} (or, negated, not); a user without the key
     * matches only the negated form.
     *
     * @param key     the custom key
     * @param values  the values
     * @param negated true for {@code !=} and {@code !oneOf}
     */
    record CustomIn(String key, Set<String> values, boolean negated) implements UserFilter {
        /**
         * Copies the values.
         *
         * @param key     the custom key
         * @param values  the values
         * @param negated true for {@code !=} and {@code !oneOf}
         * @throws NullPointerException if the key is null
         */
        public CustomIn {
            Objects.requireNonNull(key, "key");
            values = Set.copyOf(values);
        }

        @Override
        public boolean matches(User user, UserLifecycle lifecycle, boolean online) {
            String value = user.custom().get(key);
            return value == null ? negated : values.contains(value) != negated;
        }
    }

    /**
     * Custom key {@code key} is present ({@code exists}) or absent.
     *
     * @param key    the custom key
     * @param exists true for {@code exists}, false for {@code !exists}
     */
    record CustomExists(String key, boolean exists) implements UserFilter {
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
        public boolean matches(User user, UserLifecycle lifecycle, boolean online) {
            return user.custom().containsKey(key) == exists;
        }
    }

    /**
     * The user is online now ({@code isOnline}) or not. Stores never see it: see {@link #resolveOnline}.
     *
     * @param value true for online users, false for offline ones
     */
    record OnlineIs(boolean value) implements UserFilter {
        @Override
        public boolean matches(User user, UserLifecycle lifecycle, boolean online) {
            return online == value;
        }

        @Override
        public boolean namesOnline() {
            return true;
        }

        @Override
        public UserFilter resolveOnline(Set<String> onlineIds) {
            return new TextIn(TextField.ID, onlineIds, !value);
        }
    }

    /**
     * {@link UserLifecycle#deactivated()} equals {@code value}.
     *
     * @param value the value it must have
     */
    record DeactivatedIs(boolean value) implements UserFilter {
        @Override
        public boolean matches(User user, UserLifecycle lifecycle, boolean online) {
            return lifecycle.deactivated() == value;
        }

        @Override
        public boolean namesDeactivated() {
            return true;
        }
    }

    /**
     * A time of the user compared with a constant: {@code field op value}; a null time never matches.
     *
     * @param field the time compared
     * @param op    the operator
     * @param value the constant, Unix milliseconds
     */
    record TimeCompare(TimeField field, Comparison op, long value) implements UserFilter {
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
        public boolean matches(User user, UserLifecycle lifecycle, boolean online) {
            Long t = field.of(user, lifecycle);
            return t != null && op.holds(t, value);
        }
    }

    /**
     * A time of the user lies in {@code [from, until)}, or, negated, outside it; a null time
     * matches neither form.
     *
     * @param field   the time tested
     * @param from    the start, inclusive, Unix milliseconds
     * @param until   the end, exclusive, Unix milliseconds
     * @param negated true for the time outside the range
     */
    record TimeBetween(TimeField field, long from, long until, boolean negated) implements UserFilter {
        /**
         * Checks the field.
         *
         * @param field   the time tested
         * @param from    the start, inclusive, Unix milliseconds
         * @param until   the end, exclusive, Unix milliseconds
         * @param negated true for the time outside the range
         * @throws NullPointerException if the field is null
         */
        public TimeBetween {
            Objects.requireNonNull(field, "field");
        }

        @Override
        public boolean matches(User user, UserLifecycle lifecycle, boolean online) {
            Long t = field.of(user, lifecycle);
            return t != null && (t >= from && t < until) != negated;
        }
    }

    /** The text fields {@link TextIn} tests. */
    enum TextField {
        /** The user id. */
        ID,
        /** The role ({@value User#DEFAULT_ROLE} unless set). */
        ROLE,
        /** The name, exactly. */
        NAME;

        /**
         * This field's value of {@code user}.
         *
         * @param user the user
         * @return the value
         */
        public String of(User user) {
            return switch (this) {
                case ID -> user.id();
                case ROLE -> user.role();
                case NAME -> user.name();
            };
        }
    }

    /** The private address lists {@link ContactIs} tests. */
    enum ContactField {
        /** {@link User#email()}. */
        EMAIL,
        /** {@link User#phone()}. */
        PHONE
    }

    /** The times a filter compares. */
    enum TimeField {
        /** {@link User#createdAt()}. */
        CREATED_AT,
        /** {@link UserLifecycle#lastActiveAt()}, null for never. */
        LAST_ACTIVE_AT;

        /**
         * This field's value, or null.
         *
         * @param user      the user
         * @param lifecycle the user's lifecycle values
         * @return the time, Unix milliseconds, or null
         */
        public Long of(User user, UserLifecycle lifecycle) {
            return this == CREATED_AT ? Long.valueOf(user.createdAt()) : lifecycle.lastActiveAt();
        }
    }
}
