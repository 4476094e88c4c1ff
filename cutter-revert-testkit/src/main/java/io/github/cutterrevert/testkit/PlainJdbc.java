package io.github.cutterrevert.testkit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Plain JDBC for a test's setup and checks, outside the code under test: each call takes a fresh
 * connection from the data source (autocommit), binds its parameters and closes everything.
 * Failures become {@link IllegalStateException}s naming the SQL. Stateless and thread-safe.
 *
 * <pre>{@code
 * long drafts = PlainJdbc.count(db.dataSource(),
 *     "SELECT count(*) FROM public.information_unit WHERE lifecycle_status = ?", "draft");
 * }</pre>
 */
public final class PlainJdbc {
    private PlainJdbc() {}

    /**
     * The first column of the first row as a number.
     *
     * @param dataSource where
     * @param sql a query returning one number
     * @param parameters its bound parameters
     * @return the number ({@code 0} for SQL NULL or no row)
     */
    public static long count(DataSource dataSource, String sql, Object... parameters) {
        String value = text(dataSource, sql, parameters);
        return value == null ? 0 : Long.parseLong(value);
    }

    /**
     * The first column of the first row as text.
     *
     * @param dataSource where
     * @param sql the query
     * @param parameters its bound parameters
     * @return the value, {@code null} for SQL NULL or no row
     */
    public static String text(DataSource dataSource, String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = prepare(connection, sql, parameters);
                ResultSet rows = query.executeQuery()) {
            return rows.next() ? rows.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /**
     * Runs a statement.
     *
     * @param dataSource where
     * @param sql the statement
     * @param parameters its bound parameters
     * @return the update count ({@code 0} for a statement that returns rows)
     */
    public static int run(DataSource dataSource, String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection()) {
            return run(connection, sql, parameters);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /**
     * Runs a statement on a given connection (for tests that hold a session open).
     *
     * @param connection the connection
     * @param sql the statement
     * @param parameters its bound parameters
     * @return the update count ({@code 0} for a statement that returns rows)
     * @throws SQLException when the database refuses
     */
    public static int run(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = prepare(connection, sql, parameters)) {
            return statement.execute() ? 0 : statement.getUpdateCount();
        }
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... parameters)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement;
        } catch (SQLException e) {
            statement.close();
            throw e;
        }
    }
}
