package io.github.cutterrevert.jooq;

import static io.github.cutterrevert.testkit.CutterAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.cutterrevert.CompensationPlan;
import io.github.cutterrevert.CompensationResult;
import io.github.cutterrevert.Mode;
import io.github.cutterrevert.PlanKind;
import io.github.cutterrevert.SeedDelta;
import io.github.cutterrevert.SeedRollback;
import io.github.cutterrevert.Verdict;
import io.github.cutterrevert.testkit.PlainJdbc;
import io.github.cutterrevert.testkit.SeedScenario;
import io.github.cutterrevert.testkit.SeedScenarioResult;
import io.github.cutterrevert.testkit.TestDatabase;
import io.github.cutterrevert.testkit.TestGovernance;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Seed 004: path A (clean DELETE, child first), path B (retire), or escalate. */
class SeedRollbackIT {
    private static final String REGISTRY = "cutter_governance.source_document_registry";
    private static final String VERSIONS = "cutter_governance.source_document_version_registry";

    private TestDatabase db;
    private PostgresTarget target;

    @BeforeEach
    void database() {
        db = TestDatabase.create("jooq-seed");
        target = PostgresTarget.of(db.dataSourceAs(TestDatabase.CUTTER_EXEC));
    }

    @AfterEach
    void drop() {
        db.close();
    }

    private static SeedDelta delta(SeedScenarioResult seed) {
        TreeMap<String, String> parent = new TreeMap<>();
        parent.put("source_document_ref", seed.sourceDocumentRef());
        parent.put("address_docprefix", seed.addressDocprefix());
        parent.put("registered_by", seed.registeredBy());
        TreeMap<String, String> child = new TreeMap<>();
        child.put("source_document_ref", seed.sourceDocumentRef());
        child.put("content_checksum", seed.contentChecksum());
        child.put("document_version_id", seed.documentVersionId());
        child.put("registered_by", seed.registeredBy());
        return new SeedDelta(parent, child);
    }

    @Test
    void pathADeletesTheExactDeltaChildFirstAndASecondRunHasNothingToDo() {
        SeedDelta delta = delta(SeedScenario.constitutionSource().apply(db.dataSource()));
        SeedRollback rollback = SeedRollback.of(delta)
                .failClosed(TestGovernance.failClosed())
                .runId("rollback-1")
                .on(target);
        CompensationPlan plan = rollback.plan();
        assertThat(plan.kind()).isEqualTo(PlanKind.COMPENSATE);
        assertThat(plan.mode()).isEqualTo(Mode.HARD_DELETE);

        CompensationResult result = rollback.authorizedBy(Sql.approve(plan)).execute();

        assertThat(result.verdict()).isEqualTo(new Verdict.Compensated());
        assertThat(db).hasRowCount(REGISTRY, 0).hasRowCount(VERSIONS, 0);
        CompensationResult again = SeedRollback.of(delta)
                .failClosed(TestGovernance.failClosed())
                .runId("rollback-1")
                .on(target)
                .authorizedBy(Sql.approve(plan))
                .execute();
        assertThat(again.verdict()).isInstanceOf(Verdict.NothingToDo.class);
    }

    @Test
    void downstreamReferencesWithoutARulingEscalateAndWriteNothing() {
        SeedDelta delta =
                delta(SeedScenario.constitutionSource().downstreamReferences(2).apply(db.dataSource()));
        Map<String, Object> before = Sql.state(db.dataSource());

        CompensationResult result = SeedRollback.of(delta)
                .failClosed(TestGovernance.failClosed())
                .runId("rollback-2")
                .on(target)
                .execute();

        assertThat(result.verdict()).isInstanceOf(Verdict.Refused.class);
        assertThat(((Verdict.Refused) result.verdict()).reason())
                .contains("public.iu_provenance=2")
                .contains("STOP_AND_ESCALATE");
        assertThat(Sql.state(db.dataSource())).isEqualTo(before);
    }

    @Test
    void pathBRetiresTheParentAndWithASecondRulingVoidsTheVersionWithANote() {
        SeedDelta delta =
                delta(SeedScenario.constitutionSource().downstreamReferences(1).apply(db.dataSource()));

        SeedRollback retire = SeedRollback.of(delta)
                .failClosed(TestGovernance.failClosed())
                .runId("rollback-3")
                .on(target)
                .pathBApprovedBy("RB-B-1")
                .voidVersionApprovedBy("RB-B-2");
        CompensationPlan plan = retire.plan();
        assertThat(plan.mode()).isEqualTo(Mode.SOFT_REVERT);
        CompensationResult result = retire.authorizedBy(Sql.approve(plan)).execute();

        assertThat(result.verdict()).isEqualTo(new Verdict.Compensated());
        assertThat(db).hasRowCount(REGISTRY, 1).hasRowCount(VERSIONS, 1).hasRowCount("public.iu_provenance", 1);
        assertThat(PlainJdbc.text(db.dataSource(), "SELECT lifecycle FROM " + REGISTRY))
                .isEqualTo("deprecated");
        assertThat(PlainJdbc.text(db.dataSource(), "SELECT version_status FROM " + VERSIONS))
                .isEqualTo("void");
        assertThat(PlainJdbc.text(db.dataSource(), "SELECT provenance->>'rollback_note' FROM " + VERSIONS))
                .contains("rollback run rollback-3")
                .contains("RB-B-2");
        CompensationResult again = SeedRollback.of(delta)
                .failClosed(TestGovernance.failClosed())
                .runId("rollback-3")
                .on(target)
                .pathBApprovedBy("RB-B-1")
                .voidVersionApprovedBy("RB-B-2")
                .execute();
        assertThat(again.verdict()).isInstanceOf(Verdict.NothingToDo.class);
    }

    @Test
    void pathBWithoutTheVersionRulingLeavesTheVersionAlone() {
        SeedDelta delta =
                delta(SeedScenario.constitutionSource().downstreamReferences(1).apply(db.dataSource()));

        SeedRollback retire = SeedRollback.of(delta)
                .failClosed(TestGovernance.failClosed())
                .runId("rollback-4")
                .on(target)
                .pathBApprovedBy("RB-B-1");
        retire.authorizedBy(Sql.approve(retire.plan())).execute();

        assertThat(PlainJdbc.text(db.dataSource(), "SELECT lifecycle FROM " + REGISTRY))
                .isEqualTo("deprecated");
        assertThat(PlainJdbc.text(db.dataSource(), "SELECT version_status FROM " + VERSIONS))
                .isEqualTo("cut");
    }

    @Test
    void aSecondMatchingVersionIsAMismatchThatEscalates() {
        SeedScenarioResult seed = SeedScenario.constitutionSource().apply(db.dataSource());
        PlainJdbc.run(
                db.dataSource(),
                "INSERT INTO " + VERSIONS
                        + " (document_version_id, source_document_ref, content_checksum, registered_by)"
                        + " VALUES ('icxconst-other', ?, 'other', ?)",
                seed.sourceDocumentRef(),
                seed.registeredBy());
        Map<String, Object> before = Sql.state(db.dataSource());

        CompensationResult result = SeedRollback.of(delta(seed))
                .failClosed(TestGovernance.failClosed())
                .runId("rollback-5")
                .on(target)
                .execute();

        assertThat(result.verdict()).isInstanceOf(Verdict.Refused.class);
        assertThat(((Verdict.Refused) result.verdict()).reason()).contains("other versions of the document=1");
        assertThat(Sql.state(db.dataSource())).isEqualTo(before);
    }
}
