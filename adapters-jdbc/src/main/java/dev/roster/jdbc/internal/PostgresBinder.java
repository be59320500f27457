package dev.roster.jdbc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Binds the parameters of one PostgreSQL statement in order, arrays made on its connection: for
 * the statements that take a whole batch as one array per column ({@code unnest}).
 */
final class PostgresBinder {

    private final Connection connection;
    private final PreparedStatement statement;
    private int next = 1;

    PostgresBinder(Connection connection, PreparedStatement statement) {
        this.connection = connection;
        this.statement = statement;
    }

    /** Binds an array of SQL type {@code type}. */
    void array(String type, Object[] values) throws SQLException {
        statement.setArray(next++, connection.createArrayOf(type, values));
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
