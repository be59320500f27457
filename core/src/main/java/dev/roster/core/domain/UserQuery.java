package dev.roster.core.domain;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A validated request for one page of an app's users (SPEC §9): those matching {@code filter},
 * sorted by {@code order} in {@code direction} (ties broken by user id in the same direction),
 * starting right after the user {@code startingAfter} in that order. Keyset paging for every
 * order: no offset and no cap on how far a caller pages. Deactivated users are left out unless
 * the filter names {@code deactivated} ({@link #effectiveFilter()}).
 *
 * @param filter        the filter, {@link UserFilter#ALL} for none
 * @param order         what the page is sorted by
 * @param direction     the direction of the sort and of the id tie-break
 * @param startingAfter start right after this user in the order, or null for the first page; in
 *                      id order any string works, in the others it must name a user of the app
 * @param limit         the page size, 1 to {@value #MAX_LIMIT}
 */
public record UserQuery(UserFilter filter, UserOrder order, SortDirection direction, String startingAfter, int limit) {

    /** The page size when none is given. */
    public static final int DEFAULT_LIMIT = 10;

    /** The largest page. */
    public static final int MAX_LIMIT = 100;

    private static final UserFilter ACTIVE_ONLY = new UserFilter.DeactivatedIs(false);

    /**
     * Checks the parts.
     *
     * @param filter        the filter, {@link UserFilter#ALL} for none
     * @param order         what the page is sorted by
     * @param direction     the direction of the sort and of the id tie-break
     * @param startingAfter start right after this user in the order, or null for the first page
     * @param limit         the page size, 1 to {@value #MAX_LIMIT}
     * @throws NullPointerException if filter, order or direction is null
     * @throws RosterException      {@link ErrorCode#INVALID_ARGUMENT} naming {@code limit} when out of range
     */
    public UserQuery {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(order, "order");
        Objects.requireNonNull(direction, "direction");
        QueryParameters.requireLimit(limit, MAX_LIMIT);
    }

    /**
     * Users in id order after {@code startingAfter}, optionally only those online or offline now.
     *
     * @param startingAfter start right after this user id, or null for the first page
     * @param limit         the page size, 1 to {@value #MAX_LIMIT}
     * @param online        only users online ({@code true}) or offline ({@code false}) now; null for all
     * @throws RosterException {@link ErrorCode#INVALID_ARGUMENT} naming {@code limit} when out of range
     */
    public UserQuery(String startingAfter, int limit, Boolean online) {
        this(online == null ? UserFilter.ALL : new UserFilter.OnlineIs(online), UserOrder.ID, SortDirection.ASC,
                startingAfter, limit);
    }

    /**
     * The first page in {@code order}'s default direction, unfiltered, of {@code limit} users.
     *
     * @param order what the page is sorted by
     * @param limit the page size, 1 to {@value #MAX_LIMIT}
     * @return the query
     * @throws RosterException {@link ErrorCode#INVALID_ARGUMENT} naming {@code limit} when out of range
     */
    public static UserQuery of(UserOrder order, int limit) {
        return new UserQuery(UserFilter.ALL, order, order.defaultDirection(), null, limit);
    }

    /**
     * This query with another filter.
     *
     * @param value the filter
     * @return the query
     */
    public UserQuery withFilter(UserFilter value) {
        return new UserQuery(value, order, direction, startingAfter, limit);
    }

    /**
     * This query starting right after another user (null: from the first).
     *
     * @param userId the user to start after, or null
     * @return the query
     */
    public UserQuery startingAfter(String userId) {
        return new UserQuery(filter, order, direction, userId, limit);
    }

    /**
     * Reads a query from listing parameters: {@code limit}, {@code startingAfter},
     * {@code isOnline} (the same as the filter's {@code isOnline}, combined with it), {@code orderBy}
     * ({@code id}, {@code createdAt}, {@code name}, {@code lastActiveAt}), {@code orderDirection}
     * ({@code ASC}, {@code DESC}; default per {@link UserOrder#defaultDirection()}) and
     * {@code filter}, whose parsed JSON is {@code filterJson}. Other parameters are ignored.
     *
     * @param parameters the listing parameters
     * @param filterJson the {@code filter} parameter parsed as JSON; read only when
     *                   {@code parameters} holds {@code filter}, and then JSON {@code null} is a
     *                   malformed filter like any other
     * @return the query
     * @throws RosterException {@link ErrorCode#INVALID_ARGUMENT} naming every bad parameter
     *                         (filter problems keyed by their path under {@code filter})
     */
    public static UserQuery fromParameters(QueryParameters parameters, Object filterJson) {
        Violations.Builder problems = new Violations.Builder();
        Integer limit = parameters.limit("limit", DEFAULT_LIMIT, MAX_LIMIT, problems);
        Boolean online = parameters.bool("isOnline", problems);
        UserOrder order = UserOrder.ID;
        String orderBy = parameters.text("orderBy");
        if (orderBy != null) {
            order = UserOrder.fromWire(orderBy);
            if (order == null) {
                problems.add("orderBy", "Expected id, createdAt, name or lastActiveAt, got \"" + orderBy + "\".");
                order = UserOrder.ID;
            }
        }
        SortDirection direction = order.defaultDirection();
        String orderDirection = parameters.text("orderDirection");
        if (orderDirection != null) {
            if (orderDirection.equals("ASC") || orderDirection.equals("DESC")) {
                direction = SortDirection.valueOf(orderDirection);
            } else {
                problems.add("orderDirection", "Expected ASC or DESC, got \"" + orderDirection + "\".");
            }
        }
        UserFilter filter = UserFilter.ALL;
        if (parameters.has("filter")) {
            try {
                filter = UserFilter.parse(filterJson);
            } catch (RosterException e) {
                problems.addAll("", e.violations());
            }
        }
        problems.build().throwIfAny("The user query");
        if (online != null) {
            filter = new UserFilter.And(List.of(filter, new UserFilter.OnlineIs(online)));
        }
        return new UserQuery(filter, order, direction, parameters.text("startingAfter"), limit);
    }

    /**
     * {@return what a listed user must match: the filter, and not deactivated unless the filter
     * names {@code deactivated}}
     */
    public UserFilter effectiveFilter() {
        return filter.namesDeactivated() ? filter : new UserFilter.And(List.of(filter, ACTIVE_ONLY));
    }

    /** {@return whether the page needs the user {@link #startingAfter} names (every order but id needs its sort value)} */
    public boolean needsCursorUser() {
        return startingAfter != null && order != UserOrder.ID;
    }

    /**
     * The order of the page, reading lifecycle values through {@code lifecycle}.
     *
     * @param lifecycle the lifecycle values of a user
     * @return the comparator
     */
    public Comparator<User> comparator(Function<User, UserLifecycle> lifecycle) {
        return order.comparator(direction, lifecycle);
    }

    /**
     * Whether {@code user} lies after the cursor: after {@code cursorUser} in the page's order, or,
     * in id order (where {@code cursorUser} may be null), after the id {@link #startingAfter}.
     *
     * @param user       the user
     * @param cursorUser the user {@link #startingAfter} names, or null
     * @param lifecycle  the lifecycle values of a user
     * @return true when {@code user} belongs after the cursor
     */
    public boolean isAfterCursor(User user, User cursorUser, Function<User, UserLifecycle> lifecycle) {
        if (startingAfter == null) {
            return true;
        }
        if (order == UserOrder.ID) {
            int cmp = Ids.ORDER.compare(user.id(), startingAfter);
            return direction == SortDirection.ASC ? cmp > 0 : cmp < 0;
        }
        return comparator(lifecycle).compare(user, Objects.requireNonNull(cursorUser, "cursorUser")) > 0;
    }
}
