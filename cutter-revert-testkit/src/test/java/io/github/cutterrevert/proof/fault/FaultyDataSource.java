package io.github.cutterrevert.proof.fault;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A data source whose connections fail on cue: every {@code execute*} call of a statement and every
 * {@code Connection.commit()} is counted as one statement, and the {@linkplain #failAt(int) N-th}
 * throws {@code SQLException} (SQLSTATE {@value #INJECTED_STATE}) instead of reaching the
 * database. A commit can also be replaced by a {@linkplain #onCommit(CommitHook) hook} that sees
 * the real connection, e.g. to have its backend terminated first, and a connection can be {@linkplain
 * #sever(Connection) severed} so that the code under test can no longer reach its backend (which
 * stays alive until the connection is closed). A {@linkplain #atStatement(int, CommitHook) hook} can
 * also run just before the N-th statement, e.g. to terminate the backend at a chosen point. Shared
 * with the soak ({@code io.github.cutterrevert.soak}). Built on {@link Proxy} over
 * {@link Connection}, {@link Statement}, {@link PreparedStatement} and {@link CallableStatement}.
 * Thread-safe.
 */
public final class FaultyDataSource implements DataSource {
    /** The SQLSTATE of an injected failure: internal_error. */
    public static final String INJECTED_STATE = "XX000";

    /** What replaces {@code Connection.commit()} once. */
    @FunctionalInterface
    public interface CommitHook {
        /**
         * Commits, or not.
         *
         * @param real the real connection
         * @throws SQLException as the driver would
         */
        void commit(Connection real) throws SQLException;
    }

    private final DataSource real;
    private final List<String> statements = new ArrayList<>();
    private int failAt = Integer.MAX_VALUE;
    private boolean injected;
    private CommitHook commitHook;
    private int hookAt = Integer.MAX_VALUE;
    private CommitHook statementHook;
    private final Set<Connection> severed =
            Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));

    /**
     * Wraps a data source.
     *
     * @param real where the connections come from
     */
    public FaultyDataSource(DataSource real) {
        this.real = real;
    }

    /**
     * Starts counting from 0 and fails the {@code n}-th statement from now ({@code
     * Integer.MAX_VALUE}: none, to count them).
     *
     * @param n from 1
     */
    public synchronized void failAt(int n) {
        statements.clear();
        failAt = n;
        injected = false;
    }

    /**
     * Replaces the next {@code commit()} by a hook.
     *
     * @param hook the hook
     */
    public synchronized void onCommit(CommitHook hook) {
        commitHook = hook;
    }

    /**
     * Runs a hook on the real connection just before the {@code n}-th statement counted from the
     * last {@link #failAt(int)} (or from the start); the statement then runs as usual.
     *
     * @param n from 1
     * @param hook the hook, run at most once
     */
    public synchronized void atStatement(int n, CommitHook hook) {
        hookAt = n;
        statementHook = hook;
    }

    /**
     * From now on every call on this (real) connection but {@code close()} fails with SQLSTATE
     * 08006, as on a broken network; its backend and open transaction stay until it is closed.
     *
     * @param real the real connection, as a commit hook sees it
     */
    public void sever(Connection real) {
        severed.add(real);
    }

    /** The statements counted since {@link #failAt(int)}, in order (SQL, or {@code COMMIT}). */
    public synchronized List<String> statements() {
        return List.copyOf(statements);
    }

    /** Whether the failure was injected since {@link #failAt(int)}. */
    public synchronized boolean injected() {
        return injected;
    }

    /** Counts one statement; true when it is the one to fail. */
    private synchronized boolean count(String sql) {
        statements.add(sql);
        if (statements.size() == failAt) {
            injected = true;
            return true;
        }
        return false;
    }

    private synchronized CommitHook takeStatementHook() {
        if (statements.size() != hookAt) {
            return null;
        }
        CommitHook hook = statementHook;
        statementHook = null;
        return hook;
    }

    private synchronized CommitHook takeCommitHook() {
        CommitHook hook = commitHook;
        commitHook = null;
        return hook;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return connection(real.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return connection(real.getConnection(username, password));
    }

    private Connection connection(Connection connection) {
        return proxy(Connection.class, connection, (proxy, method, args) -> {
            String name = method.getName();
            if (severed.contains(connection) && !name.equals("close") && !name.equals("isClosed")) {
                throw new SQLException("connection severed by the test", "08006");
            }
            if (name.equals("commit")) {
                if (count("COMMIT")) {
                    throw injected("COMMIT");
                }
                CommitHook before = takeStatementHook();
                if (before != null) {
                    before.commit(connection);
                }
                CommitHook hook = takeCommitHook();
                if (hook != null) {
                    hook.commit(connection);
                    return null;
                }
            }
            Object result = invoke(connection, method, args);
            return switch (name) {
                case "createStatement" ->
                    statement(Statement.class, (Statement) result, null, (Connection) proxy, connection);
                case "prepareStatement" ->
                    statement(
                            PreparedStatement.class,
                            (Statement) result,
                            (String) args[0],
                            (Connection) proxy,
                            connection);
                case "prepareCall" ->
                    statement(
                            CallableStatement.class,
                            (Statement) result,
                            (String) args[0],
                            (Connection) proxy,
                            connection);
                default -> result;
            };
        });
    }

    private <S extends Statement> S statement(
            Class<S> type, Statement statement, String prepared, Connection owner, Connection realConnection) {
        return proxy(type, statement, (proxy, method, args) -> {
            String name = method.getName();
            if (name.startsWith("execute")) {
                String sql = prepared != null ? prepared : args != null && args.length > 0 ? (String) args[0] : "?";
                if (count(sql)) {
                    throw injected(sql);
                }
                CommitHook before = takeStatementHook();
                if (before != null) {
                    before.commit(realConnection);
                }
            }
            if (name.equals("getConnection")) {
                return owner;
            }
            return invoke(statement, method, args);
        });
    }

    private static SQLException injected(String sql) {
        String shown = sql.length() > 60 ? sql.substring(0, 60) + "..." : sql;
        return new SQLException("injected fault before: " + shown, INJECTED_STATE);
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static <T> T proxy(Class<T> type, Object target, InvocationHandler handler) {
        return type.cast(
                Proxy.newProxyInstance(FaultyDataSource.class.getClassLoader(), new Class<?>[] {type}, handler));
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return real.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        real.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        real.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return real.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return real.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return real.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return real.isWrapperFor(iface);
    }
}
