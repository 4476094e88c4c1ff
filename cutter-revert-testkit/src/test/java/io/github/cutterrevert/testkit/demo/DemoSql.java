package io.github.cutterrevert.testkit.demo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Plain JDBC for what the demo shows besides the library's own results. Stateless. */
final class DemoSql {
    private DemoSql() {}

    /** Every row of a query, every column as text ({@code null} as {@code (null)}). */
    static List<List<String>> rows(DataSource dataSource, String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = prepare(connection, sql, parameters);
                ResultSet result = query.executeQuery()) {
            int columns = result.getMetaData().getColumnCount();
            List<List<String>> rows = new ArrayList<>();
            while (result.next()) {
                List<String> row = new ArrayList<>();
                for (int c = 1; c <= columns; c++) {
                    String value = result.getString(c);
                    row.add(value == null ? "(null)" : value);
                }
                rows.add(List.copyOf(row));
            }
            return List.copyOf(rows);
        } catch (SQLException e) {
            throw new IllegalStateException("demo query failed (SQLSTATE " + e.getSQLState() + ")", e);
        }
    }

    /** The first column of the only row of a counting query. */
    static long count(DataSource dataSource, String sql, Object... parameters) {
        return Long.parseLong(rows(dataSource, sql, parameters).get(0).get(0));
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... parameters)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
        return statement;
    }
}
