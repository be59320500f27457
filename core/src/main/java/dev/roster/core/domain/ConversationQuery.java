package dev.roster.core.domain;

import java.util.Map;
import java.util.Objects;

/**
 * A validated request for one page of a user's conversations (SPEC §5). Build it with
 * {@link #builder(String)}; {@link Builder#build()} checks every value. The version rules are
 * applied by {@link #effectiveOrder()}, {@link #effectiveDirection()} and {@link #includesLeft()}.
 *
 * @param userId            the listing user
 * @param order             the requested sort key (ignored before 2021-02-09)
 * @param direction         the requested direction (ignored before 2021-02-09)
 * @param startingAfter     start right after this conversation in the order, or null
 * @param offsetTs          start at this time in the order (inclusive), or null
 * @param lastMessageBefore only conversations whose last message is older than this (ms), or null
 * @param lastMessageAfter  only conversations whose last message is newer than this (ms), or null
 * @param unreadsOnly       only conversations with unread messages for the user
 * @param filter            the filter, {@link ConversationFilter#ALL} for none
 * @param limit             the page size, 1 to {@value #MAX_LIMIT}
 * @param apiVersion        the REST API version whose rules apply
 */
public record ConversationQuery(String userId, ConversationOrder order, SortDirection direction,
                                String startingAfter, Long offsetTs, Long lastMessageBefore,
                                Long lastMessageAfter, boolean unreadsOnly, ConversationFilter filter,
                                int limit, ApiVersion apiVersion) {

    /** The page size when none is given. */
    public static final int DEFAULT_LIMIT = 10;

    /** The largest page. */
    public static final int MAX_LIMIT = 100;

    /**
     * @throws RosterException {@link ErrorCode#INVALID_ARGUMENT} naming each bad parameter
     */
    public ConversationQuery {
        Objects.requireNonNull(order, "order");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(apiVersion, "apiVersion");
        Violations.Builder problems = new Violations.Builder();
        if (userId == null) {
            problems.add("userId", "The user id may not be empty.");
        } else {
            User.idProblems(userId).forEach(p -> problems.add("userId", p));
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            problems.add("limit", "Must be between 1 and " + MAX_LIMIT + "; got " + limit + ".");
        }
        if (startingAfter != null && offsetTs != null) {
            problems.add("offsetTs", "Give startingAfter or offsetTs, not both.");
        }
        if (offsetTs != null && !apiVersion.atLeast(ApiVersion.V2021_02_09)) {
            problems.add("offsetTs", "offsetTs is available from API version 2021-02-09; this request uses "
                    + apiVersion.wire() + ".");
        }
        if (startingAfter != null && startingAfter.isEmpty()) {
            problems.add("startingAfter", "The conversation id may not be empty.");
        }
        problems.build().throwIfAny("The conversation query");
    }

    /** A builder with the defaults: lastActivity DESC, limit 10, no filter, the latest API version. */
    public static Builder builder(String userId) {
        return new Builder(userId);
    }

    /**
     * Reads a query from REST query parameters (already URL-decoded): {@code limit},
     * {@code orderBy}, {@code orderDirection}, {@code sortBy} (another spelling of both, e.g.
     * {@code "lastActivity DESC"} or {@code "lastActivity+DESC"}), {@code startingAfter},
     * {@code offsetTs}, {@code lastMessageBefore}, {@code lastMessageAfter}, {@code unreadsOnly},
     * and {@code filter}, whose parsed JSON is {@code filterJson}. Other parameters are not this
     * method's business and are ignored.
     *
     * @param filterJson the {@code filter} parameter parsed as JSON; read only when
     *                   {@code parameters} holds {@code filter}, and then JSON {@code null} is a
     *                   malformed filter like any other, never "no filter"
     * @throws RosterException {@link ErrorCode#INVALID_ARGUMENT} naming every bad parameter
     *                         (filter problems keyed by their path under {@code filter})
     */
    public static ConversationQuery fromParameters(String userId, Map<String, String> parameters,
                                                   Object filterJson, ApiVersion apiVersion) {
        Violations.Builder problems = new Violations.Builder();
        Builder builder = builder(userId).apiVersion(apiVersion);
        String limit = parameters.get("limit");
        if (limit != null) {
            Long value = number("limit", limit, problems);
            if (value != null) {
                builder.limit((int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value)));
            }
        }
        String sortBy = parameters.get("sortBy");
        String orderBy = parameters.get("orderBy");
        String orderDirection = parameters.get("orderDirection");
        if (sortBy != null) {
            String[] parts = sortBy.trim().split("[ +]+");
            orderBy = orderBy == null ? parts[0] : orderBy;
            if (parts.length > 2) {
                problems.add("sortBy", "Expected \"<orderBy> <orderDirection>\", got \"" + sortBy + "\".");
            } else if (parts.length == 2 && orderDirection == null) {
                orderDirection = parts[1];
            }
        }
        if (orderBy != null) {
            ConversationOrder order = ConversationOrder.fromWire(orderBy);
            if (order == null) {
                problems.add("orderBy", "Expected lastActivity or createdAt, got \"" + orderBy + "\".");
            } else {
                builder.order(order);
            }
        }
        if (orderDirection != null) {
            if (orderDirection.equals("ASC") || orderDirection.equals("DESC")) {
                builder.direction(SortDirection.valueOf(orderDirection));
            } else {
                problems.add("orderDirection", "Expected DESC or ASC, got \"" + orderDirection + "\".");
            }
        }
        builder.startingAfter(parameters.get("startingAfter"));
        builder.offsetTs(number("offsetTs", parameters.get("offsetTs"), problems));
        builder.lastMessageBefore(number("lastMessageBefore", parameters.get("lastMessageBefore"), problems));
        builder.lastMessageAfter(number("lastMessageAfter", parameters.get("lastMessageAfter"), problems));
        String unreadsOnly = parameters.get("unreadsOnly");
        if (unreadsOnly != null) {
            if (unreadsOnly.equals("true") || unreadsOnly.equals("false")) {
                builder.unreadsOnly(Boolean.parseBoolean(unreadsOnly));
            } else {
                problems.add("unreadsOnly", "Expected true or false, got \"" + unreadsOnly + "\".");
            }
        }
        if (parameters.containsKey("filter")) {
            try {
                builder.filter(ConversationFilter.parse(filterJson));
            } catch (RosterException e) {
                problems.addAll("", e.violations());
            }
        }
        problems.build().throwIfAny("The conversation query");
        return builder.build();
    }

    private static Long number(String name, String text, Violations.Builder problems) {
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

    /** The sort key that applies: before 2021-02-09 always createdAt. */
    public ConversationOrder effectiveOrder() {
        return apiVersion.atLeast(ApiVersion.V2021_02_09) ? order : ConversationOrder.CREATED_AT;
    }

    /** The direction that applies: before 2021-02-09 always DESC. */
    public SortDirection effectiveDirection() {
        return apiVersion.atLeast(ApiVersion.V2021_02_09) ? direction : SortDirection.DESC;
    }

    /** Whether conversations the user left are listed (before 2021-07-30). */
    public boolean includesLeft() {
        return !apiVersion.atLeast(ApiVersion.V2021_07_30);
    }

    /** Whether an unknown user is an error (from 2024-01-01) rather than an empty list. */
    public boolean unknownUserIsError() {
        return apiVersion.atLeast(ApiVersion.V2024_01_01);
    }

    /** Builds a {@link ConversationQuery}. */
    public static final class Builder {
        private final String userId;
        private ConversationOrder order = ConversationOrder.LAST_ACTIVITY;
        private SortDirection direction = SortDirection.DESC;
        private String startingAfter;
        private Long offsetTs;
        private Long lastMessageBefore;
        private Long lastMessageAfter;
        private boolean unreadsOnly;
        private ConversationFilter filter = ConversationFilter.ALL;
        private int limit = DEFAULT_LIMIT;
        private ApiVersion apiVersion = ApiVersion.latest();

        private Builder(String userId) {
            this.userId = userId;
        }

        /** The sort key. */
        public Builder order(ConversationOrder value) {
            this.order = Objects.requireNonNull(value, "order");
            return this;
        }

        /** The direction. */
        public Builder direction(SortDirection value) {
            this.direction = Objects.requireNonNull(value, "direction");
            return this;
        }

        /** Start right after this conversation (null: from the start). */
        public Builder startingAfter(String conversationId) {
            this.startingAfter = conversationId;
            return this;
        }

        /** Start at this time in the order, inclusive (null: from the start). */
        public Builder offsetTs(Long value) {
            this.offsetTs = value;
            return this;
        }

        /** Only conversations whose last message is strictly older than this. */
        public Builder lastMessageBefore(Long value) {
            this.lastMessageBefore = value;
            return this;
        }

        /** Only conversations whose last message is strictly newer than this. */
        public Builder lastMessageAfter(Long value) {
            this.lastMessageAfter = value;
            return this;
        }

        /** Only conversations with unread messages. */
        public Builder unreadsOnly(boolean value) {
            this.unreadsOnly = value;
            return this;
        }

        /** The filter. */
        public Builder filter(ConversationFilter value) {
            this.filter = Objects.requireNonNull(value, "filter");
            return this;
        }

        /** The page size, 1 to {@value #MAX_LIMIT}. */
        public Builder limit(int value) {
            this.limit = value;
            return this;
        }

        /** The API version. */
        public Builder apiVersion(ApiVersion value) {
            this.apiVersion = Objects.requireNonNull(value, "apiVersion");
            return this;
        }

        /**
         * The query.
         *
         * @throws RosterException {@link ErrorCode#INVALID_ARGUMENT} naming each bad parameter
         */
        public ConversationQuery build() {
            return new ConversationQuery(userId, order, direction, startingAfter, offsetTs, lastMessageBefore,
                    lastMessageAfter, unreadsOnly, filter, limit, apiVersion);
        }
    }
}
