package dev.roster.jdbc;

import dev.roster.core.domain.ErrorCode;
import dev.roster.core.domain.RosterException;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.SQLException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link JdbcStorage#builder(DataSource)} refuses, with a clear error, what it cannot open. */
class DataSourceDialectTest {

    @Test
    void aDatabaseOtherThanH2PostgresqlOrMariadbIsInvalidAndNamed() throws SQLException {
        try (TestDatabase database = TestDatabase.h2()) {
            DataSource oracle = dataSource(() -> claimingProduct(DriverManager.getConnection(database.url()), "Oracle"));
            RosterException e = assertThrows(RosterException.class, () -> JdbcStorage.builder(oracle));
            assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
            assertTrue(e.getMessage().contains("Oracle"), e::getMessage);
        }
    }

    @Test
    void aDataSourceThatCannotConnectIsUnavailable() {
        DataSource down = dataSource(() -> {
            throw new SQLException("Connection refused", "08001");
        });
        RosterException e = assertThrows(RosterException.class, () -> JdbcStorage.builder(down));
        assertEquals(ErrorCode.UNAVAILABLE, e.code());
        assertTrue(e.getMessage().contains("Connection refused"), e::getMessage);
    }

    private interface ConnectionSource {
        Connection get() throws SQLException;
    }

    private static DataSource dataSource(ConnectionSource connections) {
        return proxy(DataSource.class, (method, args) -> {
            if (method.getName().equals("getConnection")) {
                return connections.get();
            }
            throw new UnsupportedOperationException(method.getName());
        });
    }

    /** The real connection, whose metadata names another database product. */
    private static Connection claimingProduct(Connection real, String product) throws SQLException {
        DatabaseMetaData metadata = real.getMetaData();
        DatabaseMetaData claimed = proxy(DatabaseMetaData.class, (method, args) ->
                method.getName().equals("getDatabaseProductName") ? product : invoke(metadata, method, args));
        return proxy(Connection.class, (method, args) ->
                method.getName().equals("getMetaData") ? claimed : invoke(real, method, args));
    }

    private interface Call {
        Object apply(java.lang.reflect.Method method, Object[] args) throws Throwable;
    }

    private static <T> T proxy(Class<T> type, Call call) {
        return type.cast(Proxy.newProxyInstance(DataSourceDialectTest.class.getClassLoader(), new Class<?>[] {type},
                (p, method, args) -> call.apply(method, args)));
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
