package io.github.cutterrevert.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cutterrevert.CompensationPlan;
import io.github.cutterrevert.CompensationTimeoutException;
import io.github.cutterrevert.Compensator;
import io.github.cutterrevert.LockBusyException;
import io.github.cutterrevert.Phase;
import io.github.cutterrevert.PlanStep;
import io.github.cutterrevert.StepFailedException;
import io.github.cutterrevert.spi.Execution;
import io.github.cutterrevert.testkit.CutScenario;
import io.github.cutterrevert.testkit.PlainJdbc;
import io.github.cutterrevert.testkit.ReferenceWorld;
import io.github.cutterrevert.testkit.TestDatabase;
import io.github.cutterrevert.testkit.TestGovernance;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Failures inside the transaction: each rolls back everything and throws a typed error. */
class FailureIT {
    private TestDatabase db;
    private PostgresTarget target;
    private Map<String, Object> before;

    @BeforeEach
    void baseline() {
        db = TestDatabase.create("jooq-failure");
        ReferenceWorld.seedBaseline(db.dataSource());
        target = PostgresTarget.of(db.dataSourceAs(TestDatabase.CUTTER_EXEC));
        CutScenario.forRun("run-1")
                .changeSet("cs-1")
                .units(3)
                .failingAt(Phase.WRITE_VERIFY)
                .apply(db.dataSource());
        before = Sql.state(db.dataSource());
    }

    @AfterEach
    void drop() {
        db.close();
    }

    private Compensator compensator(PostgresTarget on) {
        return Compensator.forRun("run-1")
                .failClosed(TestGovernance.failClosed())
                .signedBy(TestGovernance.signer())
                .on(on)
                .failedAt(Phase.WRITE_VERIFY);
    }

    private void executeApproved(PostgresTarget on) {
        Compensator compensator = compensator(on);
        compensator.authorizedBy(Sql.approve(compensator.plan())).execute();
    }

