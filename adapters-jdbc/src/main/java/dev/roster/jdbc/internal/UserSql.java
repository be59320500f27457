package dev.roster.jdbc.internal;

import dev.roster.core.domain.SortDirection;
import dev.roster.core.domain.UserFilter;
import dev.roster.core.domain.UserOrder;
import dev.roster.core.domain.UserQuery;
import dev.roster.jdbc.Dialect;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Translates one {@link UserQuery} into a SQL query over {@code roster_user u}: a range scan of
 * the primary key or of {@code roster_user_by_created}/{@code _by_name}/{@code _by_active} for
 * the app, the keyset cursor as a row-value comparison, the filter tree as a WHERE clause whose
 * every constant is bound, and LIMIT. The {@code lastActiveAt} order lists users never active
 * last in both directions, so it is two queries ({@link Segment}): the users with a time, then
 * those without, in id order.
 *
 * @param sql        the query text, with {@code ?} placeholders
 * @param parameters the values of the placeholders, in order
 */
record UserSql(String sql, List<Object> parameters) {

    /** Which users of the {@code lastActiveAt} order a query reads; every other order is {@link #ALL}. */
    enum Segment {
        /** Every user. */
        ALL,
        /** Users with a {@code lastActiveAt}. */
        ACTIVE,
        /** Users never active. */
        NEVER_ACTIVE
    }

    /**
     * The position after which a page starts: the sort value of the cursor user (a name key, a
     * time in ms, or null in id order and among users never active) and its id.
     */
    record Keyset(Object value, String userId) {
    }

    /**
     * The query selecting {@code columns} (qualified with {@code u.}) of {@code segment}, after
     * {@code after} (null: from the beginning), at most {@code limit} rows.
     */
    static UserSql of(Dialect dialect, String columns, String appId, UserQuery query, Segment segment,
                      Keyset after, int limit) {
        Builder b = new Builder(dialect);
        StringBuilder where = new StringBuilder("u.app_id = ?");
        b.parameters.add(appId);
        String sort = switch (segment) {
            case ACTIVE -> "u.last_active_at";
            case NEVER_ACTIVE -> null;
            case ALL -> switch (query.order()) {
                case CREATED_AT -> "u.created_at";
                case NAME -> b.nameColumn();
                default -> null;
            };
        };
        if (segment != Segment.ALL) {
            where.append(segment == Segment.ACTIVE ? " AND u.last_active_at IS NOT NULL" : " AND u.last_active_at IS NULL");
        }
        String id = dialect == Dialect.H2 ? "u.user_sort" : "u.user_id";
        boolean asc = query.direction() == SortDirection.ASC;
        String op = asc ? ">" : "<";
        if (after != null && sort == null) {
            where.append(" AND ").append(id).append(' ').append(op).append(' ').append(b.idParameter());
            b.parameters.add(after.userId());
        } else if (after != null) {
            String parameter = query.order() == UserOrder.NAME ? b.idParameter() : "?";
            // The plain bound lets MariaDB's range optimizer use the index; the row value is exact.
            where.append(" AND ").append(sort).append(' ').append(op).append("= ").append(parameter).append(" AND (")
                    .append(sort).append(", ").append(id).append(") ").append(op).append(" (").append(parameter)
                    .append(", ").append(b.idParameter()).append(")");
            b.parameters.add(after.value());
            b.parameters.add(after.value());
            b.parameters.add(after.userId());
        }
        where.append(" AND ").append(b.filter(query.effectiveFilter()));
        String direction = asc ? " ASC" : " DESC";
        String orderBy = (sort == null ? "" : sort + direction + ", ") + id + direction;
        String sql = "SELECT " + columns + " FROM roster_user u WHERE " + where + " ORDER BY " + orderBy + " LIMIT ?";
        b.parameters.add(limit);
        return new UserSql(sql, Collections.unmodifiableList(b.parameters));
    }

    private static final class Builder extends SqlPredicates {

        Builder(Dialect dialect) {
            super(dialect);
        }

        String nameColumn() {
            return dialect == Dialect.H2 ? "u.name_sort" : "u.name_key";
        }

        String filter(UserFilter filter) {
            if (filter instanceof UserFilter.And and) {
                return join(and.parts(), " AND ", "1 = 1", this::filter);
            }
            if (filter instanceof UserFilter.Any any) {
                return join(any.parts(), " OR ", "1 = 0", this::filter);
            }
            if (filter instanceof UserFilter.TextIn text) {
                String column = switch (text.field()) {
                    case ID -> "u.user_id";
                    case ROLE -> "u.role";
                    case NAME -> "u.name";
                };
                return negate(in(column, new ArrayList<>(text.values())), text.negated());
            }
            if (filter instanceof UserFilter.NameStartsWith starts) {
                String upper = starts.upperBound();
                if (starts.key().isEmpty()) {
                    return "1 = 1";
                }
                parameters.add(starts.key());
                String lower = nameColumn() + " >= " + idParameter();
                if (upper == null) {
                    return lower;
                }
                parameters.add(upper);
                return "(" + lower + " AND " + nameColumn() + " < " + idParameter() + ")";
            }
            if (filter instanceof UserFilter.ContactIs contact) {
                return contact(contact.field() == UserFilter.ContactField.EMAIL ? "u.email" : "u.phone", contact.value());
            }
            if (filter instanceof UserFilter.CustomIn custom) {
                parameters.add(custom.key());
                String exists = "EXISTS (SELECT 1 FROM roster_user_custom c WHERE c.app_id = u.app_id "
                        + "AND c.user_id = u.user_id AND c.custom_key = ? AND "
                        + in("c.custom_value", new ArrayList<>(custom.values())) + ")";
                return negate(exists, custom.negated());
            }
            if (filter instanceof UserFilter.CustomExists exists) {
                parameters.add(exists.key());
                return negate("EXISTS (SELECT 1 FROM roster_user_custom c WHERE c.app_id = u.app_id "
                        + "AND c.user_id = u.user_id AND c.custom_key = ?)", !exists.exists());
            }
            if (filter instanceof UserFilter.DeactivatedIs deactivated) {
                return negate("u.deactivated = TRUE", !deactivated.value());
            }
            if (filter instanceof UserFilter.TimeCompare compare) {
                String column = column(compare.field());
                return "(" + column + " IS NOT NULL AND " + compare(column, compare.op(), compare.value()) + ")";
            }
            if (filter instanceof UserFilter.TimeBetween between) {
                String column = column(between.field());
                return "(" + column + " IS NOT NULL AND "
                        + between(column, between.from(), between.until(), between.negated()) + ")";
            }
            throw new IllegalArgumentException("A store cannot evaluate filter node " + filter.getClass().getName()
                    + "; core resolves isOnline first");
        }

        /**
         * The JSON array column holds {@code address} as an element: its JSON string right after
         * the array's {@code [} or after a {@code ,} between elements. Inside an element every
         * {@code "} is escaped, so neither pattern can start within one.
         */
        private String contact(String column, String address) {
            String element = JsonColumns.write(List.of(address));
            String quoted = element.substring(1, element.length() - 1);
            parameters.add("[" + quoted);
            parameters.add("," + quoted);
            String found = dialect == Dialect.POSTGRESQL ? "STRPOS(" + column + ", ?) > 0" : "LOCATE(?, " + column + ") > 0";
            return "(" + found + " OR " + found + ")";
        }

        private static String column(UserFilter.TimeField field) {
            return field == UserFilter.TimeField.CREATED_AT ? "u.created_at" : "u.last_active_at";
        }
    }
}
