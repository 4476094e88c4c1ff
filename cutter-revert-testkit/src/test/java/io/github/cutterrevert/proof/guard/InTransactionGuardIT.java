package io.github.cutterrevert.proof.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cutterrevert.CompensationPlan;
import io.github.cutterrevert.CompensationResult;
import io.github.cutterrevert.Compensator;
import io.github.cutterrevert.FailClosed;
import io.github.cutterrevert.NotApprovedException;
import io.github.cutterrevert.Phase;
import io.github.cutterrevert.PlanKind;
import io.github.cutterrevert.Precondition;
import io.github.cutterrevert.PreconditionFailedException;
import io.github.cutterrevert.Verdict;
import io.github.cutterrevert.failclosed.CountingTarget;
import io.github.cutterrevert.jooq.PostgresTarget;
import io.github.cutterrevert.proof.race.Probe;
import io.github.cutterrevert.spi.Execution;
import io.github.cutterrevert.testkit.CutScenario;
import io.github.cutterrevert.testkit.PlainJdbc;
import io.github.cutterrevert.testkit.ReferenceWorld;
import io.github.cutterrevert.testkit.TestDatabase;
import io.github.cutterrevert.testkit.TestGovernance;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The checks made inside the execution transaction, each on its own: the re-derived plan's
 * fingerprint (even when the kind stays the same), the immutability triggers (every {@code
 * tgenabled} value PostgreSQL has) and "no unit enacted". Where the compensator's own check before
 * the transaction would catch the change first, the change is made after it (just before the
 * target executes), or the target is handed a re-planner that does not see it, so that only the
 * in-transaction check stands between the change and a commit.
 */
class InTransactionGuardIT {
    private TestDatabase db;
    private DataSource admin;
    private CountingTarget target;
    private FailClosed failClosed;

    @BeforeEach
    void failedCut() {
        db = TestDatabase.create("proof-guards");
        admin = db.dataSource();
        ReferenceWorld.seedBaseline(admin);
        CutScenario.forRun("run-1")
                .changeSet("cs-1")
                .units(3)
                .versionsPerUnit(1)
                .failingAt(Phase.WRITE_VERIFY)
                .apply(admin);
        target = new CountingTarget(PostgresTarget.of(db.dataSourceAs(TestDatabase.CUTTER_EXEC)));
        failClosed = TestGovernance.failClosed();
    }

    @AfterEach
    void drop() {
        db.close();
    }

    private Compensator compensator() {
        return Compensator.forRun("run-1")
                .on(target)
                .failedAt(Phase.WRITE_VERIFY)
                .failClosed(failClosed)
                .signedBy(TestGovernance.signer());
    }

    @Test
    void aDraftVersionAddedAfterTheApprovalCheckEndsInNotApprovedWithNothingWritten() {
        // 5(a): a reviewed hard delete; one more draft version joins the change set after the
        // compensator compared the fingerprint and before the target's transaction. The kind stays
        // COMPENSATE; only the in-transaction fingerprint comparison can refuse it.
        Compensator hard = compensator().hardDelete();
        CompensationPlan reviewed = hard.plan();
        hard.authorizedBy(Probe.approve(reviewed));
        AtomicReference<Map<String, Object>> before = new AtomicReference<>();
        target.beforeNextExecute(() -> {
            PlainJdbc.run(
                    admin,
                    "INSERT INTO public.unit_version (information_unit_id, version_no, body)"
                            + " SELECT id, 2, 'added after review' FROM public.information_unit WHERE address = 'cs-1/iu-1'");
            before.set(Probe.state(admin));
        });

        assertThatThrownBy(hard::execute).isInstanceOfSatisfying(NotApprovedException.class, e -> {
            assertThat(e).hasMessageContaining("the database changed since the plan was reviewed (COMPENSATE");
            assertThat(e.approvedFingerprint()).contains(reviewed.fingerprint());
            assertThat(e.planFingerprint()).isNotEqualTo(reviewed.fingerprint());
        });

        assertThat(target.executes.get())
                .as("the target's transaction was reached")
                .isEqualTo(1);
        assertThat(Probe.state(admin)).as("nothing written").isEqualTo(before.get());
        assertThat(Probe.units(admin, "cs-1", "draft")).isEqualTo(3);
        Probe.assertNotHeld(failClosed);
    }

