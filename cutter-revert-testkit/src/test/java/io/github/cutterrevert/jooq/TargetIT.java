package io.github.cutterrevert.jooq;

import static io.github.cutterrevert.testkit.CutterAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cutterrevert.ChangeSetId;
import io.github.cutterrevert.Compensator;
import io.github.cutterrevert.InvalidInputException;
import io.github.cutterrevert.LogicalTable;
import io.github.cutterrevert.Phase;
import io.github.cutterrevert.PlanStep;
import io.github.cutterrevert.RowSelector;
import io.github.cutterrevert.Verdict;
import io.github.cutterrevert.jooq.internal.Model;
import io.github.cutterrevert.jooq.internal.Sessions;
import io.github.cutterrevert.jooq.internal.Statements;
import io.github.cutterrevert.testkit.CutScenario;
import io.github.cutterrevert.testkit.CutterPostgres;
import io.github.cutterrevert.testkit.PlainJdbc;
import io.github.cutterrevert.testkit.TestDatabase;
import io.github.cutterrevert.testkit.TestGovernance;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
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
            Compensator compensator = Compensator.forRun("run-dsl")
                    .failClosed(TestGovernance.failClosed())
                    .signedBy(TestGovernance.signer())
                    .on(PostgresTarget.of(dsl))
                    .failedAt(Phase.WRITE_VERIFY);

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
        String lock = Sessions.renderer().renderInlined(statements.lock("change set cs-fresh", false));
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

    @Test
    void aUnitEnactedAfterOurSnapshotMakesTheGuardedUpdateFailInsteadOfSkippingIt(TestDatabase db) throws SQLException {
        CutScenario.forRun("run-race")
                .changeSet("cs-race")
                .units(3)
                .failingAt(Phase.WRITE_VERIFY)
                .apply(db.dataSource());
        Statements statements = new Statements(new Model(SchemaBinding.defaults()));
        String update = Sessions.renderer()
                .renderInlined(statements.softRevert(new PlanStep.SoftRevert(
                        LogicalTable.INFORMATION_UNIT,
                        new RowSelector.OfChangeSet(ChangeSetId.of("cs-race")),
                        "lifecycle_status",
                        "draft",
                        "withdrawn",
                        3,
                        Optional.empty())));
        try (Connection ours = db.dataSource().getConnection()) {
            ours.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            ours.setAutoCommit(false);
            try (Statement statement = ours.createStatement()) {
                statement.execute("SELECT 1"); // our snapshot: every unit still draft
                PlainJdbc.count(
                        db.dataSource(),
                        "SELECT count(public.fn_iu_enact(id)) FROM public.information_unit"
                                + " WHERE address = 'cs-race/iu-2'");
                assertThatThrownBy(() -> statement.executeUpdate(update))
                        .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState())
                                .isEqualTo("40001"));
            }
            ours.rollback();
        }
        assertThat(db).changeSet("cs-race").hasUnitCount(3);
        assertThat(PlainJdbc.count(
                        db.dataSource(),
                        "SELECT count(*) FROM public.information_unit"
                                + " WHERE address LIKE 'cs-race/%' AND lifecycle_status = 'draft'"))
                .isEqualTo(2);
    }

    private static long count(Statement statement, String sql) throws SQLException {
        try (var rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
