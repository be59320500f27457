package dev.roster.core.domain;

import dev.roster.core.domain.ConversationFilter.AccessIn;
import dev.roster.core.domain.ConversationFilter.CustomExists;
import dev.roster.core.domain.ConversationFilter.CustomIn;
import dev.roster.core.domain.ConversationFilter.Flag;
import dev.roster.core.domain.ConversationFilter.FlagIs;
import dev.roster.core.domain.ConversationFilter.SubjectIn;
import dev.roster.core.domain.ConversationFilter.TimeBetween;
import dev.roster.core.domain.ConversationFilter.TimeCompare;
import dev.roster.core.domain.ConversationFilter.TimeField;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The fields of the conversation filter (SPEC §6) for the shared {@link FilterParser}. */
final class ConversationFilterFields implements FilterParser.Fields<ConversationFilter> {

    static final ConversationFilterFields INSTANCE = new ConversationFilterFields();

    private static final String FIELDS = "access, createdAt, custom, hasMessages, hasUnreadMessages, isUnread, "
            + "joinedAt, lastActivityAt, lastMessageTs, subject";
    private static final String ACCESS_SHAPE = "[\"==\" | \"!=\", \"ReadWrite\" | \"Read\" | \"None\"] or "
            + "[\"oneOf\" | \"!oneOf\", [access, …]]";
    private static final String SUBJECT_SHAPE = "[\"==\" | \"!=\", string or null] or "
            + "[\"oneOf\" | \"!oneOf\", [string or null, …]]";

    private ConversationFilterFields() {
    }

    @Override
    public ConversationFilter field(String field, Object value, String at, FilterParser<ConversationFilter> parser) {
        return switch (field) {
            case "access" -> access(value, at, parser);
            case "custom" -> parser.custom(value, at);
            case "subject" -> subject(value, at, parser);
            case "isUnread", "hasUnreadMessages" -> flag(Flag.IS_UNREAD, parser.flag(value, at));
            case "hasMessages" -> flag(Flag.HAS_MESSAGES, parser.flag(value, at));
            case "lastActivityAt", "lastMessageTs" -> time(TimeField.LAST_ACTIVITY_AT, parser.time(value, at));
            case "createdAt" -> time(TimeField.CREATED_AT, parser.time(value, at));
            case "joinedAt" -> time(TimeField.JOINED_AT, parser.time(value, at));
            default -> {
                parser.unknown(at, field, FIELDS);
                yield null;
            }
        };
    }

    @Override
    public ConversationFilter and(List<ConversationFilter> parts) {
        return new ConversationFilter.And(parts);
    }

    @Override
    public ConversationFilter any(List<ConversationFilter> parts) {
        return new ConversationFilter.Any(parts);
    }

    @Override
    public ConversationFilter custom(String key, Set<String> values, boolean negated) {
        return new CustomIn(key, values, negated);
    }

    @Override
    public ConversationFilter customExists(String key, boolean exists) {
        return new CustomExists(key, exists);
    }

    private static ConversationFilter access(Object value, String at, FilterParser<ConversationFilter> parser) {
        FilterParser.Membership names = parser.strings(value, false, ACCESS_SHAPE, at);
        if (names == null) {
            return null;
        }
        Set<Access> accesses = new LinkedHashSet<>();
        for (String name : names.values()) {
            Access access = Access.fromWire(name);
            if (access == null) {
                parser.problem(at, "Expected " + ACCESS_SHAPE + ", got " + Json.show(value) + ".");
                return null;
            }
            accesses.add(access);
        }
        return new AccessIn(accesses, names.negated());
    }

    private static ConversationFilter subject(Object value, String at, FilterParser<ConversationFilter> parser) {
        FilterParser.Membership subjects = parser.strings(value, true, SUBJECT_SHAPE, at);
        return subjects == null ? null : new SubjectIn(subjects.values(), subjects.negated());
    }

    private static ConversationFilter flag(Flag flag, Boolean value) {
        return value == null ? null : new FlagIs(flag, value);
    }

    private static ConversationFilter time(TimeField field, FilterParser.Time time) {
        if (time == null) {
            return null;
        }
        return time.op() != null ? new TimeCompare(field, time.op(), time.value())
                : new TimeBetween(field, time.from(), time.until(), time.negated());
    }
}
