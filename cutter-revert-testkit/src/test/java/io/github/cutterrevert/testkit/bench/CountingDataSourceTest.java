package io.github.cutterrevert.testkit.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The statement counter behind the benchmark's "statements" column, on a stub connection. */
class CountingDataSourceTest {
    private final List<String> physicalCalls = new ArrayList<>();

    @Test
    void countsEveryExecuteWithItsSqlAndNotTransactionControl() throws SQLException {
        try (CountingDataSource db = CountingDataSource.open(stubSource())) {
            Connection connection = db.dataSource().getConnection();
            connection.setAutoCommit(false);
            try (PreparedStatement update = connection.prepareStatement("UPDATE t SET a = ? WHERE id = ?")) {
                update.setInt(1, 1);
                update.executeUpdate();
                update.executeUpdate();
            }
            try (Statement plain = connection.createStatement()) {
                plain.execute("SELECT 1");
            }
            connection.commit();

            assertThat(db.statements()).as("execute calls only").isEqualTo(3);
            assertThat(db.log())
                    .filteredOn(CountingDataSource.Executed::statement)
                    .extracting(CountingDataSource.Executed::sql)
                    .containsExactly("UPDATE t SET a = ? WHERE id = ?", "UPDATE t SET a = ? WHERE id = ?", "SELECT 1");
            assertThat(db.log())
                    .filteredOn(executed -> !executed.statement())
                    .extracting(CountingDataSource.Executed::sql)
                    .containsExactly("-- connection.setAutoCommit(false)", "-- connection.commit()");

            db.reset();
            assertThat(db.statements()).isZero();
            assertThat(db.log()).isEmpty();
        }
    }

    @Test
    void closingTheHandedOutConnectionKeepsThePhysicalOneOpen() throws SQLException {
        CountingDataSource db = CountingDataSource.open(stubSource());
        Connection first = db.dataSource().getConnection();
        first.close();
        Connection second = db.dataSource().getConnection();

        assertThat(second).isSameAs(first);
        assertThat(db.connections()).as("getConnection() calls").isEqualTo(2);
        db.reset();
        assertThat(db.connections()).isZero();
        assertThat(physicalCalls).doesNotContain("close");
        db.close();
        assertThat(physicalCalls).contains("close");
    }

    /** A data source whose connection and statements only record what is called on them. */
    private DataSource stubSource() {
        Connection connection = (Connection) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    physicalCalls.add(method.getName());
                    return switch (method.getName()) {
                        case "prepareStatement" -> statement(PreparedStatement.class);
                        case "createStatement" -> statement(Statement.class);
                        default -> null;
                    };
                });
        return (DataSource) Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {DataSource.class},
                (proxy, method, args) -> method.getName().equals("getConnection") ? connection : null);
    }

    private Object statement(Class<?> type) {
        return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            physicalCalls.add(method.getName());
            return switch (method.getName()) {
                case "executeUpdate" -> 1;
                case "execute" -> true;
                default -> null;
            };
        });
    }
}
