package dev.roster.core.domain;


import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a filter in the §6 grammar from JSON-shaped values, collecting every problem with its
 * path: an object of field predicates (AND) or {@code ["any", [object, …]]} (OR). The grammar is
 * shared; what the fields are and which nodes they make is a {@link Fields} of the filter type
 * ({@link ConversationFilter}, {@link UserFilter}). The predicate shapes ({@code ==}/{@code oneOf}
 * sets, custom predicates, time comparisons, booleans) are read here, once, for every filter.
 *
 * @param <F> the filter's node type
 */
final class FilterParser<F> {

    static final String ROOT = "filter";

    static final String CUSTOM_SHAPE = "\"exists\", \"!exists\", [\"==\" | \"!=\", string] or "
            + "[\"oneOf\" | \"!oneOf\", [string, …]]";
    static final String TIME_SHAPE = "[\">\" | \"<\" | \">=\" | \"<=\", number] or "
            + "[\"between\" | \"!between\", [number, number]]";

    /** The fields of one filter type and how its nodes are made. */
    interface Fields<F> {
        /** The node for {@code field}, or null after reporting a problem through {@code parser}. */
        F field(String field, Object value, String at, FilterParser<F> parser);

        /** Every part holds. */
        F and(List<F> parts);

        /** Some part holds; never empty. */
        F any(List<F> parts);

        /** The node of a custom-key predicate. */
        F custom(String key, Set<String> values, boolean negated);

        /** The node of {@code "exists"} / {@code "!exists"} on a custom key. */
        F customExists(String key, boolean exists);
    }

    /** A set predicate: the value is one of {@code values} (or, negated, none of them). */
    record Membership(Set<String> values, boolean negated) {
    }

    /**
     * A time predicate: {@code op value} when {@code op} is set, else {@code [from, until)}
     * (or outside it when negated).
     */
    record Time(Comparison op, long value, long from, long until, boolean negated) {
    }

    private final Fields<F> fields;
    private final Violations.Builder problems = new Violations.Builder();

    private FilterParser(Fields<F> fields) {
        this.fields = fields;
    }

    /**
     * Parses {@code json} with {@code fields}.
     *
     * @throws RosterException {@link ErrorCode#INVALID_ARGUMENT} with one violation per malformed part
     */
    static <F> F parse(Object json, Fields<F> fields) {
        FilterParser<F> parser = new FilterParser<>(fields);
        F filter = parser.top(json);
        parser.problems.build().throwIfAny("The filter");
        return filter;
    }

    /** Reports a problem at {@code at}. */
    void problem(String at, String message) {
        problems.add(at, message);
    }

    /** Reports an unknown field, listing the known ones. */
    void unknown(String at, String field, String known) {
        problems.add(at, "Unknown filter field " + field + "; expected one of " + known + ".");
    }

    private F top(Object json) {
        if (json instanceof Map<?, ?> map) {
            return simple(map, ROOT);
        }
        if (json instanceof List<?> list && list.size() == 2 && "any".equals(list.get(0))) {
            if (!(list.get(1) instanceof List<?> parts) || parts.isEmpty()) {
                problems.add(ROOT + ".any", "Expected a non-empty array of filter objects, got "
                        + Json.show(list.get(1)) + ".");
                return fields.and(List.of());
            }
            List<F> filters = new ArrayList<>();
            for (int i = 0; i < parts.size(); i++) {
                String path = ROOT + ".any[" + i + "]";
                if (parts.get(i) instanceof Map<?, ?> map) {
                    filters.add(simple(map, path));
                } else {
                    problems.add(path, "Expected a filter object, got " + Json.show(parts.get(i)) + ".");
                }
            }
            return filters.isEmpty() ? fields.and(List.of()) : fields.any(filters);
        }
        problems.add(ROOT, "Expected an object or [\"any\", [filter, …]], got " + Json.show(json) + ".");
        return fields.and(List.of());
    }

    private F simple(Map<?, ?> map, String path) {
        List<F> parts = new ArrayList<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String field = String.valueOf(entry.getKey());
            F part = fields.field(field, entry.getValue(), path + "." + field, this);
            if (part != null) {
                parts.add(part);
            }
        }
        return parts.size() == 1 ? parts.get(0) : fields.and(parts);
    }

    /**
     * A set predicate whose every operand is a string (or null when {@code allowNull}), or null
     * after reporting {@code Expected <shape>, got …}.
     */
    Membership strings(Object value, boolean allowNull, String shape, String at) {
        Predicate predicate = predicate(value, allowNull);
        if (predicate == null || !predicate.operands.stream().allMatch(o -> o == null || o instanceof String)) {
            problems.add(at, "Expected " + shape + ", got " + Json.show(value) + ".");
            return null;
        }
        Set<String> values = new LinkedHashSet<>();
        predicate.operands.forEach(o -> values.add((String) o));
        return new Membership(values, predicate.negated);
    }

    /** The custom-key predicates of {@code value} (an object of key → predicate), or null after reporting. */
    F custom(Object value, String at) {
        if (!(value instanceof Map<?, ?> map)) {
            problems.add(at, "Expected an object of custom field predicates, got " + Json.show(value) + ".");
            return null;
        }
        List<F> parts = new ArrayList<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String key = String.valueOf(entry.getKey());
            Object predicateJson = entry.getValue();
            if ("exists".equals(predicateJson) || "!exists".equals(predicateJson)) {
                parts.add(fields.customExists(key, "exists".equals(predicateJson)));
                continue;
            }
            Membership membership = strings(predicateJson, false, CUSTOM_SHAPE, at + "." + key);
            if (membership != null) {
                parts.add(fields.custom(key, membership.values(), membership.negated()));
            }
        }
        return parts.size() == 1 ? parts.get(0) : fields.and(parts);
    }

    /** A boolean, or null after reporting. */
    Boolean flag(Object value, String at) {
        if (value instanceof Boolean b) {
            return b;
        }
        problems.add(at, "Expected true or false, got " + Json.show(value) + ".");
        return null;
    }

    /** A time predicate, or null after reporting. */
    Time time(Object value, String at) {
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
                return new Time(comparison, ((Number) operand).longValue(), 0, 0, false);
            }
            if (("between".equals(op) || "!between".equals(op)) && operand instanceof List<?> bounds
                    && bounds.size() == 2 && Json.isWhole(bounds.get(0)) && Json.isWhole(bounds.get(1))) {
                return new Time(null, 0, ((Number) bounds.get(0)).longValue(),
                        ((Number) bounds.get(1)).longValue(), op.startsWith("!"));
            }
        }
        problems.add(at, "Expected " + TIME_SHAPE + " (whole milliseconds), got " + Json.show(value) + ".");
        return null;
    }

    /** {@code ["==" | "!=", x]} or {@code ["oneOf" | "!oneOf", [x, …]]} as a set membership. */
    private record Predicate(List<Object> operands, boolean negated) {
    }

    private static Predicate predicate(Object value, boolean allowNull) {
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
