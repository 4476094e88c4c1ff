package io.github.cutterrevert.jooq;

import static io.github.cutterrevert.testkit.CutterAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cutterrevert.CompensationPlan;
import io.github.cutterrevert.CompensationResult;
import io.github.cutterrevert.Compensator;
import io.github.cutterrevert.InvalidPlanException;
import io.github.cutterrevert.NotApprovedException;
import io.github.cutterrevert.Phase;
import io.github.cutterrevert.PlanKind;
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

/** What the catalog and the evidence refuse: foreign keys, statuses, a world that changed. */
class RefusalIT {
    private TestDatabase db;
    private DataSource exec;
    private PostgresTarget target;

    @BeforeEach
    void baseline() {
        db = TestDatabase.create("jooq-refusal");
        ReferenceWorld.seedBaseline(db.dataSource());
        exec = db.dataSourceAs(TestDatabase.CUTTER_EXEC);
        target = PostgresTarget.of(exec);
        CutScenario.forRun("run-1")
                .changeSet("cs-1")
                .units(3)
                .failingAt(Phase.WRITE_VERIFY)
                .apply(db.dataSource());
    }

    @AfterEach
    void drop() {
        db.close();
    }

    private Compensator compensator() {
        return Compensator.forRun("run-1")
                .failClosed(TestGovernance.failClosed())
                .signedBy(TestGovernance.signer())
                .on(target)
                .failedAt(Phase.WRITE_VERIFY);
    }

    @Test
    void aProvenanceRowReferencingAUnitRefusesHardDeleteButSoftRevertStillWorks() {
        PlainJdbc.run(
                db.dataSource(),
                "INSERT INTO cutter_governance.source_document_registry (source_document_ref, address_docprefix, registered_by)"
                        + " VALUES ('doc-x', 'DX', 'test')");
        PlainJdbc.run(
                db.dataSource(),
                "INSERT INTO cutter_governance.source_document_version_registry"
                        + " (document_version_id, source_document_ref, content_checksum, registered_by)"
                        + " VALUES ('dv-x', 'doc-x', 'c0ffee', 'test')");
        PlainJdbc.run(
                db.dataSource(),
                "INSERT INTO public.iu_provenance (information_unit_id, document_version_id)"
                        + " SELECT information_unit_id, 'dv-x' FROM cutter_governance.cut_change_set_affected_row"
                        + " WHERE change_set_id = 'cs-1' ORDER BY information_unit_id LIMIT 1");
        Map<String, Object> before = Sql.state(db.dataSource());

        CompensationPlan hard = compensator().hardDelete().plan();
        assertThat(hard.kind()).isEqualTo(PlanKind.ESCALATE);
        assertThat(hard.rationale())
                .contains("1 row(s) of public.iu_provenance reference the change set's rows of public.information_unit")
                .contains("fk_iup_information_unit");
        assertThat(compensator().hardDelete().execute().verdict()).isInstanceOf(Verdict.Refused.class);
        assertThat(Sql.state(db.dataSource())).isEqualTo(before);

        Compensator soft = compensator();
        CompensationResult result = soft.authorizedBy(Sql.approve(soft.plan())).execute();
        assertThat(result.verdict()).isEqualTo(new Verdict.Compensated());
        assertThat(db).changeSet("cs-1").unitsAllHaveStatus("withdrawn").hasDecisionCount("reverted", 1);
    }

    @Test
    void aCascadingForeignKeyOntoUnitsRefusesHardDeleteEvenWithoutRows() {
        PlainJdbc.run(
                db.dataSource(),
                "CREATE TABLE public.unit_note (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
                        + " information_unit_id bigint CONSTRAINT fk_note_unit REFERENCES public.information_unit (id)"
                        + " ON DELETE CASCADE)");

        CompensationPlan hard = compensator().hardDelete().plan();

        assertThat(hard.kind()).isEqualTo(PlanKind.ESCALATE);
        assertThat(hard.rationale())
                .contains(
                        "foreign key fk_note_unit of public.unit_note references public.information_unit with ON DELETE CASCADE");
        Compensator soft = compensator();
        assertThat(soft.authorizedBy(Sql.approve(soft.plan())).execute().verdict())
                .isEqualTo(new Verdict.Compensated());
    }

    @Test
    void aStatusTheCheckConstraintDoesNotAllowIsRefusedNamingTheAllowedValues() {
        assertThatThrownBy(() -> compensator().softRevertTo("archived").plan())
                .isInstanceOf(InvalidPlanException.class)
                .hasMessageContaining("'archived' is not allowed by the schema")
                .hasMessageContaining("[draft, enacted, superseded, withdrawn]");
    }

