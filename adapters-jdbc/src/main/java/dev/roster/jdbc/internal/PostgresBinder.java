package dev.roster.jdbc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;

/**
 * Binds the parameters of one PostgreSQL statement in order, arrays made on its connection: for
 * the statements that take a whole batch as one array per column ({@code unnest}), or, for a batch
 * of one, as one row of plain values ({@link #rows}).
 */
final class PostgresBinder {

    private final Connection connection;
    private final PreparedStatement statement;
    private int next = 1;

    PostgresBinder(Connection connection, PreparedStatement statement) {
        this.connection = connection;
        this.statement = statement;
    }

    /**
     * The {@code FROM} item of a statement's parameter rows, one column per type in {@code types}
     * ({@code varchar}, {@code text}, {@code bigint} or {@code boolean}), which {@link #column}
     * binds: {@code unnest} of one array per column, or for a single row a {@code VALUES} row of
     * plain parameters. A row of values costs less to bind than an array per column, and the
     * planner knows it is one row: of {@code unnest} over parameters it assumes ten in a generic
     * plan, enough to prefer a hash join to a key lookup while a table is small.
     *
     * @param ordinality whether a last column counts the rows from 1 ({@code WITH ORDINALITY})
     */
    static String rows(boolean single, boolean ordinality, String... types) {
        StringBuilder sql = new StringBuilder(single ? "(VALUES (" : "unnest(");
        for (int i = 0; i < types.length; i++) {
            sql.append(i == 0 ? "" : ", ").append("CAST(? AS ").append(types[i]).append(single ? ")" : "[])");
        }
        if (single) {
            return sql.append(ordinality ? ", CAST(1 AS bigint)))" : "))").toString();
        }
        return sql.append(ordinality ? ") WITH ORDINALITY" : ")").toString();
    }

    /** Binds an array of SQL type {@code type}. */
    void array(String type, Object[] values) throws SQLException {
        statement.setArray(next++, connection.createArrayOf(type, values));
    }

    /**
     * Binds a column of {@link #rows}: the array of {@code values}, or its one value when
     * {@code single}.
     */
    void column(boolean single, String type, Object[] values) throws SQLException {
        if (!single) {
            array(type, values);
            return;
        }
        Object value = values[0];
        switch (type) {
            case "varchar", "text" -> statement.setString(next++, (String) value);
            case "bigint" -> statement.setObject(next++, value, Types.BIGINT);
            case "boolean" -> statement.setObject(next++, value, Types.BOOLEAN);
            default -> throw new IllegalArgumentException("No column type " + type);
        }
    }

    /** Binds a number. */
    void number(long value) throws SQLException {
        statement.setLong(next++, value);
    }

    /** Binds a text. */
    void text(String value) throws SQLException {
        statement.setString(next++, value);
    }
}