    @ParameterizedTest(name = "{0} -> tgenabled {1}")
    @CsvSource({"ENABLE, O, true", "DISABLE, D, false", "ENABLE REPLICA, R, false", "ENABLE ALWAYS, A, true"})
    void aTriggerThatDoesNotFireInANormalSessionEscalatesAtPlanTime(String alter, String tgenabled, boolean fires) {
        // 5(b): only O (origin) and A (always) fire for the orchestrator's sessions.
        PlainJdbc.run(admin, "ALTER TABLE public.information_unit " + alter + " TRIGGER trg_iu_enacted_immut");
        assertThat(PlainJdbc.text(
                        admin, "SELECT tgenabled::text FROM pg_trigger WHERE tgname = 'trg_iu_enacted_immut'"))
                .isEqualTo(tgenabled);

        CompensationPlan plan = compensator().plan();

        if (fires) {
            assertThat(plan.kind()).isEqualTo(PlanKind.COMPENSATE);
            assertThat(compensator().authorizedBy(Probe.approve(plan)).execute().verdict())
                    .isEqualTo(new Verdict.Compensated());
            return;
        }
        assertThat(plan.kind()).isEqualTo(PlanKind.ESCALATE);
        assertThat(plan.rationale()).contains("trg_iu_enacted_immut");
        Map<String, Object> before = Probe.state(admin);
        CompensationResult refused =
                compensator().authorizedBy(Probe.approve(plan)).execute();
        assertThat(refused.verdict()).isInstanceOf(Verdict.Refused.class);
        assertThat(refused.escalation()).isPresent();
        assertThat(Probe.state(admin)).as("nothing written").isEqualTo(before);
        Probe.assertFailedClosed(failClosed, "run-1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"DISABLE", "ENABLE REPLICA"})
    void aTriggerDisabledAfterApprovalFailsTheInTransactionGuard(String alter) {
        // 5(b): the plan was approved with both triggers firing. The re-planner handed to the target
        // is the stale, approved plan, so only the guard inside the transaction can see the change.
        CompensationPlan reviewed = compensator().plan();
        PlainJdbc.run(admin, "ALTER TABLE public.unit_version " + alter + " TRIGGER trg_uv_enacted_immut");
        Map<String, Object> before = Probe.state(admin);

        assertThatThrownBy(() -> target.execute(new Execution(
                        reviewed, source -> reviewed, Probe.approve(reviewed), Optional.of(TestGovernance.signer()))))
                .isInstanceOfSatisfying(PreconditionFailedException.class, e -> assertThat(e.precondition())
                        .isInstanceOf(Precondition.ImmutabilityTriggersEnabled.class));
        assertThat(Probe.state(admin)).as("rolled back: nothing written").isEqualTo(before);
    }

    @Test
    void aUnitEnactedAfterApprovalFailsTheNoUnitEnactedGuardOnItsOwn() {
        CompensationPlan reviewed = compensator().plan();
        PlainJdbc.count(
                admin, "SELECT count(public.fn_iu_enact(id)) FROM public.information_unit WHERE address = 'cs-1/iu-2'");
        Map<String, Object> before = Probe.state(admin);

        assertThatThrownBy(() -> target.execute(new Execution(
                        reviewed, source -> reviewed, Probe.approve(reviewed), Optional.of(TestGovernance.signer()))))
                .isInstanceOfSatisfying(PreconditionFailedException.class, e -> {
                    assertThat(e.precondition()).isInstanceOf(Precondition.NoUnitEnacted.class);
                    assertThat(e.actual()).startsWith("1 ");
                });
        assertThat(Probe.state(admin)).as("rolled back: nothing written").isEqualTo(before);
        assertThat(Probe.units(admin, "cs-1", "enacted")).isEqualTo(1);
        assertThat(Probe.units(admin, "cs-1", "draft")).isEqualTo(2);
    }
}