    @Test
    void theAllowedStatusesAreReadFromTheDatabasesOwnCheckConstraints() {
        for (String table : new String[] {"information_unit", "unit_version"}) {
            PlainJdbc.run(
                    db.dataSource(),
                    "ALTER TABLE public." + table + " DROP CONSTRAINT " + table + "_lifecycle_status_check");
            PlainJdbc.run(
                    db.dataSource(),
                    "ALTER TABLE public." + table + " ADD CONSTRAINT " + table
                            + "_lifecycle_status_check CHECK (lifecycle_status IN ('draft', 'enacted', 'retired', 'it''s gone'))");
        }

        assertThatThrownBy(() -> compensator().plan())
                .isInstanceOf(InvalidPlanException.class)
                .hasMessageContaining("'withdrawn' is not allowed")
                .hasMessageContaining("[draft, enacted, it's gone, retired]");
        Compensator retire = compensator().softRevertTo("retired");
        assertThat(retire.authorizedBy(Sql.approve(retire.plan())).execute().verdict())
                .isEqualTo(new Verdict.Compensated());
        assertThat(db).changeSet("cs-1").unitsAllHaveStatus("retired");
    }

    @Test
    void enumStatusColumnsWorkBecauseStatusValuesAreBoundUntyped() {
        // Triggers that mention the column must go while its type changes.
        PlainJdbc.run(db.dataSource(), "DROP TRIGGER trg_iu_enacted_immut ON public.information_unit");
        PlainJdbc.run(db.dataSource(), "DROP TRIGGER trg_uv_enacted_immut ON public.unit_version");
        PlainJdbc.run(db.dataSource(), "CREATE TYPE public.unit_state AS ENUM ('draft', 'enacted', 'withdrawn')");
        for (String table : new String[] {"information_unit", "unit_version"}) {
            PlainJdbc.run(
                    db.dataSource(),
                    "ALTER TABLE public." + table + " DROP CONSTRAINT " + table + "_lifecycle_status_check");
            PlainJdbc.run(
                    db.dataSource(), "ALTER TABLE public." + table + " ALTER COLUMN lifecycle_status DROP DEFAULT");
            PlainJdbc.run(
                    db.dataSource(),
                    "ALTER TABLE public." + table
                            + " ALTER COLUMN lifecycle_status TYPE public.unit_state USING lifecycle_status::public.unit_state");
        }
        PlainJdbc.run(
                db.dataSource(),
                "CREATE TRIGGER trg_iu_enacted_immut BEFORE UPDATE OR DELETE ON public.information_unit"
                        + " FOR EACH ROW WHEN (OLD.lifecycle_status = 'enacted') EXECUTE FUNCTION public.fn_enacted_immut()");
        PlainJdbc.run(
                db.dataSource(),
                "CREATE TRIGGER trg_uv_enacted_immut BEFORE UPDATE OR DELETE ON public.unit_version"
                        + " FOR EACH ROW WHEN (OLD.lifecycle_status = 'enacted') EXECUTE FUNCTION public.fn_enacted_immut()");

        assertThatThrownBy(() -> compensator().softRevertTo("superseded").plan())
                .isInstanceOf(InvalidPlanException.class)
                .hasMessageContaining("[draft, enacted, withdrawn]");
        Compensator soft = compensator();
        assertThat(soft.authorizedBy(Sql.approve(soft.plan())).execute().verdict())
                .isEqualTo(new Verdict.Compensated());
        assertThat(db).changeSet("cs-1").unitsAllHaveStatus("withdrawn").hasDecisionCount("reverted", 1);
    }

    @Test
    void aUnitEnactedBetweenReviewAndExecutionMakesTheReviewedPlanUnapproved() {
        Compensator compensator = compensator();
        CompensationPlan reviewed = compensator.plan();
        PlainJdbc.count(
                db.dataSource(),
                "SELECT count(public.fn_iu_enact(information_unit_id)) FROM (SELECT information_unit_id"
                        + " FROM cutter_governance.cut_change_set_affected_row WHERE change_set_id = 'cs-1'"
                        + " ORDER BY information_unit_id LIMIT 1) AS first_unit");
        Map<String, Object> before = Sql.state(db.dataSource());

        assertThatThrownBy(() -> target.execute(new Execution(
                        reviewed,
                        source -> compensator().plan(),
                        Sql.approve(reviewed),
                        java.util.Optional.of(TestGovernance.signer()))))
                .isInstanceOf(NotApprovedException.class)
                .hasMessageContaining("the database changed since the plan was reviewed (ESCALATE");
        assertThat(Sql.state(db.dataSource())).isEqualTo(before);
    }

    @Test
    void aRunWithoutARecordedChangeSetCannotBePlanned() {
        assertThatThrownBy(() -> Compensator.forRun("run-unknown")
                        .failClosed(TestGovernance.failClosed())
                        .signedBy(TestGovernance.signer())
                        .on(target)
                        .failedAt(Phase.WRITE_VERIFY)
                        .plan())
                .isInstanceOf(InvalidPlanException.class)
                .hasMessageContaining("expected a cut_change_set row for the run");
    }

    @Test
    void aChangeSetOfAnotherRunIsRefused() {
        assertThatThrownBy(() -> Compensator.forRun("run-2")
                        .failClosed(TestGovernance.failClosed())
                        .signedBy(TestGovernance.signer())
                        .on(target)
                        .changeSet("cs-1")
                        .failedAt(Phase.WRITE_VERIFY)
                        .plan())
                .isInstanceOf(InvalidPlanException.class)
                .hasMessageContaining("records it for another run");
    }
}
