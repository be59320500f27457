package dev.roster.jdbc.internal;

import dev.roster.jdbc.Dialect;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A {@code WHERE} condition that picks rows by a list of ids under fixed leading key columns, in
 * the form each engine plans as index lookups on every key column. H2 uses only the first column
 * of {@code a = ? AND id IN (…)} and filters the rest row by row (every user of an app for a
 * 100-id load), but looks up {@code (a, id) IN ((?, ?), …)} when the columns are a whole index.
 * PostgreSQL plans that row-value list as a bitmap OR of single probes (several times slower than
 * its {@code = ANY} index scan of the plain form), and MariaDB plans both as the same range scan,
 * so they keep the plain form. One id is always a plain equality. The loads by id of users and
 * conversations on PostgreSQL use {@link #lateral} instead, which its statistics cannot misplan.
 *
 * @param condition   the condition, with {@code ?} placeholders
 * @param parameters  the values of its placeholders, in order
 */
record KeyLookup(String condition, List<Object> parameters) {

    /**
     * The condition on {@code fixedColumns = fixedValues} and {@code idColumn} in {@code ids}.
     * On H2 the columns must be a whole primary key or unique index; {@code idPlaceholder} is how
     * one id is written ({@code ?}, or a cast of it).
     */
    static KeyLookup of(Dialect dialect, List<String> fixedColumns, List<?> fixedValues, String idColumn,
                        String idPlaceholder, List<String> ids) {
        List<Object> parameters = new ArrayList<>();
        if (dialect == Dialect.H2 && ids.size() > 1) {
            List<String> placeholders = new ArrayList<>(Collections.nCopies(fixedColumns.size(), "?"));
            placeholders.add(idPlaceholder);
            String row = "(" + String.join(", ", placeholders) + ")";
            for (String id : ids) {
                parameters.addAll(fixedValues);
                parameters.add(id);
            }
            List<String> columns = new ArrayList<>(fixedColumns);
            columns.add(idColumn);
            return new KeyLookup("(" + String.join(", ", columns) + ") IN ("
                    + String.join(", ", Collections.nCopies(ids.size(), row)) + ")", parameters);
        }
        StringBuilder condition = new StringBuilder();
        for (String column : fixedColumns) {
            condition.append(column).append(" = ? AND ");
        }
        parameters.addAll(fixedValues);
        parameters.addAll(ids);
        condition.append(idColumn).append(ids.size() == 1
                ? " = " + idPlaceholder
                : " IN (" + String.join(", ", Collections.nCopies(ids.size(), idPlaceholder)) + ")");
        return new KeyLookup(condition.toString(), parameters);
    }

    /**
     * A derived table {@code v(id)} of the ids, for H2 lookups by a leading part of an index
     * (H2 plans neither form above on a prefix as lookups, but joins this table to the index), and
     * for loads of many ids by a whole key: joined, it is one lookup per id, where the row-value
     * list re-tests every found row against the whole list.
     */
    static String valuesTable(int count, String idPlaceholder) {
        return "(VALUES " + String.join(", ", Collections.nCopies(count, "(" + idPlaceholder + ")")) + ") v(id)";
    }

    /**
     * On PostgreSQL, the rows of {@code table} under {@code alias} whose key columns {@code keyColumns}
     * equal one of the given keys, as a {@code FROM} item: the keys are arrays ({@code unnest}),
     * every value a parameter, and each is looked up by itself ({@code LATERAL}, which only a
     * nested loop can run). With constants ({@code app_id = ? AND id IN (…)}) PostgreSQL planned by
     * the statistics of the app id, and an app absent from them or grown since the last
     * {@code ANALYZE} looked like one row, so any index led by {@code app_id} looked as cheap as
     * the key and it walked the whole app through one (60 ms for 100 ids among 100k, 12 ms for
     * one); joined to a plain {@code unnest}, a table analyzed while empty looked small enough to
     * hash after a scan of all of it. {@code OFFSET 0} keeps the lookup from being merged into
     * the join. The parameters are one {@code String[]} per key column, {@link #keyArrays}.
     */
    static String lateral(String table, String alias, List<String> keyColumns) {
        return lateral(table, alias, keyColumns, false);
    }

    /**
     * {@link #lateral} for one key, bound as plain values, one per key column, instead of
     * one-element arrays: cheaper to bind and to read for the lookup of a single id.
     */
    static String lateralOne(String table, String alias, List<String> keyColumns) {
        return lateral(table, alias, keyColumns, true);
    }

    private static String lateral(String table, String alias, List<String> keyColumns, boolean one) {
        List<String> values = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<String> matches = new ArrayList<>();
        for (int i = 0; i < keyColumns.size(); i++) {
            values.add(one ? "CAST(? AS varchar)" : "CAST(? AS varchar[])");
            names.add("k" + i);
            matches.add(keyColumns.get(i) + " = k.k" + i);
        }
        String keys = one ? "(VALUES (" + String.join(", ", values) + "))" : "unnest(" + String.join(", ", values) + ")";
        return keys + " AS k(" + String.join(", ", names) + ") CROSS JOIN LATERAL "
                + "(SELECT * FROM " + table + " WHERE " + String.join(" AND ", matches) + " OFFSET 0) " + alias;
    }

    /** The parameters of {@link #lateral}: {@code fixedValues} repeated once per id, then the ids. */
    static List<Object> keyArrays(List<String> fixedValues, List<String> ids) {
        List<Object> arrays = new ArrayList<>();
        for (String value : fixedValues) {
            arrays.add(Collections.nCopies(ids.size(), value).toArray(String[]::new));
        }
        arrays.add(ids.toArray(String[]::new));
        return arrays;
    }

    /** {@link #of} with one fixed column and plain {@code ?} ids. */
    static KeyLookup of(Dialect dialect, String fixedColumn, Object fixedValue, String idColumn, List<String> ids) {
        return of(dialect, List.of(fixedColumn), List.of(fixedValue), idColumn, "?", ids);
    }
}