    @Test
    void aTriggerThatSkipsOneRowMakesTheUpdateCountDifferAndRollsEverythingBack() {
        PlainJdbc.run(
                db.dataSource(),
                "CREATE FUNCTION public.skip_one() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                        + " IF NEW.address = 'cs-1/iu-2' THEN RETURN NULL; END IF; RETURN NEW; END $$");
        PlainJdbc.run(
                db.dataSource(),
                "CREATE TRIGGER skip_one BEFORE UPDATE ON public.information_unit FOR EACH ROW EXECUTE FUNCTION public.skip_one()");
        before = Sql.state(db.dataSource());

        assertThatThrownBy(() -> executeApproved(target))
                .isInstanceOfSatisfying(StepFailedException.class, e -> {
                    assertThat(e.table()).isEqualTo("public.information_unit");
                    assertThat(e.expected()).isEqualTo(3);
                    assertThat(e.actual()).isEqualTo(2);
                    assertThat(e.sqlState()).isEmpty();
                })
                .hasMessageContaining("expected 3 row(s) but found 2; rolled back");
        assertThat(Sql.state(db.dataSource()))
                .as("the unit_version update before it is rolled back too")
                .isEqualTo(before);
    }

    @Test
    void rowsAddedBehindThePlansBackAreCaughtByTheRecountBeforeCommit() {
        PlainJdbc.run(
                db.dataSource(),
                "CREATE FUNCTION public.log_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                        + " INSERT INTO public.iu_lifecycle_log (information_unit_id, from_status, to_status, note)"
                        + " VALUES (NEW.id, OLD.lifecycle_status, NEW.lifecycle_status, 'drift'); RETURN NEW; END $$");
        PlainJdbc.run(
                db.dataSource(),
                "CREATE TRIGGER log_change AFTER UPDATE ON public.information_unit FOR EACH ROW EXECUTE FUNCTION public.log_change()");
        before = Sql.state(db.dataSource());

        Compensator compensator = compensator(target);
        CompensationPlan plan = compensator.plan();
        assertThatThrownBy(() -> compensator.authorizedBy(Sql.approve(plan)).execute())
                .isInstanceOfSatisfying(StepFailedException.class, e -> {
                    assertThat(e.stepIndex())
                            .as("the re-count after the last step")
                            .isEqualTo(plan.steps().size());
                    assertThat(e.table()).isEqualTo("public.iu_lifecycle_log");
                    assertThat(e.expected()).isZero();
                    assertThat(e.actual()).isEqualTo(3);
                });
        assertThat(Sql.state(db.dataSource())).isEqualTo(before);
    }

    @Test
    void aPlanExpectingMoreRowsThanExistFailsAtThatStep() {
        CompensationPlan real = compensator(target).hardDelete().plan();
        List<PlanStep> steps = new ArrayList<>();
        for (PlanStep step : real.steps()) {
            steps.add(
                    step instanceof PlanStep.HardDelete d
                                    && d.table() == io.github.cutterrevert.LogicalTable.UNIT_VERSION
                            ? new PlanStep.HardDelete(d.table(), d.rows(), 5)
                            : step);
        }
        CompensationPlan wrong = new CompensationPlan(
                real.runId(),
                real.revertRunId(),
                real.subject(),
                real.changeSet(),
                real.kind(),
                real.mode(),
                real.preconditions(),
                steps,
                real.expectedDeltas(),
                real.rationale());

        assertThatThrownBy(() -> target.execute(new Execution(
                        wrong, source -> wrong, Sql.approve(wrong), java.util.Optional.of(TestGovernance.signer()))))
                .isInstanceOfSatisfying(StepFailedException.class, e -> {
                    assertThat(e.table()).isEqualTo("public.unit_version");
                    assertThat(e.expected()).isEqualTo(5);
                    assertThat(e.actual()).isEqualTo(3);
                });
        assertThat(Sql.state(db.dataSource())).isEqualTo(before);
    }

    @Test
    void anotherSessionHoldingTheChangeSetsLockMakesExecuteGiveUpAtOnce() throws SQLException {
        try (Connection other = db.dataSource().getConnection()) {
            other.setAutoCommit(false);
            try (Statement statement = other.createStatement()) {
                statement.execute("SELECT pg_advisory_xact_lock(hashtextextended('cutter-revert change set cs-1', 0))");
            }
            long started = System.nanoTime();
            assertThatThrownBy(() -> executeApproved(target))
                    .isInstanceOfSatisfying(LockBusyException.class, e -> assertThat(e.lockSubject())
                            .isEqualTo("change set cs-1"));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
            other.rollback();
        }
        assertThat(Sql.state(db.dataSource())).isEqualTo(before);
    }

    @Test
    void aRowLockedByAnotherSessionEndsInALockTimeout() throws SQLException {
        PostgresTarget impatient = PostgresTarget.builder(db.dataSourceAs(TestDatabase.CUTTER_EXEC))
                .lockTimeout(Duration.ofMillis(200))
                .build();
        try (Connection other = db.dataSource().getConnection()) {
            other.setAutoCommit(false);
            try (Statement statement = other.createStatement()) {
                statement.execute(
                        "SELECT 1 FROM public.unit_version WHERE information_unit_id = (SELECT id FROM public.information_unit"
                                + " WHERE address = 'cs-1/iu-1') FOR UPDATE");
            }
            assertThatThrownBy(() -> executeApproved(impatient))
                    .isInstanceOfSatisfying(CompensationTimeoutException.class, e -> {
                        assertThat(e.sqlState()).isEqualTo("55P03");
                        assertThat(e.limit()).isEqualTo(Duration.ofMillis(200));
                    });
            other.rollback();
        }
        assertThat(Sql.state(db.dataSource())).isEqualTo(before);
    }

    @Test
    void aSlowStatementEndsInAStatementTimeout() {
        PlainJdbc.run(
                db.dataSource(),
                "CREATE FUNCTION public.slow() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(2); RETURN NEW; END $$");
        PlainJdbc.run(
                db.dataSource(),
                "CREATE TRIGGER slow BEFORE UPDATE ON public.information_unit FOR EACH ROW EXECUTE FUNCTION public.slow()");
        before = Sql.state(db.dataSource());
        PostgresTarget hurried = PostgresTarget.builder(db.dataSourceAs(TestDatabase.CUTTER_EXEC))
                .statementTimeout(Duration.ofMillis(500))
                .build();

        assertThatThrownBy(() -> executeApproved(hurried))
                .isInstanceOfSatisfying(CompensationTimeoutException.class, e -> assertThat(e.sqlState())
                        .isEqualTo("57014"));
        assertThat(Sql.state(db.dataSource())).isEqualTo(before);
    }

    @Test
    void aDatabaseErrorInsideAStepIsReportedWithItsSqlState() {
        // The append-only ledger refuses nothing we send, so make the unit table refuse instead. A
        // trigger, not a REVOKE: a missing privilege is found by the schema contract before the
        // transaction (see RenamedSchemaIT); this is an error only the statement itself meets.
        PlainJdbc.run(
                db.dataSource(),
                "CREATE FUNCTION public.refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                        + " RAISE EXCEPTION 'refused' USING ERRCODE = 'insufficient_privilege'; END $$");
        PlainJdbc.run(
                db.dataSource(),
                "CREATE TRIGGER refuse BEFORE UPDATE ON public.information_unit FOR EACH ROW EXECUTE FUNCTION public.refuse()");
        before = Sql.state(db.dataSource());

        assertThatThrownBy(() -> executeApproved(target)).isInstanceOfSatisfying(StepFailedException.class, e -> {
            assertThat(e.sqlState()).contains("42501");
            assertThat(e.table()).isEqualTo("public.information_unit");
        });
        assertThat(Sql.state(db.dataSource())).isEqualTo(before);
    }
}
