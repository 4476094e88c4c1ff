package io.github.cutterrevert.adopt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.cutterrevert.CompensationPlan;
import io.github.cutterrevert.Compensator;
import io.github.cutterrevert.DatabaseReadException;
import io.github.cutterrevert.FailClosed;
import io.github.cutterrevert.Phase;
import io.github.cutterrevert.PhaseOwnership;
import io.github.cutterrevert.PlanKind;
import io.github.cutterrevert.SchemaContractException;
import io.github.cutterrevert.StepFailedException;
import io.github.cutterrevert.jooq.PostgresTarget;
import io.github.cutterrevert.jooq.SchemaBinding;
import io.github.cutterrevert.jooq.SchemaBinding.Column;
import io.github.cutterrevert.testkit.CapturedStderr;
import io.github.cutterrevert.testkit.CutScenario;
import io.github.cutterrevert.testkit.PlainJdbc;
import io.github.cutterrevert.testkit.SchemaVariant;
import io.github.cutterrevert.testkit.TestDatabase;
import io.github.cutterrevert.testkit.TestGovernance;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Adopting the library on a schema written independently of the project ({@link
 * SchemaVariant#RENAMED}): each problem a new user met, on that schema. Each test failed before
 * the fix named in its comment.
 */
class RenamedSchemaIT {
    private static final String LIMITED = "adopt_limited";

    private TestDatabase db;
    private DataSource superuser;
    private Names names;

    @BeforeEach
    void database() {
        db = TestDatabase.create("adopt-renamed", SchemaVariant.RENAMED);
        superuser = db.dataSource();
        names = new Names(db.binding());
    }

    @AfterEach
    void drop() {
        db.close();
    }

    private PostgresTarget target(SchemaBinding binding) {
        return PostgresTarget.builder(db.dataSourceAs(TestDatabase.CUTTER_EXEC))
                .binding(binding)
                .build();
    }

    private Compensator compensator(String run, PostgresTarget target, FailClosed failClosed, Phase failedAt) {
        return Compensator.forRun(run)
                .failClosed(failClosed)
                .signedBy(TestGovernance.signer())
                .on(target)
                .failedAt(failedAt);
    }

    private void cut(String run, Phase failingAt) {
        CutScenario.forRun(run)
                .changeSet("cs-" + run)
                .schema(SchemaVariant.RENAMED)
                .failingAt(failingAt)
                .apply(superuser);
    }

    // ---- 1. phase ownership --------------------------------------------------------------------

    @Test
    void anEnvelopeWrittenInLegAIsNoDisagreementWhenTheBindingSaysSo() {
        // Regression: the planner attributed manifest_envelope to leg_b_record in code, so every
        // leg_b_record failure of this schema escalated. With the default ownership it still does.
        cut("run-own", Phase.LEG_B_RECORD);
        SchemaBinding defaultOwnership = db.binding().toBuilder()
                .phaseOwnership(PhaseOwnership.defaults())
                .build();

        CompensationPlan declared = compensator(
                        "run-own", target(db.binding()), TestGovernance.failClosed(), Phase.LEG_B_RECORD)
                .plan();
        CompensationPlan assumed = compensator(
                        "run-own", target(defaultOwnership), TestGovernance.failClosed(), Phase.LEG_B_RECORD)
                .plan();

        assertThat(declared.kind()).as(declared.rationale()).isEqualTo(PlanKind.COMPENSATE);
        assertThat(declared.appendsDecision()).as("A only").isFalse();
        assertThat(assumed.kind()).isEqualTo(PlanKind.ESCALATE);
        assertThat(assumed.rationale()).contains("1 manifest_envelope (leg_b_record)");
    }

    // ---- 2. the schema contract, checked up front --------------------------------------------

    @Test
    void aBindingNamingAMissingColumnIsReportedBeforeAnythingIsWrittenAndNeverHolds() {
        // Regression: plan() succeeded, execute() failed with 42703 at the ledger step and HOLD.
        cut("run-col", Phase.WRITE_VERIFY);
        Map<String, Long> before = names.state(superuser);
        PostgresTarget target = target(db.binding().toBuilder()
                .column(Column.REVERT_RUN_ID, "undo_run")
                .build());
        FailClosed failClosed = TestGovernance.failClosed();

        SchemaContractException validated = catchThrowableOfType(SchemaContractException.class, target::validate);
        assertThatThrownBy(() -> compensator("run-col", target, failClosed, Phase.WRITE_VERIFY)
                        .authorizedBy(io.github.cutterrevert.Authority.none())
                        .execute())
                .isInstanceOf(SchemaContractException.class);

        assertThat(validated.problems())
                .extracting(Object::toString)
                .containsExactly(
                        "audit.ruling.undo_run: expected a column (bound as REVERT_RUN_ID), found no such column");
        assertThat(failClosed.hold())
                .as("a configuration problem never places a HOLD")
                .isEmpty();
        assertThat(names.state(superuser)).isEqualTo(before);
    }

    @Test
    void aDatabaseWithoutTheBoundTablesIsReportedWholeAndTyped() {
        // Regression: plan() threw jOOQ's raw DataAccessException (42P01) with the full SQL.
        try (TestDatabase reference = TestDatabase.create("adopt-missing", SchemaVariant.REFERENCE)) {
            PostgresTarget target = PostgresTarget.builder(reference.dataSource())
                    .binding(SchemaVariant.RENAMED.binding())
                    .build();

            SchemaContractException e =
                    catchThrowableOfType(SchemaContractException.class, () -> Compensator.forRun("run-x")
                            .on(target)
                            .changeSet("cs-x")
                            .failedAt(Phase.WRITE_VERIFY)
                            .plan());

            assertThat(e.problems())
                    .extracting(Object::toString)
                    .contains(
                            "kern: expected a schema, found no such schema",
                            "audit: expected a schema, found no such schema",
                            "ops.make_item: expected a function (bound as CREATE_FUNCTION), found no such function",
                            "ops.put_in_force: expected a function (bound as ENACT_FUNCTION), found no such function");
            assertThat(e.getMessage())
                    .as("no trigger reported missing on a table whose schema is missing")
                    .contains("4 problems")
                    .doesNotContainIgnoringCase("select");
        }
    }

    @Test
    void aDecisionTableWithoutItsSigningColumnOrWithAnUnwrittenNotNullColumnIsReported() {
        cut("run-sign", Phase.WRITE_VERIFY);
        PlainJdbc.run(superuser, "ALTER TABLE audit.ruling DROP COLUMN chain_sig");
        PlainJdbc.run(superuser, "ALTER TABLE audit.ruling ADD COLUMN tenant text NOT NULL");
        Map<String, Long> before = names.state(superuser);
        FailClosed failClosed = TestGovernance.failClosed();
        Compensator compensator = compensator("run-sign", target(db.binding()), failClosed, Phase.WRITE_VERIFY);

        SchemaContractException e = catchThrowableOfType(SchemaContractException.class, compensator::preview);

        assertThat(e.problems())
                .extracting(Object::toString)
                .containsExactlyInAnyOrder(
                        "audit.ruling.chain_sig: expected a column (bound as DECISION_SIGNATURE), found no such column",
                        "audit.ruling.tenant: expected a default or NULL allowed (the compensating decision does not"
                                + " write this column), found NOT NULL without a default");
        assertThatThrownBy(() -> compensator
                        .authorizedBy(io.github.cutterrevert.Authority.none())
                        .execute())
                .isInstanceOf(SchemaContractException.class);
        assertThat(failClosed.hold()).isEmpty();
        assertThat(names.state(superuser)).isEqualTo(before);
    }

    @Test
    void aRoleWithFewerPrivilegesCanPlanButValidateAndExecuteReportWhatItLacksBeforeWriting() {
        cut("run-priv", Phase.WRITE_VERIFY);
        PlainJdbc.run(
                superuser,
                "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + LIMITED + "') THEN"
                        + " CREATE ROLE " + LIMITED + " LOGIN PASSWORD '" + LIMITED + "'; END IF; END $$");
        PlainJdbc.run(superuser, "GRANT USAGE ON SCHEMA kern, audit, ops TO " + LIMITED);
        PlainJdbc.run(superuser, "GRANT SELECT ON ALL TABLES IN SCHEMA kern, audit TO " + LIMITED);
        // UPDATE of the revision status only; no UPDATE of the item status, no INSERT on the ledger.
        PlainJdbc.run(superuser, "GRANT UPDATE (rev_state) ON kern.item_revision TO " + LIMITED);
        Map<String, Long> before = names.state(superuser);
        PostgresTarget limited = PostgresTarget.builder(db.dataSourceAs(LIMITED))
                .binding(db.binding())
                .build();
        FailClosed failClosed = TestGovernance.failClosed();
        Compensator compensator = compensator("run-priv", limited, failClosed, Phase.WRITE_VERIFY);

        CompensationPlan plan = compensator.plan();
        SchemaContractException validated = catchThrowableOfType(SchemaContractException.class, limited::validate);
        SchemaContractException executed = catchThrowableOfType(
                SchemaContractException.class,
                () -> compensator.authorizedBy(Names.approve(plan)).execute());

        assertThat(plan.kind()).as("reading needs SELECT only").isEqualTo(PlanKind.COMPENSATE);
        List<String> expected = List.of(
                "kern.content_item.phase_state: expected UPDATE privilege for the current role, found not granted",
                "audit.ruling.batch_ref: expected INSERT privilege for the current role, found not granted",
                "audit.ruling.chain_sig: expected INSERT privilege for the current role, found not granted");
        assertThat(validated.problems()).extracting(Object::toString).containsAll(expected);
        assertThat(validated.problems())
                .extracting(Object::toString)
                .noneMatch(problem -> problem.startsWith("kern.item_revision.rev_state"));
        assertThat(executed.problems()).extracting(Object::toString).containsAll(expected);
        assertThat(failClosed.hold()).as("nothing was written: no HOLD").isEmpty();
        assertThat(names.state(superuser)).isEqualTo(before);
    }

    @Test
    void aFailedReadIsTypedWithItsSqlStateAndTheDriversException() {
        // Regression: read methods let jOOQ's DataAccessException (with the SQL) through.
        cut("run-read", Phase.WRITE_VERIFY);
        PostgresTarget target = target(db.binding());
        target.validate();
        PlainJdbc.run(superuser, "ALTER TABLE audit.batch_member RENAME TO batch_member_gone");

        DatabaseReadException e = catchThrowableOfType(DatabaseReadException.class, () -> compensator(
                        "run-read", target, TestGovernance.failClosed(), Phase.WRITE_VERIFY)
                .plan());

        assertThat(e.sqlState()).contains("42P01");
        assertThat(e.getCause()).isInstanceOf(DataAccessException.class);
        assertThat(e.getMessage()).doesNotContainIgnoringCase("select");
        assertThatThrownBy(target::validate)
                .isInstanceOfSatisfying(SchemaContractException.class, c -> assertThat(c.problems())
                        .extracting(Object::toString)
                        .contains("audit.batch_member: expected a table (bound as CUT_CHANGE_SET_AFFECTED_ROW),"
                                + " found no such table"));
    }

    // ---- 3. a faithful preview ---------------------------------------------------------------

    @Test
    void previewRunsTheSignedAppendSoASigningProblemShowsThereAndNeverHolds() {
        // Regression: preview() appended an unsigned decision, passed, and execute() then failed
        // at the ledger step and placed a HOLD. This ledger refuses signed decisions.
        cut("run-faith", Phase.WRITE_VERIFY);
        PlainJdbc.run(superuser, "ALTER TABLE audit.ruling ADD CONSTRAINT ruling_unsigned CHECK (chain_sig IS NULL)");
        Map<String, Long> before = names.state(superuser);
        FailClosed failClosed = TestGovernance.failClosed();

        assertThatThrownBy(() -> compensator("run-faith", target(db.binding()), failClosed, Phase.WRITE_VERIFY)
                        .preview())
                .isInstanceOfSatisfying(StepFailedException.class, e -> {
                    assertThat(e.sqlState()).contains("23514");
                    assertThat(e.table()).isEqualTo("audit.ruling");
                });
        assertThat(failClosed.hold()).isEmpty();
        assertThat(names.state(superuser)).isEqualTo(before);
    }

    // ---- 5. an unconstrained status column warns once per target, or not at all if declared --

    @Test
    void anUnconstrainedUndeclaredStatusColumnWarnsOncePerTargetAndADeclarationSilencesIt() {
        cut("run-warn", Phase.WRITE_VERIFY);
        SchemaBinding declared = db.binding();
        SchemaBinding undeclared = new SchemaBinding(
                declared.tables(),
                declared.columns(),
                declared.tableColumns(),
                declared.statuses(),
                declared.catalogObjects(),
                declared.functionSchema(),
                Map.of(),
                declared.phaseOwnership(),
                declared.holdTable());

        String warned = captured(() -> {
            PostgresTarget target = target(undeclared);
            for (int i = 0; i < 3; i++) {
                compensator("run-warn", target, TestGovernance.failClosed(), Phase.WRITE_VERIFY)
                        .plan();
            }
        });
        String silent = captured(() -> {
            PostgresTarget target = target(declared);
            for (int i = 0; i < 3; i++) {
                compensator("run-warn", target, TestGovernance.failClosed(), Phase.WRITE_VERIFY)
                        .plan();
            }
        });

        assertThat(count(warned, "kern.item_revision.rev_state: no CHECK"))
                .as("one WARN for three plans of one target:\n" + warned)
                .isEqualTo(1);
        assertThat(silent).doesNotContain("kern.item_revision.rev_state");
    }

    private static int count(String text, String part) {
        int found = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            found++;
        }
        return found;
    }

    /** Runs the work with System.err (where slf4j-simple writes) copied into a buffer. */
    private static String captured(Runnable work) {
        return CapturedStderr.during(work::run);
    }
}
