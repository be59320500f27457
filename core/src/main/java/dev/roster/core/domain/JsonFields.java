package dev.roster.core.domain;

import java.util.List;
import java.util.Map;

/** Reads patch fields from JSON-shaped values, reporting type problems under the field's name. */
final class JsonFields {

    private JsonFields() {
    }

    /** A string field where null resets: a string, or null. */
    static FieldPatch<String> nullableString(String field, Object value, Violations.Builder problems) {
        if (value == null || value instanceof String) {
            return FieldPatch.of((String) value);
        }
        problems.add(field, JsonType.mismatch("a string or null", value));
        return FieldPatch.keep();
    }

    /** A {@code custom} field: an object of string or null values (a key-wise patch), or null to clear. */
    static FieldPatch<KeyPatch<String>> customPatch(Object value, Violations.Builder problems) {
        if (value == null) {
            return FieldPatch.reset();
        }
        if (!(value instanceof Map<?, ?> map)) {
            problems.add("custom", JsonType.mismatch("an object or null", value));
            return FieldPatch.keep();
        }
        KeyPatch.Builder<String> patch = new KeyPatch.Builder<>();
        map.forEach((key, v) -> {
            if (v == null || v instanceof String) {
                patch.set((String) key, (String) v);
            } else {
                problems.add("custom." + key, JsonType.mismatch("a string or null", v));
            }
        });
        return FieldPatch.of(patch.build());
    }

    /**
     * Reports every string (key or value) anywhere in {@code json} that holds U+0000, which
     * PostgreSQL cannot store, under its path below {@code path}.
     */
    static void rejectNul(String path, Object json, Violations.Builder problems) {
        if (json instanceof String text && text.indexOf('\u0000') >= 0) {
            problems.add(path.isEmpty() ? Violations.WHOLE : path, UserPatch.NO_NUL);
        } else if (json instanceof Map<?, ?> map) {
            map.forEach((key, value) -> {
                String child = path.isEmpty() ? String.valueOf(key) : path + "." + key;
                if (String.valueOf(key).indexOf('\u0000') >= 0) {
                    problems.add(child, UserPatch.NO_NUL);
                } else {
                    rejectNul(child, value, problems);
                }
            });
        } else if (json instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                rejectNul(path + "[" + i + "]", list.get(i), problems);
            }
        }
    }
}
