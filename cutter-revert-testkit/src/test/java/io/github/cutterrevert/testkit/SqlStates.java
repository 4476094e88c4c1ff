package io.github.cutterrevert.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.fail;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** Runs one statement and reports the SQLSTATE it fails with, for the ITs. */
final class SqlStates {

    private SqlStates() {}

    /** Runs a statement in its own connection (auto-commit) and expects it to succeed. */
    static void execute(DataSource dataSource, String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** Runs a statement that must fail and returns its SQLSTATE. */
    static String sqlStateOf(DataSource dataSource, String sql) {
        SQLException failure = catchThrowableOfType(SQLException.class, () -> execute(dataSource, sql));
        if (failure == null) {
            fail("expected this statement to fail but it succeeded: " + sql);
        }
        return failure.getSQLState();
    }

    /** Runs a count query in its own connection. */
    static long count(DataSource dataSource, String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return Jdbc.count(connection, sql);
        }
    }

    /** Runs a query returning one string. */
    static String string(DataSource dataSource, String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                var rows = statement.executeQuery(sql)) {
            assertThat(rows.next()).as("expected a row from %s", sql).isTrue();
            return rows.getString(1);
        }
    }
}
