package dev.roster.core.domain;

import dev.roster.core.domain.ConversationFilter.AccessIn;
import dev.roster.core.domain.ConversationFilter.Comparison;
import dev.roster.core.domain.ConversationFilter.CustomExists;
import dev.roster.core.domain.ConversationFilter.CustomIn;
import dev.roster.core.domain.ConversationFilter.Flag;
import dev.roster.core.domain.ConversationFilter.FlagIs;
import dev.roster.core.domain.ConversationFilter.SubjectIn;
import dev.roster.core.domain.ConversationFilter.TimeBetween;
import dev.roster.core.domain.ConversationFilter.TimeCompare;
import dev.roster.core.domain.ConversationFilter.TimeField;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads {@link ConversationFilter}s from JSON-shaped values, collecting every problem with its path. */
final class FilterParser {

    static final String ROOT = "filter";

    private static final String FIELDS = "access, createdAt, custom, hasMessages, hasUnreadMessages, isUnread, "
            + "joinedAt, lastActivityAt, lastMessageTs, subject";
    private static final String ACCESS_SHAPE = "[\"==\" | \"!=\", \"ReadWrite\" | \"Read\" | \"None\"] or "
            + "[\"oneOf\" | \"!oneOf\", [access, …]]";
    private static final String CUSTOM_SHAPE = "\"exists\", \"!exists\", [\"==\" | \"!=\", string] or "
            + "[\"oneOf\" | \"!oneOf\", [string, …]]";
    private static final String SUBJECT_SHAPE = "[\"==\" | \"!=\", string or null] or "
            + "[\"oneOf\" | \"!oneOf\", [string or null, …]]";
    private static final String TIME_SHAPE = "[\">\" | \"<\" | \">=\" | \"<=\", number] or "
            + "[\"between\" | \"!between\", [number, number]]";

    private final Violations.Builder problems = new Violations.Builder();

    private FilterParser() {
    }

    static ConversationFilter parse(Object json) {
        FilterParser parser = new FilterParser();
        ConversationFilter filter = parser.top(json);
        parser.problems.build().throwIfAny("The filter");
        return filter;
    }

    private ConversationFilter top(Object json) {
        if (json instanceof Map<?, ?> map) {
            return simple(map, ROOT);
        }
        if (json instanceof List<?> list && list.size() == 2 && "any".equals(list.get(0))) {
            if (!(list.get(1) instanceof List<?> parts) || parts.isEmpty()) {
                problems.add(ROOT + ".any", "Expected a non-empty array of filter objects, got "
                        + Json.show(list.get(1)) + ".");
                return ConversationFilter.ALL;
            }
            List<ConversationFilter> filters = new ArrayList<>();
            for (int i = 0; i < parts.size(); i++) {
                String path = ROOT + ".any[" + i + "]";
                if (parts.get(i) instanceof Map<?, ?> map) {
                    filters.add(simple(map, path));
                } else {
                    problems.add(path, "Expected a filter object, got " + Json.show(parts.get(i)) + ".");
                }
            }
            return new ConversationFilter.Any(filters);
        }
        problems.add(ROOT, "Expected an object or [\"any\", [filter, …]], got " + Json.show(json) + ".");
        return ConversationFilter.ALL;
    }

