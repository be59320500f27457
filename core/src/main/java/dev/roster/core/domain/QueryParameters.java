package dev.roster.core.domain;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The decoded query parameters of one listing request (for example REST query parameters), and
 * the one reader of their values that every listing query uses ({@link ConversationQuery},
 * {@link UserQuery}). Each reader reports a bad value into the caller's
 * {@link Violations.Builder} under the parameter's name and answers null, so a query reports
 * every bad parameter at once. Parameters no reader asks for are ignored. Immutable.
 */
public final class QueryParameters {

    private static final QueryParameters NONE = new QueryParameters(Map.of());

    private final Map<String, String> values;

    private QueryParameters(Map<String, String> values) {
        this.values = values;
    }

    /**
     * The parameters with these decoded values, by name.
     *
     * @param values decoded values by parameter name; copied
     * @return the parameters
     */
    public static QueryParameters of(Map<String, String> values) {
        return values.isEmpty() ? NONE : new QueryParameters(Collections.unmodifiableMap(new LinkedHashMap<>(values)));
    }

    /** {@return no parameter at all} */
    public static QueryParameters none() {
        return NONE;
    }

    /**
     * Whether the parameter was given (also with an empty value).
     *
     * @param name the parameter's name
     * @return true when it was given
     */
    public boolean has(String name) {
        return values.containsKey(name);
    }

    /**
     * The value as given.
     *
     * @param name the parameter's name
     * @return the value, or null when absent
     */
    public String text(String name) {
        return values.get(name);
    }

    /**
     * A whole number (surrounding spaces allowed), or null when absent or bad; a bad one is
     * reported as {@code Expected a whole number, got "…".}
     *
     * @param name     the parameter's name
     * @param problems where a bad value is reported
     * @return the number, or null
     */
    public Long wholeNumber(String name, Violations.Builder problems) {
        String text = values.get(name);
        if (text == null) {
            return null;
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            problems.add(name, "Expected a whole number, got \"" + text + "\".");
            return null;
        }
    }

    /**
     * A page size from 1 to {@code max}: {@code fallback} when absent, null when bad (reported as
     * not a whole number, or {@code Must be between 1 and <max>; got <n>.}).
     *
     * @param name     the parameter's name
     * @param fallback the page size when the parameter is absent
     * @param max      the largest page size allowed
     * @param problems where a bad value is reported
     * @return the page size, or null
     */
    public Integer limit(String name, int fallback, int max, Violations.Builder problems) {
        if (!has(name)) {
            return fallback;
        }
        Long value = wholeNumber(name, problems);
        if (value == null) {
            return null;
        }
        String problem = limitProblem(value, max);
        if (problem != null) {
            problems.add(name, problem);
            return null;
        }
        return value.intValue();
    }

    /**
     * {@code true} or {@code false}, or null when absent or bad (reported as {@code Expected true or false, got "…".}).
     *
     * @param name     the parameter's name
     * @param problems where a bad value is reported
     * @return the value, or null
     */
    public Boolean bool(String name, Violations.Builder problems) {
        String text = values.get(name);
        if (text == null) {
            return null;
        }
        if (text.equals("true") || text.equals("false")) {
            return Boolean.valueOf(text);
        }
        problems.add(name, "Expected true or false, got \"" + text + "\".");
        return null;
    }

    /**
     * Throws when {@code problems} holds any, with every problem in the message
     * ({@code limit: Must be between 1 and 100; got 0.}).
     *
     * @param problems the problems collected by the readers
     * @throws RosterException {@link ErrorCode#INVALID_ARGUMENT} naming every bad parameter
     */
    public static void requireValid(Violations.Builder problems) {
        Violations invalid = problems.build();
        if (!invalid.isEmpty()) {
            throw RosterException.invalid(invalid.toString(), invalid);
        }
    }

    /**
     * What is wrong with {@code limit} as a page size of at most {@code max}.
     *
     * @param limit the page size asked for
     * @param max   the largest page size allowed
     * @return the message, or null when it is fine
     */
    public static String limitProblem(long limit, int max) {
        return limit < 1 || limit > max ? "Must be between 1 and " + max + "; got " + limit + "." : null;
    }

    /**
     * Throws unless {@code limit} is a page size of at most {@code max}.
     *
     * @param limit the page size asked for
     * @param max   the largest page size allowed
     * @throws RosterException {@link ErrorCode#INVALID_ARGUMENT} naming {@code limit}
     */
    public static void requireLimit(int limit, int max) {
        String problem = limitProblem(limit, max);
        if (problem != null) {
            throw RosterException.invalid("limit must be between 1 and " + max + "; got " + limit + ".",
                    Violations.of("limit", problem));
        }
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
