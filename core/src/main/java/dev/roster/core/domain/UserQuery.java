package dev.roster.core.domain;

/**
 * A validated request for one page of an app's users in id order (code points): the users after
 * {@code startingAfter}, optionally only those online or offline now.
 *
 * @param startingAfter start right after this user id, or null for the first
 * @param limit         the page size, 1 to {@value #MAX_LIMIT}
 * @param online        only users online now ({@code true}) or offline now ({@code false}); null for all
 */
public record UserQuery(String startingAfter, int limit, Boolean online) {

    /** The page size when none is given. */
    public static final int DEFAULT_LIMIT = 10;

    /** The largest page. */
    public static final int MAX_LIMIT = 100;

    /**
     * Checks the page size.
     *
     * @param startingAfter start right after this user id, or null for the first
     * @param limit         the page size, 1 to {@value #MAX_LIMIT}
     * @param online        only users online ({@code true}) or offline ({@code false}) now; null for all
     * @throws RosterException {@link ErrorCode#INVALID_ARGUMENT} naming {@code limit} when out of range
     */
    public UserQuery {
        QueryParameters.requireLimit(limit, MAX_LIMIT);
    }

    /**
     * Reads a query from listing parameters: {@code limit}, {@code startingAfter} and
     * {@code isOnline}. Other parameters are ignored.
     *
     * @param parameters the request's query parameters
     * @return the query
     * @throws RosterException {@link ErrorCode#INVALID_ARGUMENT} naming every bad parameter
     */
    public static UserQuery fromParameters(QueryParameters parameters) {
        Violations.Builder problems = new Violations.Builder();
        Integer limit = parameters.limit("limit", DEFAULT_LIMIT, MAX_LIMIT, problems);
        Boolean online = parameters.bool("isOnline", problems);
        QueryParameters.requireValid(problems);
        return new UserQuery(parameters.text("startingAfter"), limit, online);
    }
}
