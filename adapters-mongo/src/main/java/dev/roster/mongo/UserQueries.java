package dev.roster.mongo;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import dev.roster.core.domain.SortDirection;
import dev.roster.core.domain.UserFilter;
import dev.roster.core.domain.UserQuery;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.util.ArrayList;
import java.util.List;

/**
 * Translates a {@link UserQuery} into MongoDB queries over the user documents: equality on the
 * app, the keyset cursor as an {@code $or} on (sort value, id order key), the filter tree, and a
 * sort on the same two keys with a limit, matching {@code users_app_order} or
 * {@code users_app_<order>}. The {@code lastActiveAt} order lists users never active last in both
 * directions, so it reads two segments: users with a time, then those without, in id order.
 * Custom keys and values only ever appear as values compared with the fixed fields {@code k} and
 * {@code v}, never as field names.
 */
final class UserQueries {

    /** Which users of the {@code lastActiveAt} order a query reads; every other order is {@link #ALL}. */
    enum Segment {
        /** Every user. */
        ALL,
        /** Users with a {@code lastActiveAt}. */
        ACTIVE,
        /** Users never active. */
        NEVER_ACTIVE
    }

    private UserQueries() {
    }

    /** The sorted field of {@code segment}, or null when the segment is in id order only. */
    static String sortField(UserQuery query, Segment segment) {
        return switch (segment) {
            case ACTIVE -> UserDocuments.LAST_ACTIVE_AT;
            case NEVER_ACTIVE -> null;
            case ALL -> switch (query.order()) {
                case CREATED_AT -> UserDocuments.CREATED_AT;
                case NAME -> UserDocuments.NAME_KEY;
                default -> null;
            };
        };
    }

    /**
     * The filter of {@code segment} after the cursor: the sort value {@code value} (stored form)
     * of the user {@code afterId} (null: from the beginning).
     */
    static Bson filter(String appId, UserQuery query, Segment segment, Object value, String afterId) {
        List<Bson> all = new ArrayList<>();
        all.add(Filters.eq(UserDocuments.APP, appId));
        all.add(Filters.gte(UserDocuments.VERSION, 1L));
        if (segment == Segment.ACTIVE) {
            all.add(Filters.ne(UserDocuments.LAST_ACTIVE_AT, null));
        } else if (segment == Segment.NEVER_ACTIVE) {
            all.add(Filters.eq(UserDocuments.LAST_ACTIVE_AT, null));
        }
        boolean asc = query.direction() == SortDirection.ASC;
        if (afterId != null) {
            String order = OrderKey.of(afterId);
            Bson idAfter = asc ? Filters.gt(UserDocuments.ORDER, order) : Filters.lt(UserDocuments.ORDER, order);
            String sort = sortField(query, segment);
            if (sort == null) {
                all.add(idAfter);
            } else {
                all.add(Filters.or(asc ? Filters.gt(sort, value) : Filters.lt(sort, value),
                        Filters.and(Filters.eq(sort, value), idAfter)));
            }
        }
        all.add(filter(query.effectiveFilter()));
        return Filters.and(all);
    }

    /** The sort of {@code segment}: its field, then the id order key, both in the query's direction. */
    static Bson sort(UserQuery query, Segment segment) {
        String field = sortField(query, segment);
        List<String> fields = field == null ? List.of(UserDocuments.ORDER) : List.of(field, UserDocuments.ORDER);
        return query.direction() == SortDirection.ASC ? Sorts.ascending(fields) : Sorts.descending(fields);
    }

    static Bson filter(UserFilter node) {
        if (node instanceof UserFilter.And and) {
            return and.parts().isEmpty() ? new Document() : Filters.and(and.parts().stream().map(UserQueries::filter).toList());
        }
        if (node instanceof UserFilter.Any any) {
            return Filters.or(any.parts().stream().map(UserQueries::filter).toList());
        }
        if (node instanceof UserFilter.TextIn text) {
            String field = switch (text.field()) {
                case ID -> UserDocuments.ID;
                case ROLE -> "role";
                case NAME -> "name";
            };
            return FilterNodes.in(field, text.values(), text.negated());
        }
        if (node instanceof UserFilter.NameStartsWith starts) {
            Bson lower = Filters.gte(UserDocuments.NAME_KEY, OrderKey.of(starts.key()));
            String upper = starts.upperBound();
            return upper == null ? lower : Filters.and(lower, Filters.lt(UserDocuments.NAME_KEY, OrderKey.of(upper)));
        }
        if (node instanceof UserFilter.ContactIs contact) {
            return Filters.eq(contact.field() == UserFilter.ContactField.EMAIL ? "email" : "phone", contact.value());
        }
        if (node instanceof UserFilter.CustomIn custom) {
            return FilterNodes.customIn("custom", custom.key(), custom.values(), custom.negated());
        }
        if (node instanceof UserFilter.CustomExists exists) {
            return FilterNodes.customExists("custom", exists.key(), exists.exists());
        }
        if (node instanceof UserFilter.DeactivatedIs deactivated) {
            return deactivated.value() ? Filters.eq(UserDocuments.DEACTIVATED, true)
                    : Filters.ne(UserDocuments.DEACTIVATED, true);
        }
        if (node instanceof UserFilter.TimeCompare compare) {
            return FilterNodes.compare(timeField(compare.field()), compare.op(), compare.value());
        }
        if (node instanceof UserFilter.TimeBetween between) {
            String field = timeField(between.field());
            Bson inside = FilterNodes.between(field, between.from(), between.until());
            return between.negated() ? Filters.and(Filters.ne(field, null), Filters.nor(inside)) : inside;
        }
        throw new IllegalArgumentException("A store cannot evaluate filter node " + node.getClass().getName()
                + "; core resolves isOnline first");
    }

    private static String timeField(UserFilter.TimeField field) {
        return field == UserFilter.TimeField.CREATED_AT ? UserDocuments.CREATED_AT : UserDocuments.LAST_ACTIVE_AT;
    }
}
