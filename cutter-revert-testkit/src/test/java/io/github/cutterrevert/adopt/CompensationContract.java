package io.github.cutterrevert.adopt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cutterrevert.CompensationPlan;
import io.github.cutterrevert.CompensationResult;
import io.github.cutterrevert.Compensator;
import io.github.cutterrevert.FailClosed;
import io.github.cutterrevert.InvalidPlanException;
import io.github.cutterrevert.LogicalTable;
import io.github.cutterrevert.Mode;
import io.github.cutterrevert.Phase;
import io.github.cutterrevert.PlanKind;
import io.github.cutterrevert.Preview;
import io.github.cutterrevert.SeedDelta;
import io.github.cutterrevert.SeedRollback;
import io.github.cutterrevert.Verdict;
import io.github.cutterrevert.jooq.PostgresTarget;
import io.github.cutterrevert.jooq.SchemaBinding.Column;
import io.github.cutterrevert.jooq.SchemaBinding.Status;
import io.github.cutterrevert.testkit.CutScenario;
import io.github.cutterrevert.testkit.PlainJdbc;
import io.github.cutterrevert.testkit.SchemaVariant;
import io.github.cutterrevert.testkit.SeedScenario;
import io.github.cutterrevert.testkit.TestDatabase;
import io.github.cutterrevert.testkit.TestGovernance;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Compensation, refusal and seed rollback end to end, written once against the binding's names
 * and run on every schema the testkit ships (one subclass per {@link SchemaVariant}), as the
 * orchestrator's role {@code cutter_exec}. State is read afterwards on a fresh superuser
 * connection.
 */
abstract class CompensationContract {
    private TestDatabase db;
    private DataSource superuser;
    private PostgresTarget target;
    private Names names;

    abstract SchemaVariant schema();

    @BeforeEach
    void database() {
        db = TestDatabase.create("adopt-" + schema().name(), schema());
        superuser = db.dataSource();
        target = PostgresTarget.builder(db.dataSourceAs(TestDatabase.CUTTER_EXEC))
                .binding(db.binding())
                .build();
        names = new Names(db.binding());
    }

    @AfterEach
    void drop() {
        db.close();
    }

    private CutScenario cut(String run) {
        return CutScenario.forRun(run)
                .changeSet("cs-" + run)
                .units(3)
                .versionsPerUnit(2)
                .schema(schema());
    }

    private Compensator compensator(String run, FailClosed failClosed) {
        return Compensator.forRun(run)
                .failClosed(failClosed)
                .signedBy(TestGovernance.signer())
                .on(target);
    }

