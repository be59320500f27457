package dev.roster.core.domain;

import java.text.Normalizer;
import java.util.Comparator;
import java.util.Locale;
import java.util.function.Function;

/**
 * What a user listing is sorted by (SPEC §9). Ties are broken by user id ({@link Ids#ORDER}) in
 * the same direction.
 */
public enum UserOrder {
    /** The user id, by code point. */
    ID("id", SortDirection.ASC),
    /** When the user was created. */
    CREATED_AT("createdAt", SortDirection.DESC),
    /** The {@link #nameKey name key}, by code point: case-insensitive, normalisation-insensitive. */
    NAME("name", SortDirection.ASC),
    /** {@link UserLifecycle#lastActiveAt()}; users never active come last in both directions. */
    LAST_ACTIVE_AT("lastActiveAt", SortDirection.DESC);

    /** The longest name key, in code points: longer names are ordered by their first ones, then by id. */
    public static final int NAME_KEY_LENGTH = 255;

    private final String wire;
    private final SortDirection defaultDirection;

    UserOrder(String wire, SortDirection defaultDirection) {
        this.wire = wire;
        this.defaultDirection = defaultDirection;
    }

    /** {@return the name in {@code orderBy}} */
    public String wire() {
        return wire;
    }

    /** {@return the direction when {@code orderDirection} is absent: ASC for id and name, DESC for the times} */
    public SortDirection defaultDirection() {
        return defaultDirection;
    }

    /**
     * The order with this {@code orderBy} name, or null.
     *
     * @param name the {@code orderBy} value
     * @return the order, or null for an unknown name
     */
    public static UserOrder fromWire(String name) {
        for (UserOrder order : values()) {
            if (order.wire.equals(name)) {
                return order;
            }
        }
        return null;
    }

    /**
     * The key the name order and {@code ["startsWith", …]} compare: the name in Unicode NFKC,
     * lower-cased without locale ({@link Locale#ROOT}), cut to its first {@value #NAME_KEY_LENGTH}
     * code points. "Ana", "ANA" and "Ana" written with a full-width "Ａ" have the same key.
     *
     * @param name the name
     * @return its key
     */
    public static String nameKey(String name) {
        String key = Normalizer.normalize(name, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        return key.codePointCount(0, key.length()) <= NAME_KEY_LENGTH ? key
                : key.substring(0, key.offsetByCodePoints(0, NAME_KEY_LENGTH));
    }

    /**
     * The order of users in {@code direction}, ties broken by id in the same direction.
     *
     * @param direction the direction of the sort and of the id tie-break
     * @param lifecycle the lifecycle values of a user
     * @return the comparator
     */
    public Comparator<User> comparator(SortDirection direction, Function<User, UserLifecycle> lifecycle) {
        Comparator<User> byId = Comparator.comparing(User::id, Ids.ORDER);
        Comparator<User> ascending = switch (this) {
            case ID -> byId;
            case CREATED_AT -> Comparator.comparingLong(User::createdAt).thenComparing(byId);
            case NAME -> Comparator.comparing((User u) -> nameKey(u.name()), Ids.ORDER).thenComparing(byId);
            case LAST_ACTIVE_AT -> Comparator.comparing((User u) -> lifecycle.apply(u).lastActiveAt(),
                    Comparator.nullsLast(Comparator.<Long>naturalOrder())).thenComparing(byId);
        };
        if (direction == SortDirection.ASC) {
            return ascending;
        }
        if (this != LAST_ACTIVE_AT) {
            return ascending.reversed();
        }
        return Comparator.comparing((User u) -> lifecycle.apply(u).lastActiveAt() == null)
                .thenComparing(ascending.reversed());
    }
}
