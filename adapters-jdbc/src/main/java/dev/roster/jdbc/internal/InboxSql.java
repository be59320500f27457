package dev.roster.jdbc.internal;

import dev.roster.core.domain.Access;
import dev.roster.core.domain.ConversationFilter;
import dev.roster.core.domain.ConversationOrder;
import dev.roster.core.domain.ConversationQuery;
import dev.roster.core.domain.InboxCursor;
import dev.roster.core.domain.SortDirection;
import dev.roster.jdbc.Dialect;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Translates a {@link ConversationQuery} starting at a resolved keyset cursor into one SQL query
 * over {@code roster_entry}: a range scan of
 * {@code roster_entry_by_activity} or {@code roster_entry_by_created} for (app, user), keyset
 * cursor as a row-value comparison, the filter tree as a WHERE clause whose every constant is a
 * bound parameter, and LIMIT. Every translated predicate is two-valued (never SQL UNKNOWN), so
 * negation means exactly what {@link ConversationFilter#matches} means.
 *
 * @param sql        the query text, with {@code ?} placeholders
 * @param parameters the values of the placeholders, in order
 */
public record InboxSql(String sql, List<Object> parameters) {

    /**
     * Builds the query selecting {@code columns} (qualified with {@code e.}), starting at
     * {@code after} (null: from the beginning).
     */
    static InboxSql of(Dialect dialect, String columns, String appId, ConversationQuery query, InboxCursor after) {
        Builder b = new Builder(dialect);
        StringBuilder where = new StringBuilder("e.app_id = ? AND e.user_id = ?");
        b.parameters.add(appId);
        b.parameters.add(query.userId());
        String sort = query.order() == ConversationOrder.CREATED_AT ? "e.created_at" : "e.last_activity_at";
        String id = dialect == Dialect.H2 ? "e.conversation_sort" : "e.conversation_id";
        boolean asc = query.direction() == SortDirection.ASC;
        if (!query.includesLeft()) {
            where.append(" AND e.is_left = FALSE");
        }
        if (after != null) {
            String op = asc ? ">" : "<";
            if (after.conversationId() == null) {
                where.append(" AND ").append(sort).append(asc ? " >= ?" : " <= ?");
                b.parameters.add(after.sortValue());
            } else {
                // The plain bound lets MariaDB's range optimizer use the index; the row value is exact.
                where.append(" AND ").append(sort).append(op).append("= ? AND (").append(sort).append(", ").append(id)
                        .append(") ").append(op).append(" (?, ").append(b.idParameter()).append(")");
                b.parameters.add(after.sortValue());
                b.parameters.add(after.sortValue());
                b.parameters.add(after.conversationId());
            }
        }
        if (query.unreadsOnly()) {
            where.append(" AND e.unread_count > 0");
        }
        if (query.lastMessageBefore() != null) {
            where.append(" AND e.last_message_at IS NOT NULL AND e.last_message_at < ?");
            b.parameters.add(query.lastMessageBefore());
        }
        if (query.lastMessageAfter() != null) {
            where.append(" AND e.last_message_at IS NOT NULL AND e.last_message_at > ?");
            b.parameters.add(query.lastMessageAfter());
        }
        if (!(query.filter() instanceof ConversationFilter.And and && and.parts().isEmpty())) {
            where.append(" AND ").append(b.filter(query.filter()));
        }
        String direction = asc ? " ASC" : " DESC";
        String sql = "SELECT " + columns + " FROM roster_entry e WHERE " + where + " ORDER BY " + sort + direction
                + ", " + id + direction + " LIMIT ?";
        b.parameters.add(query.limit());
        return new InboxSql(sql, Collections.unmodifiableList(b.parameters));
    }

    private static final class Builder extends SqlPredicates {

        Builder(Dialect dialect) {
            super(dialect);
        }

        String filter(ConversationFilter filter) {
            if (filter instanceof ConversationFilter.And and) {
                return join(and.parts(), " AND ", "1 = 1", this::filter);
            }
            if (filter instanceof ConversationFilter.Any any) {
                return join(any.parts(), " OR ", "1 = 0", this::filter);
            }
            if (filter instanceof ConversationFilter.AccessIn access) {
                List<String> names = new ArrayList<>();
                for (Access value : access.values()) {
                    names.add(value.name());
                }
                return negate(in("e.access", names), access.negated());
            }
            if (filter instanceof ConversationFilter.SubjectIn subject) {
                List<String> texts = new ArrayList<>(subject.values());
                boolean withNull = texts.removeIf(Objects::isNull);
                String positive = "(e.subject IS NOT NULL AND " + in("e.subject", texts) + ")";
                if (withNull) {
                    positive = "(" + positive + " OR e.subject IS NULL)";
                }
                return negate(positive, subject.negated());
            }
            if (filter instanceof ConversationFilter.CustomIn custom) {
                parameters.add(custom.key());
                String exists = "EXISTS (SELECT 1 FROM roster_conversation_custom c WHERE c.app_id = e.app_id "
                        + "AND c.conversation_id = e.conversation_id AND c.custom_key = ? AND "
                        + in("c.custom_value", new ArrayList<>(custom.values())) + ")";
                return negate(exists, custom.negated());
            }
            if (filter instanceof ConversationFilter.CustomExists exists) {
                parameters.add(exists.key());
                String sql = "EXISTS (SELECT 1 FROM roster_conversation_custom c WHERE c.app_id = e.app_id "
                        + "AND c.conversation_id = e.conversation_id AND c.custom_key = ?)";
                return negate(sql, !exists.exists());
            }
            if (filter instanceof ConversationFilter.FlagIs flag) {
                String positive = flag.flag() == ConversationFilter.Flag.IS_UNREAD
                        ? "e.unread_count > 0" : "e.last_message_at IS NOT NULL";
                return negate(positive, !flag.value());
            }
            if (filter instanceof ConversationFilter.TimeCompare compare) {
                return compare(column(compare.field()), compare.op(), compare.value());
            }
            if (filter instanceof ConversationFilter.TimeBetween between) {
                return between(column(between.field()), between.from(), between.until(), between.negated());
            }
            throw new IllegalArgumentException("Unknown filter node " + filter.getClass().getName());
        }

        private static String column(ConversationFilter.TimeField field) {
            switch (field) {
                case CREATED_AT:
                    return "e.created_at";
                case JOINED_AT:
                    return "e.joined_at";
                default:
                    return "e.last_activity_at";
            }
        }
    }
}
