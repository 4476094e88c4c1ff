package io.github.cutterrevert.proof.input;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A data source that records the text of every statement its connections prepare or execute, so a
 * test can show which SQL was (and was not) attempted. Thread-safe.
 */
final class RecordingDataSource implements DataSource {
    private final DataSource delegate;
    private final List<String> statements = new CopyOnWriteArrayList<>();

    RecordingDataSource(DataSource delegate) {
        this.delegate = delegate;
    }

    /** Every statement sent so far, in order. */
    List<String> statements() {
        return List.copyOf(statements);
    }

    /** The statements that would change data or schema if they ran. */
    List<String> writes() {
        return statements.stream()
                .filter(sql -> sql.strip()
                        .toLowerCase(java.util.Locale.ROOT)
                        .matches("(?s)(insert|update|delete|truncate|merge|alter|drop|create|grant|revoke|copy)\\b.*"))
                .toList();
    }

    @Override
    public Connection getConnection() throws SQLException {
        return wrap(delegate.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return wrap(delegate.getConnection(username, password));
    }

    private Connection wrap(Connection connection) {
        InvocationHandler handler = (proxy, method, args) -> {
            String name = method.getName();
            if ((name.equals("prepareStatement") || name.equals("prepareCall"))
                    && args != null
                    && args[0] instanceof String sql) {
                statements.add(sql);
            }
            Object result = invoke(connection, method, args);
            if (result instanceof Statement statement && !(name.startsWith("prepare"))) {
                return wrap(statement);
            }
            return result;
        };
        return (Connection)
                Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, handler);
    }

    private Statement wrap(Statement statement) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().startsWith("execute") && args != null && args[0] instanceof String sql) {
                statements.add(sql);
            }
            return invoke(statement, method, args);
        };
        return (Statement)
                Proxy.newProxyInstance(Statement.class.getClassLoader(), new Class<?>[] {Statement.class}, handler);
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return delegate.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        delegate.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        delegate.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return delegate.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return delegate.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return delegate.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return delegate.isWrapperFor(type);
    }
}