    private ConversationFilter simple(Map<?, ?> map, String path) {
        List<ConversationFilter> parts = new ArrayList<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String field = String.valueOf(entry.getKey());
            Object value = entry.getValue();
            String at = path + "." + field;
            ConversationFilter part = switch (field) {
                case "access" -> access(value, at);
                case "custom" -> custom(value, at);
                case "subject" -> subject(value, at);
                case "isUnread", "hasUnreadMessages" -> flag(Flag.IS_UNREAD, value, at);
                case "hasMessages" -> flag(Flag.HAS_MESSAGES, value, at);
                case "lastActivityAt", "lastMessageTs" -> time(TimeField.LAST_ACTIVITY_AT, value, at);
                case "createdAt" -> time(TimeField.CREATED_AT, value, at);
                case "joinedAt" -> time(TimeField.JOINED_AT, value, at);
                default -> {
                    problems.add(at, "Unknown filter field " + field + "; expected one of " + FIELDS + ".");
                    yield null;
                }
            };
            if (part != null) {
                parts.add(part);
            }
        }
        return parts.size() == 1 ? parts.get(0) : new ConversationFilter.And(parts);
    }

    private ConversationFilter access(Object value, String at) {
        Predicate predicate = Predicate.of(value, false);
        if (predicate == null) {
            problems.add(at, "Expected " + ACCESS_SHAPE + ", got " + Json.show(value) + ".");
            return null;
        }
        Set<Access> accesses = new LinkedHashSet<>();
        for (Object operand : predicate.operands) {
            Access access = operand instanceof String s ? Access.fromWire(s) : null;
            if (access == null) {
                problems.add(at, "Expected " + ACCESS_SHAPE + ", got " + Json.show(value) + ".");
                return null;
            }
            accesses.add(access);
        }
        return new AccessIn(accesses, predicate.negated);
    }

    private ConversationFilter subject(Object value, String at) {
        Predicate predicate = Predicate.of(value, true);
        if (predicate == null) {
            problems.add(at, "Expected " + SUBJECT_SHAPE + ", got " + Json.show(value) + ".");
            return null;
        }
        Set<String> subjects = new LinkedHashSet<>();
        for (Object operand : predicate.operands) {
            if (operand != null && !(operand instanceof String)) {
                problems.add(at, "Expected " + SUBJECT_SHAPE + ", got " + Json.show(value) + ".");
                return null;
            }
            subjects.add((String) operand);
        }
        return new SubjectIn(subjects, predicate.negated);
    }

    private ConversationFilter custom(Object value, String at) {
        if (!(value instanceof Map<?, ?> map)) {
            problems.add(at, "Expected an object of custom field predicates, got " + Json.show(value) + ".");
            return null;
        }
        List<ConversationFilter> parts = new ArrayList<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String key = String.valueOf(entry.getKey());
            Object predicateJson = entry.getValue();
            String keyPath = at + "." + key;
            if ("exists".equals(predicateJson) || "!exists".equals(predicateJson)) {
                parts.add(new CustomExists(key, "exists".equals(predicateJson)));
                continue;
            }
            Predicate predicate = Predicate.of(predicateJson, false);
            if (predicate == null || !predicate.operands.stream().allMatch(String.class::isInstance)) {
                problems.add(keyPath, "Expected " + CUSTOM_SHAPE + ", got " + Json.show(predicateJson) + ".");
                continue;
            }
            Set<String> values = new LinkedHashSet<>();
            predicate.operands.forEach(o -> values.add((String) o));
            parts.add(new CustomIn(key, values, predicate.negated));
        }
        return parts.size() == 1 ? parts.get(0) : new ConversationFilter.And(parts);
    }

    private ConversationFilter flag(Flag flag, Object value, String at) {
        if (value instanceof Boolean b) {
            return new FlagIs(flag, b);
        }
        problems.add(at, "Expected true or false, got " + Json.show(value) + ".");
        return null;
    }

    private ConversationFilter time(TimeField field, Object value, String at) {
        if (value instanceof List<?> list && list.size() == 2 && list.get(0) instanceof String op) {
            Object operand = list.get(1);
            Comparison comparison = switch (op) {
                case ">" -> Comparison.GT;
                case "<" -> Comparison.LT;
                case ">=" -> Comparison.GE;
                case "<=" -> Comparison.LE;
                default -> null;
            };
            if (comparison != null && Json.isWhole(operand)) {
                return new TimeCompare(field, comparison, ((Number) operand).longValue());
            }
            if (("between".equals(op) || "!between".equals(op)) && operand instanceof List<?> bounds
                    && bounds.size() == 2 && Json.isWhole(bounds.get(0)) && Json.isWhole(bounds.get(1))) {
                return new TimeBetween(field, ((Number) bounds.get(0)).longValue(),
                        ((Number) bounds.get(1)).longValue(), op.startsWith("!"));
            }
        }
        problems.add(at, "Expected " + TIME_SHAPE + " (whole milliseconds), got " + Json.show(value) + ".");
        return null;
    }

    /** {@code ["==" | "!=", x]} or {@code ["oneOf" | "!oneOf", [x, …]]} as a set membership. */
    private record Predicate(List<Object> operands, boolean negated) {

        static Predicate of(Object value, boolean allowNull) {
            if (!(value instanceof List<?> list) || list.size() != 2 || !(list.get(0) instanceof String op)) {
                return null;
            }
            Object operand = list.get(1);
            switch (op) {
                case "==", "!=" -> {
                    if (operand instanceof List || operand instanceof Map || (operand == null && !allowNull)) {
                        return null;
                    }
                    List<Object> one = new ArrayList<>();
                    one.add(operand);
                    return new Predicate(one, op.equals("!="));
                }
                case "oneOf", "!oneOf" -> {
                    if (!(operand instanceof List<?> values)) {
                        return null;
                    }
                    for (Object v : values) {
                        if (v == null && !allowNull) {
                            return null;
                        }
                    }
                    return new Predicate(new ArrayList<>(values), op.startsWith("!"));
                }
                default -> {
                    return null;
                }
            }
        }
    }
}
