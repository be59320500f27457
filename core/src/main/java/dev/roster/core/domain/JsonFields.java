package dev.roster.core.domain;

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
}
