package dev.roster.jdbc;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * Real driver connections with one injected event at the n-th statement execution from when it
 * is armed: either a fault (the physical connection is closed and a "connection lost"
 * SQLException, SQLState 08006, is thrown, as a network failure in the middle of a transaction
 * would) or an interleaving (an action, typically a write through another connection, runs and
 * commits just before the statement executes).
 */
final class FaultyDataSource implements DataSource {

    private final String url;
    private final AtomicInteger countdown = new AtomicInteger(-1);
    private volatile Runnable interleaved;

    FaultyDataSource(String url) {
        this.url = url;
    }

    /** Makes the {@code n}-th execution from now fail. */
    void failAtExecution(int n) {
        interleaved = null;
        countdown.set(n);
    }

    /** Makes {@code action} run on the executing thread just before the {@code n}-th execution from now. */
    void interleaveAtExecution(int n, Runnable action) {
        interleaved = action;
        countdown.set(n);
    }

    /** Whether the armed fault has fired. */
    boolean fired() {
        return countdown.get() == 0;
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection real = DriverManager.getConnection(url);
        return proxy(Connection.class, real, (method, args) -> {
            Object result = invoke(real, method, args);
            if (result instanceof PreparedStatement statement) {
                return proxy(PreparedStatement.class, statement, (m, a) -> execute(real, statement, m, a));
            }
            if (result instanceof Statement statement) {
                return proxy(Statement.class, statement, (m, a) -> execute(real, statement, m, a));
            }
            return result;
        });
    }

    private Object execute(Connection real, Statement statement, Method method, Object[] args) throws Throwable {
        if (method.getName().startsWith("execute") && countdown.get() > 0 && countdown.decrementAndGet() == 0) {
            Runnable action = interleaved;
            if (action != null) {
                action.run();
            } else {
                real.close();
                throw new SQLException("Injected fault: connection lost", "08006");
            }
        }
        return invoke(statement, method, args);
    }

    private interface Call {
        Object apply(Method method, Object[] args) throws Throwable;
    }

    private static <T> T proxy(Class<T> type, Object target, Call call) {
        InvocationHandler handler = (p, method, args) -> {
            if (method.getName().equals("unwrap") || method.getName().equals("isWrapperFor")) {
                return invoke(target, method, args);
            }
            return call.apply(method, args);
        };
        return type.cast(Proxy.newProxyInstance(FaultyDataSource.class.getClassLoader(), new Class<?>[] {type}, handler));
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("credentials belong in the URL");
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
    }

    @Override
    public void setLoginTimeout(int seconds) {
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return false;
    }
}