    @Test
    void softRevertAfterWriteVerifyWithdrawsTheUnitsAndAppendsOneSignedDecision() {
        cut("run-soft").failingAt(Phase.WRITE_VERIFY).apply(superuser);
        Compensator compensator =
                compensator("run-soft", TestGovernance.failClosed()).failedAt(Phase.WRITE_VERIFY);
        CompensationPlan plan = compensator.plan();
        assertThat(plan.kind()).isEqualTo(PlanKind.COMPENSATE);

        CompensationResult result =
                compensator.authorizedBy(Names.approve(plan)).execute();

        assertThat(result.verdict()).isEqualTo(new Verdict.Compensated());
        assertThat(result.rowsAffected())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        LogicalTable.INFORMATION_UNIT, 3L,
                        LogicalTable.UNIT_VERSION, 6L,
                        LogicalTable.REVIEW_DECISION, 1L));
        assertThat(names.units(superuser, "cs-run-soft", "withdrawn")).isEqualTo(3);
        assertThat(names.versions(superuser, "cs-run-soft", "withdrawn")).isEqualTo(6);
        assertThat(names.reverted(superuser, "cs-run-soft"))
                .as("one signed reverted decision")
                .isEqualTo(1);
        assertThat(target.verifyDecisions(TestGovernance.publicKeys()).firstBad())
                .isEmpty();
    }

    @Test
    void hardDeleteWithADecisionRemovesTheRowsChildFirst() {
        cut("run-hard").failingAt(Phase.WRITE_VERIFY).apply(superuser);
        long unitsBefore = names.rows(superuser, LogicalTable.INFORMATION_UNIT);
        Compensator compensator = compensator("run-hard", TestGovernance.failClosed())
                .failedAt(Phase.WRITE_VERIFY)
                .hardDelete();
        CompensationPlan plan = compensator.plan();
        assertThat(plan.mode()).isEqualTo(Mode.HARD_DELETE);

        assertThat(compensator.authorizedBy(Names.approve(plan)).execute().verdict())
                .isEqualTo(new Verdict.Compensated());

        assertThat(names.rows(superuser, LogicalTable.INFORMATION_UNIT)).isEqualTo(unitsBefore - 3);
        assertThat(names.rows(superuser, LogicalTable.UNIT_VERSION)).isZero();
        assertThat(names.ledger(superuser, LogicalTable.CUT_CHANGE_SET_AFFECTED_ROW, "cs-run-hard"))
                .as("the ledger is never deleted from")
                .isEqualTo(3);
        assertThat(names.reverted(superuser, "cs-run-hard")).isEqualTo(1);
    }

    @Test
    void aLegBFailureRevertsTheUnitsWithoutALedgerRow() {
        // On the renamed schema the envelope is written in cut_leg_a, so it exists although leg B
        // rolled back: its binding says so, and the planner must not call that a disagreement.
        cut("run-legb").failingAt(Phase.LEG_B_RECORD).apply(superuser);
        Compensator compensator =
                compensator("run-legb", TestGovernance.failClosed()).failedAt(Phase.LEG_B_RECORD);
        CompensationPlan plan = compensator.plan();
        assertThat(plan.kind()).as(plan.rationale()).isEqualTo(PlanKind.COMPENSATE);
        long decisionsBefore = names.rows(superuser, LogicalTable.REVIEW_DECISION);

        assertThat(compensator.authorizedBy(Names.approve(plan)).execute().verdict())
                .isEqualTo(new Verdict.Compensated());

        assertThat(names.units(superuser, "cs-run-legb", "withdrawn")).isEqualTo(3);
        assertThat(names.rows(superuser, LogicalTable.REVIEW_DECISION))
                .as("compensation A only: no ledger row")
                .isEqualTo(decisionsBefore);
    }

    @Test
    void anEnactedUnitIsRefusedHeldAndNothingChanges() {
        cut("run-enacted").enactedUnits(1).apply(superuser);
        Map<String, Long> before = names.state(superuser);
        FailClosed failClosed = TestGovernance.failClosed();

        CompensationResult result = compensator("run-enacted", failClosed)
                .failedAt(Phase.LIFECYCLE_ENACT)
                .execute();

        assertThat(result.verdict()).isInstanceOf(Verdict.Refused.class);
        assertThat(((Verdict.Refused) result.verdict()).reason()).contains("enacted");
        assertThat(failClosed.hold()).isPresent();
        assertThat(names.state(superuser)).isEqualTo(before);
        assertThat(names.units(superuser, "cs-run-enacted", names.status(Status.ENACTED)))
                .isEqualTo(1);
    }

    @Test
    void legBRowsReportedRolledBackAreADisagreementCountedThroughThePerTableChangeSetColumn() {
        // The run committed leg B (cosign / dot_pair_signature written), but the report says leg B
        // failed: the planner counts the leg-B table through its own change-set column name.
        cut("run-disagree").failingAt(Phase.WRITE_VERIFY).apply(superuser);
        Map<String, Long> before = names.state(superuser);
        FailClosed failClosed = TestGovernance.failClosed();

        CompensationResult result = compensator("run-disagree", failClosed)
                .failedAt(Phase.LEG_B_RECORD)
                .execute();

        assertThat(result.verdict()).isInstanceOf(Verdict.Refused.class);
        assertThat(((Verdict.Refused) result.verdict()).reason())
                .contains("dot_pair_signature (leg_b_record)")
                .contains("disagree");
        assertThat(failClosed.hold()).isPresent();
        assertThat(names.state(superuser)).isEqualTo(before);
    }

    @Test
    void previewRunsTheSignedAppendAndRollsItBack() {
        cut("run-preview").failingAt(Phase.WRITE_VERIFY).apply(superuser);
        Map<String, Long> before = names.state(superuser);
        Compensator compensator =
                compensator("run-preview", TestGovernance.failClosed()).failedAt(Phase.WRITE_VERIFY);

        Preview preview = compensator.preview();

        assertThat(preview.rowsAffected()).containsEntry(LogicalTable.REVIEW_DECISION, 1L);
        assertThat(names.state(superuser)).as("rolled back").isEqualTo(before);
        assertThat(names.units(superuser, "cs-run-preview", names.status(Status.DRAFT)))
                .isEqualTo(3);
        assertThatThrownBy(() -> Compensator.forRun("run-preview")
                        .failClosed(TestGovernance.failClosed())
                        .on(target)
                        .failedAt(Phase.WRITE_VERIFY)
                        .preview())
                .as("compensation B needs a signer, in preview as in execute")
                .isInstanceOf(InvalidPlanException.class)
                .hasMessageContaining("signedBy");
    }

    @Test
    void seedPathADeletesTheExactDeltaAndASecondRunHasNothingToDo() {
        SeedDelta delta =
                Names.delta(SeedScenario.constitutionSource().schema(schema()).apply(superuser));
        SeedRollback rollback = SeedRollback.of(delta)
                .failClosed(TestGovernance.failClosed())
                .runId("rollback-a")
                .on(target);
        CompensationPlan plan = rollback.plan();
        assertThat(plan.kind()).isEqualTo(PlanKind.COMPENSATE);

        assertThat(rollback.authorizedBy(Names.approve(plan)).execute().verdict())
                .isEqualTo(new Verdict.Compensated());

        assertThat(names.rows(superuser, LogicalTable.SOURCE_DOCUMENT_REGISTRY)).isZero();
        assertThat(names.rows(superuser, LogicalTable.SOURCE_DOCUMENT_VERSION_REGISTRY))
                .isZero();
        assertThat(SeedRollback.of(delta)
                        .failClosed(TestGovernance.failClosed())
                        .runId("rollback-a")
                        .on(target)
                        .plan()
                        .kind())
                .as("neither row exists: already rolled back")
                .isEqualTo(PlanKind.NOTHING_TO_DO);
    }

    @Test
    void seedDownstreamReferencesWithoutARulingAreRefused() {
        SeedDelta delta = Names.delta(SeedScenario.constitutionSource()
                .downstreamReferences(2)
                .schema(schema())
                .apply(superuser));
        Map<String, Long> before = names.state(superuser);

        CompensationResult result = SeedRollback.of(delta)
                .failClosed(TestGovernance.failClosed())
                .runId("rollback-refs")
                .on(target)
                .execute();

        assertThat(result.verdict()).isInstanceOf(Verdict.Refused.class);
        assertThat(((Verdict.Refused) result.verdict()).reason()).contains("=2").contains("STOP_AND_ESCALATE");
        assertThat(names.state(superuser)).isEqualTo(before);
    }

    @Test
    void seedRowsWithTheDeltasKeysButAnotherIdentityAreRefusedNamingEachColumn() {
        // Regression: this was NothingToDo ("already rolled back"), although RB-P1 says an identity
        // mismatch must stop and be reported.
        SeedDelta delta =
                Names.delta(SeedScenario.constitutionSource().schema(schema()).apply(superuser));
        PlainJdbc.run(
                superuser,
                "UPDATE " + names.table(LogicalTable.SOURCE_DOCUMENT_REGISTRY) + " SET "
                        + names.column(LogicalTable.SOURCE_DOCUMENT_REGISTRY, Column.DOCUMENT_REGISTERED_BY)
                        + " = 'someone-else'");
        Map<String, Long> before = names.state(superuser);
        FailClosed failClosed = TestGovernance.failClosed();

        SeedRollback rollback = SeedRollback.of(delta)
                .failClosed(failClosed)
                .runId("rollback-identity")
                .on(target);
        CompensationPlan plan = rollback.plan();
        CompensationResult result = rollback.execute();

        assertThat(plan.kind()).isEqualTo(PlanKind.ESCALATE);
        assertThat(plan.rationale())
                .contains("RB-P1")
                .contains("source_document_registry.registered_by: expected 'constitution-source-seed',"
                        + " found 'someone-else'");
        assertThat(result.verdict()).isInstanceOf(Verdict.Refused.class);
        assertThat(names.state(superuser)).as("nothing deleted").isEqualTo(before);
    }
}
