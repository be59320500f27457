package dev.roster.jdbc.internal;

import dev.roster.core.domain.Comparison;
import dev.roster.jdbc.Dialect;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * What every filter translation ({@link InboxSql}, {@link UserSql}) builds its WHERE clause from:
 * two-valued predicates (never SQL UNKNOWN, so a negation means exactly what the domain's
 * evaluator means) whose every constant is a bound parameter, collected in order.
 */
class SqlPredicates {

    /** The most values {@link #in} binds one by one. */
    static final int MAX_LISTED = 100;

    final Dialect dialect;
    final List<Object> parameters = new ArrayList<>();

    SqlPredicates(Dialect dialect) {
        this.dialect = dialect;
    }

    /** A bound id compared with a sort column: H2 compares ids by their binary UTF-8 twin. */
    String idParameter() {
        return dialect == Dialect.H2 ? "CAST(? AS VARBINARY(1020))" : "?";
    }

    /**
     * {@code column IN (…)} with bound values; false for no value. Callers ensure column is not
     * null. Above {@link #MAX_LISTED} values, PostgreSQL and MariaDB bind the values as one JSON
     * array: their protocols carry at most 65,535 parameters in one statement, and an
     * {@code isOnline} filter is a test against every online user's id. H2 has no such limit.
     */
    String in(String column, List<String> values) {
        if (values.isEmpty()) {
            return "1 = 0";
        }
        if (values.size() > MAX_LISTED && dialect != Dialect.H2) {
            parameters.add(JsonColumns.write(values));
            return column + (dialect == Dialect.POSTGRESQL
                    ? " IN (SELECT jsonb_array_elements_text(CAST(? AS jsonb)))"
                    : " IN (SELECT j.v FROM JSON_TABLE(?, '$[*]' COLUMNS (v LONGTEXT PATH '$')) AS j)");
        }
        parameters.addAll(values);
        return column + " IN (" + String.join(", ", Collections.nCopies(values.size(), "?")) + ")";
    }

    /** {@code column op value}, bound. */
    String compare(String column, Comparison op, long value) {
        parameters.add(value);
        return column + switch (op) {
            case GT -> " > ?";
            case LT -> " < ?";
            case GE -> " >= ?";
            case LE -> " <= ?";
        };
    }

    /** {@code column} in {@code [from, until)}, or outside it. */
    String between(String column, long from, long until, boolean negated) {
        parameters.add(from);
        parameters.add(until);
        return negate("(" + column + " >= ? AND " + column + " < ?)", negated);
    }

    /** The parts joined by {@code operator} in parentheses, {@code empty} for none. */
    <F> String join(List<F> parts, String operator, String empty, Function<F, String> each) {
        if (parts.isEmpty()) {
            return empty;
        }
        List<String> sql = new ArrayList<>();
        for (F part : parts) {
            sql.add(each.apply(part));
        }
        return "(" + String.join(operator, sql) + ")";
    }

    static String negate(String predicate, boolean negated) {
        return negated ? "NOT (" + predicate + ")" : predicate;
    }
}
