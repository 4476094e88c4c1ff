package io.github.cutterrevert.failclosed;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * A data source that counts what the code under test does with it: connections opened, write
 * transactions begun (autocommit switched off on a connection not set read-only) and statements
 * prepared inside them. Thread-safe.
 */
final class WatchedDataSource {
    final AtomicInteger connections = new AtomicInteger();
    final AtomicInteger writeTransactions = new AtomicInteger();
    final AtomicInteger writeStatements = new AtomicInteger();
    private final DataSource dataSource;

    private WatchedDataSource(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    static WatchedDataSource of(DataSource dataSource) {
        return new WatchedDataSource(dataSource);
    }

    /** The counting data source to hand to the code under test. */
    DataSource dataSource() {
        return (DataSource) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    Object result = invoke(dataSource, method, args);
                    if (method.getName().equals("getConnection")) {
                        connections.incrementAndGet();
                        return watch((Connection) result);
                    }
                    return result;
                });
    }

    private Connection watch(Connection connection) {
        boolean[] readOnly = {false};
        boolean[] inWriteTransaction = {false};
        InvocationHandler handler = (proxy, method, args) -> {
            switch (method.getName()) {
                case "setReadOnly" -> readOnly[0] = (Boolean) args[0];
                case "setAutoCommit" -> {
                    boolean autoCommit = (Boolean) args[0];
                    if (!autoCommit && !readOnly[0]) {
                        writeTransactions.incrementAndGet();
                        inWriteTransaction[0] = true;
                    }
                    if (autoCommit) {
                        inWriteTransaction[0] = false;
                    }
                }
                case "prepareStatement", "createStatement", "prepareCall" -> {
                    if (inWriteTransaction[0]) {
                        writeStatements.incrementAndGet();
                    }
                }
                default -> {
                    // counted only above
                }
            }
            return invoke(connection, method, args);
        };
        return (Connection)
                Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class}, handler);
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** Resets every counter. */
    void reset() {
        connections.set(0);
        writeTransactions.set(0);
        writeStatements.set(0);
    }
}
