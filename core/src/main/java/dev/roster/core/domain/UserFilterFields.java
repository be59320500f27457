package dev.roster.core.domain;

import dev.roster.core.domain.UserFilter.TextField;
import dev.roster.core.domain.UserFilter.TimeField;

import java.util.List;
import java.util.Set;

/** The fields of the user filter (SPEC §9) for the shared {@link FilterParser}. */
final class UserFilterFields implements FilterParser.Fields<UserFilter> {

    static final UserFilterFields INSTANCE = new UserFilterFields();

    private static final String FIELDS = "createdAt, custom, deactivated, email, id, isOnline, lastActiveAt, "
            + "name, phone, role";
    private static final String TEXT_SHAPE = "[\"==\" | \"!=\", string] or [\"oneOf\" | \"!oneOf\", [string, …]]";
    private static final String NAME_SHAPE = TEXT_SHAPE + " or [\"startsWith\", string]";
    private static final String CONTACT_SHAPE = "[\"==\", string]";

    private UserFilterFields() {
    }

    @Override
    public UserFilter field(String field, Object value, String at, FilterParser<UserFilter> parser) {
        return switch (field) {
            case "id" -> text(TextField.ID, value, TEXT_SHAPE, at, parser);
            case "role" -> text(TextField.ROLE, value, TEXT_SHAPE, at, parser);
            case "name" -> value instanceof List<?> list && list.size() == 2 && "startsWith".equals(list.get(0))
                    ? startsWith(list.get(1), value, at, parser) : text(TextField.NAME, value, NAME_SHAPE, at, parser);
            case "custom" -> parser.custom(value, at);
            case "createdAt" -> time(TimeField.CREATED_AT, parser.time(value, at));
            case "lastActiveAt" -> time(TimeField.LAST_ACTIVE_AT, parser.time(value, at));
            case "isOnline" -> {
                Boolean flag = parser.flag(value, at);
                yield flag == null ? null : new UserFilter.OnlineIs(flag);
            }
            case "deactivated" -> {
                Boolean flag = parser.flag(value, at);
                yield flag == null ? null : new UserFilter.DeactivatedIs(flag);
            }
            case "email" -> contact(UserFilter.ContactField.EMAIL, value, at, parser);
            case "phone" -> contact(UserFilter.ContactField.PHONE, value, at, parser);
            default -> {
                parser.unknown(at, field, FIELDS);
                yield null;
            }
        };
    }

    @Override
    public UserFilter and(List<UserFilter> parts) {
        return new UserFilter.And(parts);
    }

    @Override
    public UserFilter any(List<UserFilter> parts) {
        return new UserFilter.Any(parts);
    }

    @Override
    public UserFilter custom(String key, Set<String> values, boolean negated) {
        return new UserFilter.CustomIn(key, values, negated);
    }

    @Override
    public UserFilter customExists(String key, boolean exists) {
        return new UserFilter.CustomExists(key, exists);
    }

    private static UserFilter text(TextField field, Object value, String shape, String at,
                                   FilterParser<UserFilter> parser) {
        FilterParser.Membership membership = parser.strings(value, false, shape, at);
        return membership == null ? null : new UserFilter.TextIn(field, membership.values(), membership.negated());
    }

    private static UserFilter startsWith(Object prefix, Object value, String at, FilterParser<UserFilter> parser) {
        if (prefix instanceof String text) {
            return new UserFilter.NameStartsWith(text);
        }
        parser.problem(at, "Expected " + NAME_SHAPE + ", got " + Json.show(value) + ".");
        return null;
    }

    private static UserFilter contact(UserFilter.ContactField field, Object value, String at,
                                      FilterParser<UserFilter> parser) {
        if (value instanceof List<?> list && list.size() == 2 && "==".equals(list.get(0))
                && list.get(1) instanceof String address) {
            return new UserFilter.ContactIs(field, address);
        }
        parser.problem(at, "Expected " + CONTACT_SHAPE + ", got " + Json.show(value) + ".");
        return null;
    }

    private static UserFilter time(TimeField field, FilterParser.Time time) {
        if (time == null) {
            return null;
        }
        return time.op() != null ? new UserFilter.TimeCompare(field, time.op(), time.value())
                : new UserFilter.TimeBetween(field, time.from(), time.until(), time.negated());
    }
}
