package io.github.cutterrevert.proof.race;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cutterrevert.CompensationResult;
import io.github.cutterrevert.Compensator;
import io.github.cutterrevert.FailClosed;
import io.github.cutterrevert.Mode;
import io.github.cutterrevert.NotApprovedException;
import io.github.cutterrevert.PlanStep;
import io.github.cutterrevert.Verdict;
import io.github.cutterrevert.jooq.PostgresTarget;
import io.github.cutterrevert.testkit.PlainJdbc;
import io.github.cutterrevert.testkit.TestGovernance;
import java.time.Duration;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code execute()} starts from a plan made from evidence read before its transaction (by {@code
 * plan()} on the same compensator, or by itself) and checks that plan inside the transaction by the
 * plan's own statements plus the change set's ledger facts, instead of reading the whole evidence
 * again. Here the database changes in the window that check covers: after the evidence was read and
 * before the transaction's first statement (a hook on the data source commits the change just before
 * the lock is taken). Each change makes the plan another plan, so the execution must refuse as
 * "changed since review" and write nothing, and no HOLD is placed (a human re-plans). Each test
 * fails when the check it names is removed.
 */
class ChangedBeforeTheLockIT {
    private static final Duration LOCK_TIMEOUT = Duration.ofSeconds(5);

    private Fixture fixture;

    @BeforeEach
    void cut() {
        fixture = Fixture.create("proof-before-lock");
    }

    @AfterEach
    void drop() {
        fixture.close();
    }

    /** The change set's ledger rows are read again: a verify_result row means write_verify committed. */
    @ParameterizedTest
    @EnumSource(Mode.class)
    void aVerifyResultCommittedBeforeTheLockMakesTheExecutionRefuse(Mode mode) {
        assertRefusedAndUnchanged(
                mode,
                "INSERT INTO cutter_governance.verify_result (change_set_id, verdict) VALUES ('cs-1', 'pass')",
                Fixture.UNITS * Fixture.VERSIONS_PER_UNIT);
    }

    /** The reverted decisions are read again: a second compensating decision is never appended. */
    @ParameterizedTest
    @EnumSource(Mode.class)
    void aRevertedDecisionCommittedBeforeTheLockMakesTheExecutionRefuse(Mode mode) {
        assertRefusedAndUnchanged(
                mode,
                "INSERT INTO cutter_governance.review_decision (change_set_id, decision, decided_by, note)"
                        + " VALUES ('cs-1', 'reverted', 'someone-else', 'by hand')",
                Fixture.UNITS * Fixture.VERSIONS_PER_UNIT);
    }

    /** The enacted-units guard is read with the lock: an enacted unit is never touched. */
    @ParameterizedTest
    @EnumSource(Mode.class)
    void aUnitEnactedBeforeTheLockMakesTheExecutionRefuse(Mode mode) {
        long unit = fixture.unitId(2);
        FailClosed failClosed = TestGovernance.failClosed();
        Compensator compensator = reviewed(failClosed, mode, "SELECT public.fn_iu_enact(" + unit + ")");
        Map<String, Object> before = Probe.state(fixture.admin());

        assertThatThrownBy(compensator::execute)
                .isInstanceOf(NotApprovedException.class)
                .hasMessageContaining("enacted");

        assertThat(Probe.units(fixture.admin(), Fixture.CHANGE_SET, "enacted")).isEqualTo(1);
        assertThat(Probe.units(fixture.admin(), Fixture.CHANGE_SET, "draft")).isEqualTo(Fixture.UNITS - 1);
        assertThat(Probe.decisions(fixture.admin(), Fixture.CHANGE_SET)).isZero();
        assertThat(PlainJdbc.count(fixture.admin(), "SELECT count(*) FROM public.unit_version"))
                .isEqualTo(before.get("public.unit_version"));
        Probe.assertNotHeld(failClosed);
    }

    /**
     * The catalog is read in the same round trip as the lock: a soft-revert status the schema no
     * longer allows is refused by name before anything is written, not found by a CHECK violation in
     * the middle of the writes. Found inside the transaction, it fails closed like any failure there.
     */
    @Test
    void aStatusNoLongerAllowedBeforeTheLockIsRefusedBeforeAnyWrite() {
        FailClosed failClosed = TestGovernance.failClosed();
        Compensator compensator = reviewed(
                failClosed,
                Mode.SOFT_REVERT,
                "ALTER TABLE public.information_unit DROP CONSTRAINT information_unit_lifecycle_status_check,"
                        + " ADD CONSTRAINT information_unit_lifecycle_status_check"
                        + " CHECK (lifecycle_status IN ('draft', 'enacted', 'superseded'))");

        assertThatThrownBy(compensator::execute)
                .isInstanceOf(io.github.cutterrevert.InvalidPlanException.class)
                .hasMessageContaining("'withdrawn' is not allowed");

        assertThat(Probe.units(fixture.admin(), Fixture.CHANGE_SET, "draft")).isEqualTo(Fixture.UNITS);
        assertThat(draftVersions()).isEqualTo(Fixture.UNITS * Fixture.VERSIONS_PER_UNIT);
        assertThat(Probe.decisions(fixture.admin(), Fixture.CHANGE_SET)).isZero();
        Probe.assertFailedClosed(failClosed, Fixture.RUN);
    }

