package dev.roster.core.spi;

import dev.roster.core.domain.User;
import dev.roster.core.domain.UserQuery;

import java.util.List;

/**
 * A store's answer to one {@link UserQuery}: the page's users in the query's order; or, when the
 * query's {@code startingAfter} names no user of the app and the order needs one
 * ({@link UserQuery#needsCursorUser()}), nothing and {@code cursorFound = false}.
 *
 * @param users       the page, in the query's order
 * @param cursorFound false when startingAfter names no user the page could start after
 */
public record UserPage(List<User> users, boolean cursorFound) {

    private static final UserPage UNKNOWN_CURSOR = new UserPage(List.of(), false);

    /**
     * Copies the list.
     *
     * @param users       the page, in the query's order
     * @param cursorFound false when startingAfter names no user the page could start after
     */
    public UserPage {
        users = List.copyOf(users);
    }

    /**
     * A page whose cursor was found.
     *
     * @param users the page, in the query's order
     * @return the page
     */
    public static UserPage of(List<User> users) {
        return new UserPage(users, true);
    }

    /** {@return the answer when startingAfter names no user} */
    public static UserPage unknownCursor() {
        return UNKNOWN_CURSOR;
    }
}
