package dev.roster.mongo;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import dev.roster.core.domain.Access;
import dev.roster.core.domain.ConversationFilter;
import dev.roster.core.domain.ConversationOrder;
import dev.roster.core.domain.ConversationQuery;
import dev.roster.core.domain.InboxCursor;
import dev.roster.core.domain.SortDirection;
import org.bson.conversions.Bson;

import java.util.ArrayList;
import java.util.List;

import static dev.roster.mongo.ConversationDocuments.ACCESS;
import static dev.roster.mongo.ConversationDocuments.APP;
import static dev.roster.mongo.ConversationDocuments.CONVERSATION_ORDER;
import static dev.roster.mongo.ConversationDocuments.CREATED_AT;
import static dev.roster.mongo.ConversationDocuments.CUSTOM;
import static dev.roster.mongo.ConversationDocuments.HAS_MESSAGES;
import static dev.roster.mongo.ConversationDocuments.JOINED_AT;
import static dev.roster.mongo.ConversationDocuments.LAST_ACTIVITY_AT;
import static dev.roster.mongo.ConversationDocuments.LAST_MESSAGE_AT;
import static dev.roster.mongo.ConversationDocuments.LEFT;
import static dev.roster.mongo.ConversationDocuments.SUBJECT;
import static dev.roster.mongo.ConversationDocuments.UNREAD;
import static dev.roster.mongo.ConversationDocuments.USER;

/**
 * Translates a {@link ConversationQuery} into one MongoDB query over the inbox entries: equality on
 * (app, user), the keyset cursor as an {@code $or} on (sort value, conversation order key), the
 * filter tree, and a sort on the same two keys with a limit, matching the index
 * {@code inbox_app_user_<order>}. User-chosen custom keys and values only ever appear as values
 * compared with the fixed fields {@code k} and {@code v}, never as field names.
 */
final class InboxQueries {

    private InboxQueries() {
    }

    /** The filter of the page that starts at {@code after} (null: from the beginning). */
    static Bson filter(String appId, ConversationQuery query, InboxCursor after) {
        List<Bson> all = new ArrayList<>();
        all.add(Filters.eq(APP, appId));
        all.add(Filters.eq(USER, query.userId()));
        if (!query.includesLeft()) {
            all.add(Filters.eq(LEFT, false));
        }
        if (after != null) {
            all.add(cursor(sortField(query.order()), query.direction(), after));
        }
        if (query.unreadsOnly()) {
            all.add(Filters.gt(UNREAD, 0L));
        }
        if (query.lastMessageBefore() != null) {
            all.add(Filters.eq(HAS_MESSAGES, true));
            all.add(Filters.lt(LAST_MESSAGE_AT, query.lastMessageBefore()));
        }
        if (query.lastMessageAfter() != null) {
            all.add(Filters.eq(HAS_MESSAGES, true));
            all.add(Filters.gt(LAST_MESSAGE_AT, query.lastMessageAfter()));
        }
        Bson tree = translate(query.filter());
        if (tree != null) {
            all.add(tree);
        }
        return Filters.and(all);
    }

    /** The sort of the page: sort value, then conversation id, both in the query's direction. */
    static Bson sort(ConversationQuery query) {
        String field = sortField(query.order());
        return query.direction() == SortDirection.ASC ? Sorts.ascending(field, CONVERSATION_ORDER)
                : Sorts.descending(field, CONVERSATION_ORDER);
    }

    static String sortField(ConversationOrder order) {
        return order == ConversationOrder.CREATED_AT ? CREATED_AT : LAST_ACTIVITY_AT;
    }

    private static Bson cursor(String field, SortDirection direction, InboxCursor after) {
        boolean asc = direction == SortDirection.ASC;
        if (after.conversationId() == null) {
            return asc ? Filters.gte(field, after.sortValue()) : Filters.lte(field, after.sortValue());
        }
        String key = OrderKey.of(after.conversationId());
        return Filters.or(
                asc ? Filters.gt(field, after.sortValue()) : Filters.lt(field, after.sortValue()),
                Filters.and(Filters.eq(field, after.sortValue()),
                        asc ? Filters.gt(CONVERSATION_ORDER, key) : Filters.lt(CONVERSATION_ORDER, key)));
    }

    /** The node as a query, or null for "everything". */
    static Bson translate(ConversationFilter node) {
        if (node instanceof ConversationFilter.And and) {
            List<Bson> parts = new ArrayList<>();
            for (ConversationFilter part : and.parts()) {
                Bson p = translate(part);
                if (p != null) {
                    parts.add(p);
                }
            }
            return parts.isEmpty() ? null : Filters.and(parts);
        }
        if (node instanceof ConversationFilter.Any any) {
            List<Bson> parts = new ArrayList<>();
            for (ConversationFilter part : any.parts()) {
                Bson p = translate(part);
                if (p == null) {
                    return null;
                }
                parts.add(p);
            }
            return Filters.or(parts);
        }
        if (node instanceof ConversationFilter.AccessIn access) {
            List<String> wire = access.values().stream().map(Access::wire).toList();
            return FilterNodes.in(ACCESS, wire, access.negated());
        }
        if (node instanceof ConversationFilter.SubjectIn subject) {
            return FilterNodes.in(SUBJECT, subject.values(), subject.negated());
        }
        if (node instanceof ConversationFilter.CustomIn custom) {
            return FilterNodes.customIn(CUSTOM, custom.key(), custom.values(), custom.negated());
        }
        if (node instanceof ConversationFilter.CustomExists exists) {
            return FilterNodes.customExists(CUSTOM, exists.key(), exists.exists());
        }
        if (node instanceof ConversationFilter.FlagIs flag) {
            return flag.flag() == ConversationFilter.Flag.IS_UNREAD
                    ? (flag.value() ? Filters.gt(UNREAD, 0L) : Filters.lte(UNREAD, 0L))
                    : Filters.eq(HAS_MESSAGES, flag.value());
        }
        if (node instanceof ConversationFilter.TimeCompare compare) {
            return FilterNodes.compare(timeField(compare.field()), compare.op(), compare.value());
        }
        if (node instanceof ConversationFilter.TimeBetween between) {
            String field = timeField(between.field());
            if (between.negated()) {
                return Filters.or(Filters.lt(field, between.from()), Filters.gte(field, between.until()));
            }
            return FilterNodes.between(field, between.from(), between.until());
        }
        throw new IllegalArgumentException("Unknown filter node " + node.getClass().getName());
    }

    private static String timeField(ConversationFilter.TimeField field) {
        return switch (field) {
            case LAST_ACTIVITY_AT -> LAST_ACTIVITY_AT;
            case CREATED_AT -> CREATED_AT;
            case JOINED_AT -> JOINED_AT;
        };
    }
}