    /**
     * A unit table the plan does not write (its versions were no longer draft when it was made) is
     * counted with the lock: a version back in draft is not left behind.
     */
    @Test
    void aVersionBackInDraftBeforeTheLockMakesAPlanWithoutAVersionStepRefuse() {
        PlainJdbc.run(
                fixture.admin(),
                "UPDATE public.unit_version SET lifecycle_status = 'withdrawn' WHERE information_unit_id IN"
                        + " (SELECT information_unit_id FROM cutter_governance.cut_change_set_affected_row"
                        + " WHERE change_set_id = 'cs-1')");
        FailClosed failClosed = TestGovernance.failClosed();
        Compensator compensator = reviewed(
                failClosed,
                Mode.SOFT_REVERT,
                "UPDATE public.unit_version SET lifecycle_status = 'draft' WHERE id = (SELECT min(id) FROM"
                        + " public.unit_version WHERE information_unit_id = " + fixture.unitId(1) + ")");
        assertThat(compensator.plan().steps())
                .as("the plan writes the units only")
                .noneMatch(step -> step instanceof PlanStep.SoftRevert soft
                        && soft.table() == io.github.cutterrevert.LogicalTable.UNIT_VERSION);

        assertThatThrownBy(compensator::execute).isInstanceOf(NotApprovedException.class);

        assertThat(Probe.units(fixture.admin(), Fixture.CHANGE_SET, "draft")).isEqualTo(Fixture.UNITS);
        assertThat(draftVersions()).isEqualTo(1);
        assertThat(Probe.decisions(fixture.admin(), Fixture.CHANGE_SET)).isZero();
        Probe.assertNotHeld(failClosed);
    }

    /**
     * Without a change the check passes: the transaction sends the runbook's statements (guard,
     * writes, decision, re-count) plus the chain's head, and a hard delete its downstream count.
     */
    @ParameterizedTest
    @EnumSource(Mode.class)
    void anUnchangedPlanIsExecutedInAConstantNumberOfStatements(Mode mode) {
        FailClosed failClosed = TestGovernance.failClosed();
        Compensator compensator = reviewed(failClosed, mode, null);

        CompensationResult result = compensator.execute();

        assertThat(result.verdict()).isEqualTo(new Verdict.Compensated());
        assertThat(result.statements())
                .as("one round trip (timeouts, lock, counts, guards, catalog, the chain's head), the writes, the"
                        + " decision, the re-count; a hard delete also counts downstream references")
                .isEqualTo(mode == Mode.SOFT_REVERT ? 5 : 6);
        assertThat(Probe.units(fixture.admin(), Fixture.CHANGE_SET, "draft")).isZero();
        assertThat(Probe.decisions(fixture.admin(), Fixture.CHANGE_SET)).isEqualTo(1);
    }

    /**
     * A target that has read the foreign keys onto the units before builds the downstream guard from
     * them into the transaction's first statement, so a hard delete sends one statement fewer.
     */
    @Test
    void aHardDeleteOnATargetThatReadItsForeignKeysBeforeCountsDownstreamInTheFirstStatement() {
        FailClosed failClosed = TestGovernance.failClosed();
        Compensator compensator = fixture.reviewed(fixture.target(LOCK_TIMEOUT), failClosed, Mode.HARD_DELETE);
        compensator.preview();

        CompensationResult result = compensator.execute();

        assertThat(result.verdict()).isEqualTo(new Verdict.Compensated());
        assertThat(result.statements())
                .as("one round trip (with the downstream count and the chain's head), the two deletes, the"
                        + " decision, the re-count")
                .isEqualTo(5);
        assertThat(unitsOfTheChangeSet()).isZero();
    }

