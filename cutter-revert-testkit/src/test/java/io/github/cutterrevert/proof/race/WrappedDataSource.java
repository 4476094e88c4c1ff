package io.github.cutterrevert.proof.race;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * Data sources around a real one for the race tests, built on {@link Proxy}: one that counts
 * connections and statements, one that runs a hook just before a statement is prepared.
 */
final class WrappedDataSource {
    /** Sees each statement's SQL before it is prepared. */
    @FunctionalInterface
    interface Hook {
        /**
         * Called before the statement is prepared.
         *
         * @param sql the statement
         * @throws Exception to fail the preparation
         */
        void beforePrepare(String sql) throws Exception;
    }

    private WrappedDataSource() {}

    /**
     * Counts {@code getConnection()} calls and prepared or plain statements.
     *
     * @param real where the connections come from
     * @param connections counted connections
     * @param statements counted statements
     * @return the counting data source
     */
    static DataSource counting(DataSource real, AtomicInteger connections, AtomicInteger statements) {
        return hooked(real, sql -> statements.incrementAndGet(), connections);
    }

    /**
     * Runs {@code action} once, just before the first statement whose SQL contains {@code marker} is
     * prepared (on any connection).
     *
     * @param real where the connections come from
     * @param marker a piece of the statement's SQL
     * @param action what to run
     * @return the data source
     */
    static DataSource onceBefore(DataSource real, String marker, Runnable action) {
        AtomicBoolean done = new AtomicBoolean();
        return hooked(
                real,
                sql -> {
                    if (sql.contains(marker) && done.compareAndSet(false, true)) {
                        action.run();
                    }
                },
                new AtomicInteger());
    }

    private static DataSource hooked(DataSource real, Hook hook, AtomicInteger connections) {
        return (DataSource) Proxy.newProxyInstance(
                DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    Object value = invoke(real, method, args);
                    if (!method.getName().equals("getConnection")) {
                        return value;
                    }
                    connections.incrementAndGet();
                    Connection connection = (Connection) value;
                    return Proxy.newProxyInstance(
                            Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, (p, m, a) -> {
                                if (m.getName().equals("prepareStatement") && a != null && a[0] instanceof String sql) {
                                    hook.beforePrepare(sql);
                                } else if (m.getName().equals("createStatement")) {
                                    hook.beforePrepare("");
                                }
                                return invoke(connection, m, a);
                            });
                });
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
