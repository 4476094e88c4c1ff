package io.github.cutterrevert.testkit.bench;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * A {@link DataSource} that hands out the connections of whichever clone is being measured, so
 * one long-lived {@code PostgresTarget} serves every measurement of a server, as one target serves
 * an orchestrator for its lifetime (every clone comes from the same template: same schema, same
 * privileges).
 *
 * <p>Not thread-safe: one contender at a time.
 */
final class CurrentDataSource {
    private final DataSource dataSource;
    private DataSource current;

    CurrentDataSource() {
        this.dataSource = (DataSource) Proxy.newProxyInstance(
                DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "toString":
                            return "CurrentDataSource";
                        case "hashCode":
                            return System.identityHashCode(proxy);
                        case "equals":
                            return proxy == args[0];
                        default:
                            if (current == null) {
                                throw new SQLException("no clone is being measured");
                            }
                            try {
                                return method.invoke(current, args);
                            } catch (InvocationTargetException e) {
                                throw e.getCause();
                            }
                    }
                });
    }

    /** The data source to build the target on. */
    DataSource dataSource() {
        return dataSource;
    }

    /**
     * Points the data source at a clone.
     *
     * @param clone the clone's data source
     */
    void use(DataSource clone) {
        this.current = clone;
    }
}
