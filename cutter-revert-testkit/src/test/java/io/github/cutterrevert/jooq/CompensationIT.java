package io.github.cutterrevert.jooq;

import static io.github.cutterrevert.testkit.CutterAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cutterrevert.Authority;
import io.github.cutterrevert.CompensationPlan;
import io.github.cutterrevert.CompensationResult;
import io.github.cutterrevert.Compensator;
import io.github.cutterrevert.LogicalTable;
import io.github.cutterrevert.Mode;
import io.github.cutterrevert.NotApprovedException;
import io.github.cutterrevert.Phase;
import io.github.cutterrevert.PlanKind;
import io.github.cutterrevert.Preview;
import io.github.cutterrevert.Verdict;
import io.github.cutterrevert.spi.Execution;
import io.github.cutterrevert.testkit.CutScenario;
import io.github.cutterrevert.testkit.PlainJdbc;
import io.github.cutterrevert.testkit.ReferenceWorld;
import io.github.cutterrevert.testkit.TestDatabase;
import io.github.cutterrevert.testkit.TestGovernance;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * End to end through {@code Compensator.forRun(...).on(PostgresTarget.of(ds))} against the
 * reference schema at the seed baseline, executing as the orchestrator's role {@code cutter_exec}.
 */
class CompensationIT {
    private TestDatabase db;
    private DataSource exec;
    private PostgresTarget target;

    @BeforeEach
    void baseline() {
        db = TestDatabase.create("jooq-compensation");
        ReferenceWorld.seedBaseline(db.dataSource());
        exec = db.dataSourceAs(TestDatabase.CUTTER_EXEC);
        target = PostgresTarget.of(exec);
    }

    @AfterEach
    void drop() {
        db.close();
    }