    /**
     * The downstream guard built from the foreign keys the target read before counts only if they are
     * still the same: a table referencing the units, created (with a row referencing one of them)
     * after they were read, makes the execution read everything again and refuse as changed since
     * review. Nothing is deleted and no HOLD is placed; without the comparison the deletes would run
     * and the units' DELETE would fail on the new key (a failure, HOLD).
     */
    @Test
    void aForeignKeyAddedAfterTheTargetReadThemMakesAHardDeleteRefuse() {
        FailClosed failClosed = TestGovernance.failClosed();
        Compensator compensator = fixture.reviewed(fixture.target(LOCK_TIMEOUT), failClosed, Mode.HARD_DELETE);
        compensator.preview();
        long unit = fixture.unitId(1);
        createCitationTable();
        PlainJdbc.run(fixture.admin(), "INSERT INTO public.unit_citation (information_unit_id) VALUES (?)", unit);

        assertThatThrownBy(compensator::execute)
                .isInstanceOf(NotApprovedException.class)
                .hasMessageContaining("changed since the plan was reviewed");

        assertThat(Probe.units(fixture.admin(), Fixture.CHANGE_SET, "draft")).isEqualTo(Fixture.UNITS);
        assertThat(draftVersions()).isEqualTo(Fixture.UNITS * Fixture.VERSIONS_PER_UNIT);
        assertThat(PlainJdbc.count(fixture.admin(), "SELECT count(*) FROM public.unit_citation"))
                .isEqualTo(1);
        assertThat(Probe.decisions(fixture.admin(), Fixture.CHANGE_SET)).isZero();
        Probe.assertNotHeld(failClosed);
    }

    /**
     * A referencing table the target knew of, dropped since: the downstream count built from the
     * foreign keys read before cannot run, so the execution reads everything again and, the plan
     * being the same, compensates; nothing fails closed.
     */
    @Test
    void aReferencingTableDroppedAfterTheTargetReadItDoesNotStopAHardDelete() {
        createCitationTable();
        FailClosed failClosed = TestGovernance.failClosed();
        Compensator compensator = fixture.reviewed(fixture.target(LOCK_TIMEOUT), failClosed, Mode.HARD_DELETE);
        compensator.preview();
        PlainJdbc.run(fixture.admin(), "DROP TABLE public.unit_citation");

        CompensationResult result = compensator.execute();

        assertThat(result.verdict()).isEqualTo(new Verdict.Compensated());
        assertThat(unitsOfTheChangeSet()).isZero();
        assertThat(Probe.decisions(fixture.admin(), Fixture.CHANGE_SET)).isEqualTo(1);
        Probe.assertNotHeld(failClosed);
    }

    private void assertRefusedAndUnchanged(Mode mode, String change, long versions) {
        FailClosed failClosed = TestGovernance.failClosed();
        Compensator compensator = reviewed(failClosed, mode, change);
        Map<String, Object> before = Probe.state(fixture.admin());

        assertThatThrownBy(compensator::execute)
                .isInstanceOf(NotApprovedException.class)
                .hasMessageContaining("changed since the plan was reviewed");

        assertThat(Probe.units(fixture.admin(), Fixture.CHANGE_SET, "draft")).isEqualTo(Fixture.UNITS);
        assertThat(draftVersions()).isEqualTo(versions);
        assertThat(PlainJdbc.count(fixture.admin(), "SELECT count(*) FROM public.information_unit"))
                .isEqualTo(before.get("public.information_unit"));
        assertThat(PlainJdbc.count(
                        fixture.admin(),
                        "SELECT count(*) FROM cutter_governance.review_decision"
                                + " WHERE decision = 'reverted' AND decided_by <> 'someone-else'"))
                .as("no compensating decision appended")
                .isZero();
        Probe.assertNotHeld(failClosed);
    }

    /** A table referencing the units through a plain (RESTRICT) foreign key, readable by everyone. */
    private void createCitationTable() {
        PlainJdbc.run(
                fixture.admin(),
                "CREATE TABLE public.unit_citation (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
                        + " information_unit_id bigint NOT NULL CONSTRAINT fk_citation_unit"
                        + " REFERENCES public.information_unit (id))");
        PlainJdbc.run(fixture.admin(), "GRANT SELECT ON public.unit_citation TO PUBLIC");
    }

    /** The change set's units left, whatever their status. */
    private long unitsOfTheChangeSet() {
        return PlainJdbc.count(
                fixture.admin(),
                "SELECT count(*) FROM public.information_unit WHERE address LIKE '" + Fixture.CHANGE_SET + "/%'");
    }

    private long draftVersions() {
        return PlainJdbc.count(
                fixture.admin(),
                "SELECT count(*) FROM public.unit_version WHERE lifecycle_status = 'draft' AND information_unit_id IN"
                        + " (SELECT information_unit_id FROM cutter_governance.cut_change_set_affected_row"
                        + " WHERE change_set_id = 'cs-1')");
    }

    /** Reviewed now; {@code change} (if any) is committed just before the execution's first lock. */
    private Compensator reviewed(FailClosed failClosed, Mode mode, String change) {
        DataSource exec = change == null
                ? fixture.exec()
                : WrappedDataSource.onceBefore(
                        fixture.exec(), "pg_try_advisory_xact_lock", () -> PlainJdbc.run(fixture.admin(), change));
        PostgresTarget target =
                PostgresTarget.builder(exec).lockTimeout(LOCK_TIMEOUT).build();
        return fixture.reviewed(target, failClosed, mode);
    }
}
