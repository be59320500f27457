package dev.roster.core.domain;

import java.util.List;
import java.util.Map;

/** Small helpers over JSON-shaped values for error messages and number checks. */
final class Json {

    private static final int MAX_SHOWN = 80;

    private Json() {
    }

    /** Whether the value is a number with no fraction that fits a long. */
    static boolean isWhole(Object value) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return true;
        }
        if (value instanceof Number n) {
            double d = n.doubleValue();
            return Double.isFinite(d) && d == Math.rint(d) && Math.abs(d) < 9.0e15;
        }
        return false;
    }

    /** The value written as compact JSON, shortened when long. */
    static String show(Object value) {
        String text = write(value);
        return text.length() <= MAX_SHOWN ? text : text.substring(0, MAX_SHOWN) + "…";
    }

    private static String write(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String s) {
            return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
        if (value instanceof List<?> list) {
            StringBuilder text = new StringBuilder("[");
            for (int i = 0; i < list.size(); i++) {
                text.append(i == 0 ? "" : ", ").append(write(list.get(i)));
            }
            return text.append(']').toString();
        }
        if (value instanceof Map<?, ?> map) {
            StringBuilder text = new StringBuilder("{");
            map.forEach((k, v) -> text.append(text.length() == 1 ? "" : ", ")
                    .append(write(String.valueOf(k))).append(": ").append(write(v)));
            return text.append('}').toString();
        }
        return String.valueOf(value);
    }
}