    @Test
    void softRevertAfterWriteVerifyFailureWithdrawsTheUnitsAndAppendsOneDecision() {
        CutScenario.forRun("run-1")
                .changeSet("cs-1")
                .units(3)
                .versionsPerUnit(2)
                .failingAt(Phase.WRITE_VERIFY)
                .apply(db.dataSource());
        Map<String, Object> before = Sql.state(db.dataSource());

        Compensator compensator = Compensator.forRun("run-1")
                .failClosed(TestGovernance.failClosed())
                .signedBy(TestGovernance.signer())
                .on(target)
                .failedAt(Phase.WRITE_VERIFY);
        CompensationPlan plan = compensator.plan();
        assertThat(plan.kind()).isEqualTo(PlanKind.COMPENSATE);
        assertThat(plan.mode()).isEqualTo(Mode.SOFT_REVERT);
        CompensationResult result = compensator.authorizedBy(Sql.approve(plan)).execute();

        assertThat(result.verdict()).isEqualTo(new Verdict.Compensated());
        assertThat(result.plan().fingerprint()).isEqualTo(plan.fingerprint());
        assertThat(result.rowsAffected())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        LogicalTable.INFORMATION_UNIT, 3L,
                        LogicalTable.UNIT_VERSION, 6L,
                        LogicalTable.REVIEW_DECISION, 1L));
        assertThat(db)
                .changeSet("cs-1")
                .hasUnitCount(3)
                .hasVersionCount(6)
                .unitsAllHaveStatus("withdrawn")
                .hasDecisionCount("reverted", 1);
        assertThat(PlainJdbc.count(
                        db.dataSource(),
                        "SELECT count(*) FROM public.unit_version uv JOIN cutter_governance.cut_change_set_affected_row a"
                                + " ON a.information_unit_id = uv.information_unit_id WHERE a.change_set_id = 'cs-1'"
                                + " AND uv.lifecycle_status = 'withdrawn'"))
                .isEqualTo(6);
        assertThat(
                        PlainJdbc.text(
                                db.dataSource(),
                                "SELECT decided_by || '|' || revert_run_id FROM cutter_governance.review_decision WHERE change_set_id = 'cs-1'"))
                .isEqualTo("sovereign@example.org|run-1:revert");
        assertThat(PlainJdbc.text(
                        db.dataSource(),
                        "SELECT note FROM cutter_governance.review_decision WHERE change_set_id = 'cs-1'"))
                .contains(plan.fingerprint().value())
                .contains("DEC-" + plan.fingerprint().shortForm());
        Map<String, Object> after = Sql.state(db.dataSource());
        for (String table : Sql.TABLES) {
            long delta = table.equals("cutter_governance.review_decision") ? 1 : 0;
            assertThat((Long) after.get(table)).as(table).isEqualTo((Long) before.get(table) + delta);
        }
        // The baseline's own draft units are untouched.
        assertThat(db).changeSet(ReferenceWorld.CHANGE_SET_ID).hasUnitCount(ReferenceWorld.UNITS);
        assertThat(PlainJdbc.count(
                        db.dataSource(),
                        "SELECT count(*) FROM public.information_unit WHERE lifecycle_status = 'withdrawn'"))
                .isEqualTo(3);
    }

    @Test
    void hardDeleteWithADecisionRemovesTheRowsChildFirstAndReturnsToTheBaseline() {
        CutScenario.forRun("run-2")
                .changeSet("cs-2")
                .units(4)
                .versionsPerUnit(2)
                .failingAt(Phase.WRITE_VERIFY)
                .apply(db.dataSource());
        assertThat(PlainJdbc.count(db.dataSource(), "SELECT count(*) FROM public.information_unit"))
                .isEqualTo(162);

        Compensator compensator = Compensator.forRun("run-2")
                .failClosed(TestGovernance.failClosed())
                .signedBy(TestGovernance.signer())
                .on(target)
                .failedAt(Phase.WRITE_VERIFY)
                .hardDelete();
        CompensationPlan plan = compensator.plan();
        assertThat(plan.hardDeletes()).isTrue();
        CompensationResult result = compensator.authorizedBy(Sql.approve(plan)).execute();

        assertThat(result.verdict()).isEqualTo(new Verdict.Compensated());
        assertThat(db).hasBaselineCounts();
        assertThat(db)
                .changeSet("cs-2")
                .isRecorded()
                .hasUnitCount(0)
                .hasVersionCount(0)
                .hasAffectedRowCount(4)
                .hasDecisionCount("reverted", 1);
    }

    @Test
    void hardDeleteWithoutADecisionIsRefusedAndChangesNothing() {
        CutScenario.forRun("run-3")
                .changeSet("cs-3")
                .units(2)
                .failingAt(Phase.WRITE_VERIFY)
                .apply(db.dataSource());
        Map<String, Object> before = Sql.state(db.dataSource());

        Compensator compensator = Compensator.forRun("run-3")
                .failClosed(TestGovernance.failClosed())
                .signedBy(TestGovernance.signer())
                .on(target)
                .failedAt(Phase.WRITE_VERIFY)
                .hardDelete();
        assertThatThrownBy(compensator::execute)
                .isInstanceOf(NotApprovedException.class)
                .hasMessageContaining("hard delete needs a recorded decision");

        assertThat(Sql.state(db.dataSource())).isEqualTo(before);
    }

    @Test
    void aUnitEnactedAfterTheFailureIsRefusedAndNothingIsWritten() {
        CutScenario.forRun("run-4")
                .changeSet("cs-4")
                .units(3)
                .failingAt(Phase.WRITE_VERIFY)
                .apply(db.dataSource());
        PlainJdbc.count(
                db.dataSource(),
                "SELECT count(public.fn_iu_enact(information_unit_id)) FROM (SELECT information_unit_id"
                        + " FROM cutter_governance.cut_change_set_affected_row WHERE change_set_id = 'cs-4'"
                        + " ORDER BY information_unit_id LIMIT 1) AS first_unit");
        Map<String, Object> before = Sql.state(db.dataSource());

        CompensationResult result = Compensator.forRun("run-4")
                .failClosed(TestGovernance.failClosed())
                .signedBy(TestGovernance.signer())
                .on(target)
                .failedAt(Phase.WRITE_VERIFY)
                .authorizedBy(Authority.none())
                .execute();

        assertThat(result.verdict()).isInstanceOf(Verdict.Refused.class);
        assertThat(((Verdict.Refused) result.verdict()).reason()).contains("enacted");
        assertThat(Sql.state(db.dataSource())).isEqualTo(before);
    }

    @Test
    void legBRecordFailureRevertsTheUnitsWithoutAppendingADecision() {
        CutScenario.forRun("run-5")
                .changeSet("cs-5")
                .units(2)
                .failingAt(Phase.LEG_B_RECORD)
                .apply(db.dataSource());

        Compensator compensator = Compensator.forRun("run-5")
                .failClosed(TestGovernance.failClosed())
                .signedBy(TestGovernance.signer())
                .on(target)
                .failedAt(Phase.LEG_B_RECORD);
        CompensationPlan plan = compensator.plan();
        CompensationResult result = compensator.authorizedBy(Sql.approve(plan)).execute();

        assertThat(result.verdict()).isEqualTo(new Verdict.Compensated());
        assertThat(result.rowsAffected()).doesNotContainKey(LogicalTable.REVIEW_DECISION);
        assertThat(db).changeSet("cs-5").unitsAllHaveStatus("withdrawn").hasDecisionCount("reverted", 0);
        assertThat(db).hasRowCount("cutter_governance.review_decision", 0);
    }

    @Test
    void compensatingTwiceIsNothingToDoAndAppendsNothing() {
        CutScenario.forRun("run-6")
                .changeSet("cs-6")
                .units(3)
                .failingAt(Phase.WRITE_VERIFY)
                .apply(db.dataSource());
        Compensator first = Compensator.forRun("run-6")
                .failClosed(TestGovernance.failClosed())
                .signedBy(TestGovernance.signer())
                .on(target)
                .failedAt(Phase.WRITE_VERIFY);
        CompensationPlan reviewed = first.plan();
        first.authorizedBy(Sql.approve(reviewed)).execute();
        Map<String, Object> compensated = Sql.state(db.dataSource());

        // A new compensator plans "nothing to do" and never opens a write transaction.
        CompensationResult again = Compensator.forRun("run-6")
                .failClosed(TestGovernance.failClosed())
                .signedBy(TestGovernance.signer())
                .on(target)
                .failedAt(Phase.WRITE_VERIFY)
                .authorizedBy(Sql.approve(reviewed))
                .execute();
        assertThat(again.verdict()).isInstanceOf(Verdict.NothingToDo.class);

        // Re-executing the reviewed plan itself: the in-transaction re-plan says nothing to do.
        CompensationResult replayed = target.execute(new Execution(
                reviewed,
                source -> Compensator.forRun("run-6")
                        .failClosed(TestGovernance.failClosed())
                        .signedBy(TestGovernance.signer())
                        .on(target)
                        .failedAt(Phase.WRITE_VERIFY)
                        .plan(),
                Sql.approve(reviewed),
                java.util.Optional.of(TestGovernance.signer())));
        assertThat(replayed.verdict()).isInstanceOf(Verdict.NothingToDo.class);
        assertThat(replayed.rowsAffected()).isEmpty();

        assertThat(Sql.state(db.dataSource())).isEqualTo(compensated);
        assertThat(db).changeSet("cs-6").hasDecisionCount("reverted", 1);
    }

    @Test
    void previewShowsTheRealCountsAndWritesNothing() {
        CutScenario.forRun("run-7")
                .changeSet("cs-7")
                .units(5)
                .versionsPerUnit(3)
                .failingAt(Phase.WRITE_VERIFY)
                .apply(db.dataSource());
        Map<String, Object> before = Sql.state(db.dataSource());

        Preview soft = Compensator.forRun("run-7")
                .failClosed(TestGovernance.failClosed())
                .signedBy(TestGovernance.signer())
                .on(target)
                .failedAt(Phase.WRITE_VERIFY)
                .preview();
        Preview hard = Compensator.forRun("run-7")
                .failClosed(TestGovernance.failClosed())
                .signedBy(TestGovernance.signer())
                .on(target)
                .failedAt(Phase.WRITE_VERIFY)
                .hardDelete()
                .preview();

        assertThat(soft.rowsAffected())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        LogicalTable.INFORMATION_UNIT, 5L,
                        LogicalTable.UNIT_VERSION, 15L,
                        LogicalTable.REVIEW_DECISION, 1L));
        assertThat(hard.rowsAffected())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        LogicalTable.INFORMATION_UNIT, 5L,
                        LogicalTable.UNIT_VERSION, 15L,
                        LogicalTable.REVIEW_DECISION, 1L));
        assertThat(soft.sql()).contains("update \"public\".\"information_unit\"");
        assertThat(hard.sql()).contains("delete from \"public\".\"unit_version\"");
        assertThat(Sql.state(db.dataSource())).isEqualTo(before);
    }
}
