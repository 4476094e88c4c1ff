package io.github.cutterrevert.jooq;

import static io.github.cutterrevert.testkit.CutterAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cutterrevert.Compensator;
import io.github.cutterrevert.InvalidInputException;
import io.github.cutterrevert.Phase;
import io.github.cutterrevert.Verdict;
import io.github.cutterrevert.jooq.internal.Model;
import io.github.cutterrevert.jooq.internal.Sessions;
import io.github.cutterrevert.jooq.internal.Statements;
import io.github.cutterrevert.testkit.CutScenario;
import io.github.cutterrevert.testkit.CutterPostgres;
import io.github.cutterrevert.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultConnectionProvider;
import org.junit.jupiter.api.Test;

/** How the target uses connections it is given. */
@CutterPostgres
class TargetIT {

    @Test
    void aDslContextsConnectionsWorkAndTheirSettingsAreRestored(TestDatabase db) throws SQLException {
        CutScenario.forRun("run-dsl")
                .changeSet("cs-dsl")
                .units(2)
                .failingAt(Phase.WRITE_VERIFY)
                .apply(db.dataSource());
        try (Connection connection = db.dataSourceAs(TestDatabase.CUTTER_EXEC).getConnection()) {
            DSLContext dsl = DSL.using(new DefaultConnectionProvider(connection), SQLDialect.POSTGRES);
            Compensator compensator =
                    Compensator.forRun("run-dsl").on(PostgresTarget.of(dsl)).failedAt(Phase.WRITE_VERIFY);

            assertThat(compensator
                            .authorizedBy(Sql.approve(compensator.plan()))
                            .execute()
                            .verdict())
                    .isEqualTo(new Verdict.Compensated());

            assertThat(connection.getAutoCommit()).isTrue();
            assertThat(connection.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_READ_COMMITTED);
            assertThat(connection.isReadOnly()).isFalse();
        }
        assertThat(db).changeSet("cs-dsl").unitsAllHaveStatus("withdrawn");
    }

    @Test
    void aConnectionInsideTheCallersTransactionIsRefused(TestDatabase db) throws SQLException {
        try (Connection connection = db.dataSourceAs(TestDatabase.CUTTER_EXEC).getConnection()) {
            connection.setAutoCommit(false);
            PostgresTarget target =
                    PostgresTarget.of(DSL.using(new DefaultConnectionProvider(connection), SQLDialect.POSTGRES));

            assertThatThrownBy(() -> target.snapshot(io.github.cutterrevert.RunId.of("run-tx"), "pre"))
                    .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field())
                            .isEqualTo("connection"))
                    .hasMessageContaining("autocommit");
            connection.rollback();
        }
    }

    @Test
    void theLockStatementSeesATransactionThatCommittedAfterTheSnapshot(DataSource dataSource) throws SQLException {
        Statements statements = new Statements(new Model(SchemaBinding.defaults()));
        String lock = Sessions.renderer().renderInlined(statements.lock("change set cs-fresh"));
        try (Connection writer = dataSource.getConnection();
                Connection holder = dataSource.getConnection();
                Connection reader = dataSource.getConnection()) {
            writer.setAutoCommit(false);
            try (Statement statement = writer.createStatement()) {
                statement.execute("SELECT pg_current_xact_id()"); // the writer has an id and keeps running
            }
            reader.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            reader.setAutoCommit(false);
            try (Statement statement = reader.createStatement()) {
                statement.execute("SELECT 1"); // takes the reader's snapshot while the writer runs
                writer.commit();
                assertThat(count(statement, lock))
                        .as("the writer committed after the snapshot")
                        .isEqualTo(1);
            }
            reader.rollback();

            try (Statement statement = reader.createStatement()) {
                assertThat(count(statement, lock)).as("a fresh transaction").isZero();
                try (Statement other = holder.createStatement()) {
                    assertThat(count(other, lock))
                            .as("the lock is held by the reader")
                            .isEqualTo(-1);
                }
            }
            reader.rollback();
        }
    }

    private static long count(Statement statement, String sql) throws SQLException {
        try (var rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
