package io.github.cutterrevert.testkit.bench;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * One physical connection behind a {@link DataSource} that hands it out again and again (closing
 * it returns it, like a pool of one), counting and timing every statement sent through it. Built
 * from {@link Proxy}s over {@link DataSource}, {@link Connection} and the statement interfaces, so
 * every contender pays the same small overhead.
 *
 * <p>A statement is one call of an {@code execute...} method: one round trip carrying one SQL
 * text. Transaction control ({@code commit}, {@code rollback}, {@code setAutoCommit}) is not
 * counted.
 *
 * <p>{@link #connections()} counts the {@code getConnection()} calls on the data source: a
 * contender that opens its own connection first and uses it directly takes none.
 *
 * <p>Not thread-safe: one contender at a time.
 */
final class CountingDataSource implements AutoCloseable {
    /**
     * One call that went to the server: a statement (its SQL text as prepared, values bound
     * separately) or a transaction-control call on the connection ({@code commit()}, ...).
     *
     * @param sql the SQL text, or e.g. {@code -- connection.commit()}
     * @param nanos its time
     * @param statement whether it is a statement (counted) rather than transaction control
     * @param gapNanos the time spent in the JVM before it: since the previous call ended (or since
     *     {@link #reset()})
     */
    record Executed(String sql, long nanos, boolean statement, long gapNanos) {}

    /** Connection calls that may talk to the server; timed, not counted as statements. */
    private static final java.util.Set<String> CONTROL =
            java.util.Set.of("commit", "rollback", "setAutoCommit", "setTransactionIsolation", "setReadOnly");

    private final Connection physical;
    private final Connection shared;
    private final DataSource dataSource;
    private final List<Executed> log = new ArrayList<>();
    private long lastEnded = System.nanoTime();
    private int connections;

    private CountingDataSource(Connection physical) {
        this.physical = physical;
        this.shared = proxy(Connection.class, new ConnectionHandler());
        this.dataSource = proxy(DataSource.class, (proxy, method, args) -> switch (method.getName()) {
            case "getConnection" -> {
                connections++;
                yield shared;
            }
            case "unwrap", "isWrapperFor" -> throw new SQLException("not a wrapper");
            case "toString" -> "CountingDataSource";
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            default -> throw new UnsupportedOperationException(method.getName());
        });
    }

    /**
     * Opens the one connection, in autocommit mode.
     *
     * @param source where to get it
     * @return the data source
     * @throws SQLException if the connection cannot be opened
     */
    static CountingDataSource open(DataSource source) throws SQLException {
        Connection connection = source.getConnection();
        connection.setAutoCommit(true);
        return new CountingDataSource(connection);
    }

    /** The data source handing out the shared connection. */
    DataSource dataSource() {
        return dataSource;
    }

    /** The shared connection (closing it does nothing). */
    Connection connection() {
        return shared;
    }

    /** Forgets the statements sent so far. */
    void reset() {
        log.clear();
        connections = 0;
        lastEnded = System.nanoTime();
    }

    private void record(String sql, long started, boolean statement) {
        long ended = System.nanoTime();
        log.add(new Executed(sql, ended - started, statement, started - lastEnded));
        lastEnded = ended;
    }

    /** Statements sent since the last {@link #reset()}. */
    int statements() {
        return (int) log.stream().filter(Executed::statement).count();
    }

    /**
     * Connections taken from {@link #dataSource()} since the last {@link #reset()} (each would be
     * a login where there is no pool).
     */
    int connections() {
        return connections;
    }

    /** The statements sent since the last {@link #reset()}, in order. */
    List<Executed> log() {
        return List.copyOf(log);
    }

    /** Closes the physical connection. */
    @Override
    public void close() throws SQLException {
        physical.close();
    }

    private final class ConnectionHandler implements InvocationHandler {
        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            switch (name) {
                case "close" -> {
                    return null; // back to the "pool"
                }
                case "toString" -> {
                    return "CountingConnection[" + physical + "]";
                }
                case "hashCode" -> {
                    return System.identityHashCode(proxy);
                }
                case "equals" -> {
                    return proxy == args[0];
                }
                default -> {
                    // Passed through below.
                }
            }
            if (CONTROL.contains(name)) {
                long started = System.nanoTime();
                try {
                    return call(physical, method, args);
                } finally {
                    String argument = args == null || args.length == 0 ? "" : String.valueOf(args[0]);
                    record("-- connection." + name + "(" + argument + ")", started, false);
                }
            }
            Object result = call(physical, method, args);
            if (result instanceof Statement statement
                    && (name.startsWith("prepare") || name.equals("createStatement"))) {
                String sql = args != null && args.length > 0 && args[0] instanceof String text ? text : null;
                return wrap(statement, sql);
            }
            return result;
        }
    }

    private Statement wrap(Statement statement, String preparedSql) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (!method.getName().startsWith("execute")) {
                return call(statement, method, args);
            }
            String sql = args != null && args.length > 0 && args[0] instanceof String text ? text : preparedSql;
            long started = System.nanoTime();
            try {
                return call(statement, method, args);
            } finally {
                record(sql == null ? "(unknown)" : sql, started, true);
            }
        };
        if (statement instanceof CallableStatement) {
            return proxy(CallableStatement.class, handler);
        }
        if (statement instanceof PreparedStatement) {
            return proxy(PreparedStatement.class, handler);
        }
        return proxy(Statement.class, handler);
    }

    private static Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static <T> T proxy(Class<T> type, InvocationHandler handler) {
        return type.cast(
                Proxy.newProxyInstance(CountingDataSource.class.getClassLoader(), new Class<?>[] {type}, handler));
    }
}
