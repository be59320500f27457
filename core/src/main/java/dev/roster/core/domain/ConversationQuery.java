package dev.roster.core.domain;

import java.util.Comparator;
import java.util.Objects;

/**
 * A validated request for one page of a user's conversations (SPEC §5), with the version rules
 * already applied: the one listing query, read from parameters once ({@link #fromParameters}) or
 * built ({@link #builder(String)}), and handed as it is to the store
 * ({@code ConversationStore.listInbox}). {@link #canStartAfter}, {@link #cursor},
 * {@link #matches} and {@link #comparator()} are the reference semantics every store follows.
 *
 * @param userId            the listing user
 * @param order             the sort key that applies: before 2021-02-09 always createdAt, whatever was asked
 * @param direction         the direction of the sort key and of the conversation-id tie-break that
 *                          applies: before 2021-02-09 always DESC
 * @param startingAfter     start right after this conversation in the order, or null
 * @param offsetTs          start at this time in the order (inclusive), or null
 * @param lastMessageBefore only conversations whose last message is older than this (ms), or null;
 *                          conversations without messages never match a bound
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
     * Checks the parameters and applies the version rules (before 2021-02-09 the order becomes
     * createdAt DESC).
     *
     * @param userId            the listing user
     * @param order             the sort key asked for
     * @param direction         the direction asked for
     * @param startingAfter     start right after this conversation, or null
     * @param offsetTs          start at this time in the order (inclusive, ms), or null; not with
     *                          {@code startingAfter}
     * @param lastMessageBefore only conversations whose last message is older than this (ms), or null
     * @param lastMessageAfter  only conversations whose last message is newer than this (ms), or null
     * @param unreadsOnly       only conversations with unread messages for the user
     * @param filter            the filter, {@link ConversationFilter#ALL} for none
     * @param limit             the page size, 1 to {@value #MAX_LIMIT}
     * @param apiVersion        the REST API version whose rules apply
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
        String limitProblem = QueryParameters.limitProblem(limit, MAX_LIMIT);
        if (limitProblem != null) {
            problems.add("limit", limitProblem);
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
        if (!apiVersion.atLeast(ApiVersion.V2021_02_09)) {
            order = ConversationOrder.CREATED_AT;
            direction = SortDirection.DESC;
        }
    }

    /**
     * A builder with the defaults: lastActivity DESC, limit 10, no filter, the latest API version.
     *
     * @param userId the listing user
     * @return a new builder
     */
    public static Builder builder(String userId) {
        return new Builder(userId);
    }

    /**
     * Reads a query from listing parameters: {@code limit}, {@code orderBy},
     * {@code orderDirection}, {@code sortBy} (another spelling of both, e.g.
     * {@code "lastActivity DESC"} or {@code "lastActivity+DESC"}), {@code startingAfter},
     * {@code offsetTs}, {@code lastMessageBefore}, {@code lastMessageAfter}, {@code unreadsOnly},
     * and {@code filter}, whose parsed JSON is {@code filterJson}. Other parameters are not this
     * method's business and are ignored.
     *
     * @param userId     the listing user
     * @param parameters the request's query parameters
     * @param filterJson the {@code filter} parameter parsed as JSON; read only when
     *                   {@code parameters} holds {@code filter}, and then JSON {@code null} is a
     *                   malformed filter like any other, never "no filter"
     * @param apiVersion the REST API version of the request
     * @return the query
     * @throws RosterException {@link ErrorCode#INVALID_ARGUMENT} naming every bad parameter
     *                         (filter problems keyed by their path under {@code filter})
     */
    public static ConversationQuery fromParameters(String userId, QueryParameters parameters, Object filterJson,
                                                   ApiVersion apiVersion) {
        Violations.Builder problems = new Violations.Builder();
        Builder builder = builder(userId).apiVersion(apiVersion);
        Integer limit = parameters.limit("limit", DEFAULT_LIMIT, MAX_LIMIT, problems);
        if (limit != null) {
            builder.limit(limit);
        }
        String sortBy = parameters.text("sortBy");
        String orderBy = parameters.text("orderBy");
        String orderDirection = parameters.text("orderDirection");
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
        builder.startingAfter(parameters.text("startingAfter"));
        builder.offsetTs(parameters.wholeNumber("offsetTs", problems));
        builder.lastMessageBefore(parameters.wholeNumber("lastMessageBefore", problems));
        builder.lastMessageAfter(parameters.wholeNumber("lastMessageAfter", problems));
        Boolean unreadsOnly = parameters.bool("unreadsOnly", problems);
        if (unreadsOnly != null) {
            builder.unreadsOnly(unreadsOnly);
        }
        if (parameters.has("filter")) {
            try {
                builder.filter(ConversationFilter.parse(filterJson));
            } catch (RosterException e) {
                problems.addAll("", e.violations());
            }
        }
        problems.build().throwIfAny("The conversation query");
        return builder.build();
    }

    /** {@return whether conversations the user left are listed (before 2021-07-30)} */
    public boolean includesLeft() {
        return !apiVersion.atLeast(ApiVersion.V2021_07_30);
    }

    /** {@return whether an unknown user is an error (from 2024-01-01) rather than an empty list} */
    public boolean unknownUserIsError() {
        return apiVersion.atLeast(ApiVersion.V2024_01_01);
    }

    /**
     * Whether the page may start after {@code entry}, the listing user's entry of the conversation
     * {@link #startingAfter} names (null when the user has none): an entry this listing shows, so
     * not one the user left when {@link #includesLeft()} is false.
     *
     * @param entry the listing user's entry of the {@code startingAfter} conversation, or null
     * @return true when the page may start after it
     */
    public boolean canStartAfter(InboxEntry entry) {
        return entry != null && entry.userId().equals(userId) && (!entry.left() || includesLeft());
    }

    /**
     * The keyset cursor the page starts at: right after {@code startEntry} (the user's entry of
     * {@link #startingAfter}, which {@link #canStartAfter} admits) when startingAfter is given, at
     * {@link #offsetTs} (inclusive) when that is, else null (from the beginning).
     *
     * @param startEntry the user's entry of {@link #startingAfter}; ignored (may be null) when
     *                   startingAfter is null
     * @return the cursor, or null to start from the beginning
     */
    public InboxCursor cursor(InboxEntry startEntry) {
        if (startingAfter != null) {
            return InboxCursor.after(Objects.requireNonNull(startEntry, "startEntry"), order);
        }
        return offsetTs == null ? null : InboxCursor.at(offsetTs);
    }

    /**
     * Whether {@code entry} belongs in the page that starts at {@code cursor}.
     *
     * @param entry  an entry of any user
     * @param cursor where the page starts, or null for the beginning
     * @return true when the entry is the listing user's, after the cursor and matched by every bound
     *         and the filter
     */
    public boolean matches(InboxEntry entry, InboxCursor cursor) {
        if (!entry.userId().equals(userId) || (entry.left() && !includesLeft())) {
            return false;
        }
        if (cursor != null && !cursor.precedes(entry, order, direction)) {
            return false;
        }
        if (unreadsOnly && !entry.isUnread()) {
            return false;
        }
        Long last = entry.lastMessageAt();
        if (lastMessageBefore != null && (last == null || last >= lastMessageBefore)) {
            return false;
        }
        if (lastMessageAfter != null && (last == null || last <= lastMessageAfter)) {
            return false;
        }
        return filter.matches(entry);
    }

    /** {@return the order of the page: sort value, then conversation id, both in {@link #direction}} */
    public Comparator<InboxEntry> comparator() {
        Comparator<InboxEntry> ascending = Comparator.<InboxEntry>comparingLong(e -> e.sortValue(order))
                .thenComparing(InboxEntry::conversationId, Ids.ORDER);
        return direction == SortDirection.ASC ? ascending : ascending.reversed();
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

        /**
         * The sort key.
         *
         * @param value the sort key
         * @return this builder
         */
        public Builder order(ConversationOrder value) {
            this.order = Objects.requireNonNull(value, "order");
            return this;
        }

        /**
         * The direction.
         *
         * @param value the direction of the sort key and the tie-break
         * @return this builder
         */
        public Builder direction(SortDirection value) {
            this.direction = Objects.requireNonNull(value, "direction");
            return this;
        }

        /**
         * Start right after this conversation.
         *
         * @param conversationId the last conversation of the previous page, or null to start from the start
         * @return this builder
         */
        public Builder startingAfter(String conversationId) {
            this.startingAfter = conversationId;
            return this;
        }

        /**
         * Start at this time in the order, inclusive.
         *
         * @param value Unix milliseconds, or null to start from the start
         * @return this builder
         */
        public Builder offsetTs(Long value) {
            this.offsetTs = value;
            return this;
        }

        /**
         * Only conversations whose last message is strictly older than this.
         *
         * @param value Unix milliseconds, or null for no bound
         * @return this builder
         */
        public Builder lastMessageBefore(Long value) {
            this.lastMessageBefore = value;
            return this;
        }

        /**
         * Only conversations whose last message is strictly newer than this.
         *
         * @param value Unix milliseconds, or null for no bound
         * @return this builder
         */
        public Builder lastMessageAfter(Long value) {
            this.lastMessageAfter = value;
            return this;
        }

        /**
         * Only conversations with unread messages.
         *
         * @param value true to list only conversations with unread messages for the user
         * @return this builder
         */
        public Builder unreadsOnly(boolean value) {
            this.unreadsOnly = value;
            return this;
        }

        /**
         * The filter.
         *
         * @param value the filter, {@link ConversationFilter#ALL} for none
         * @return this builder
         */
        public Builder filter(ConversationFilter value) {
            this.filter = Objects.requireNonNull(value, "filter");
            return this;
        }

        /**
         * The page size, checked by {@link #build()}.
         *
         * @param value 1 to {@value #MAX_LIMIT}
         * @return this builder
         */
        public Builder limit(int value) {
            this.limit = value;
            return this;
        }

        /**
         * The API version.
         *
         * @param value the REST API version whose rules apply
         * @return this builder
         */
        public Builder apiVersion(ApiVersion value) {
            this.apiVersion = Objects.requireNonNull(value, "apiVersion");
            return this;
        }

        /**
         * The query.
         *
         * @return the validated query
         * @throws RosterException {@link ErrorCode#INVALID_ARGUMENT} naming each bad parameter
         */
        public ConversationQuery build() {
            return new ConversationQuery(userId, order, direction, startingAfter, offsetTs, lastMessageBefore,
                    lastMessageAfter, unreadsOnly, filter, limit, apiVersion);
        }
    }
}
