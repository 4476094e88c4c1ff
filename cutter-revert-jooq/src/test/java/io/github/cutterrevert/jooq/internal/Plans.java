package io.github.cutterrevert.jooq.internal;

import io.github.cutterrevert.ChangeSetId;
import io.github.cutterrevert.CompensationPlan;
import io.github.cutterrevert.CompensationPlanner;
import io.github.cutterrevert.CutEvidence;
import io.github.cutterrevert.LogicalTable;
import io.github.cutterrevert.Mode;
import io.github.cutterrevert.Phase;
import io.github.cutterrevert.PlanRequest;
import io.github.cutterrevert.RunHistory;
import io.github.cutterrevert.RunId;
import io.github.cutterrevert.SchemaFacts;
import io.github.cutterrevert.SeedDelta;
import io.github.cutterrevert.SeedEvidence;
import io.github.cutterrevert.SeedRollbackRequest;
import io.github.cutterrevert.jooq.SchemaBinding;
import io.github.cutterrevert.jooq.SchemaBinding.TableName;
import io.github.cutterrevert.jooq.internal.Catalog.ForeignKey;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Plans built by the real planner from hand-made evidence, for tests that need no database. */
final class Plans {
    static final ChangeSetId CS = ChangeSetId.of("cs-1");
    static final RunId RUN = RunId.of("run-1");

    private Plans() {}

    static CutEvidence draftAfterLegB(long units) {
        Map<LogicalTable, Long> ledger = new EnumMap<>(LogicalTable.class);
        ledger.put(LogicalTable.CUT_CHANGE_SET, 1L);
        ledger.put(LogicalTable.CUT_CHANGE_SET_AFFECTED_ROW, units);
        ledger.put(LogicalTable.MANIFEST_ENVELOPE, 1L);
        ledger.put(LogicalTable.DOT_PAIR_SIGNATURE, 1L);
        return new CutEvidence(
                CS, true, Map.of("draft", units), Map.of("draft", units), 0, ledger, 0, false, SchemaFacts.intact());
    }

    static PlanRequest request(Phase failed, Mode mode, String status) {
        return new PlanRequest(RUN, CS, RunHistory.failedAt(failed), mode, status, RunId.of("run-1:revert"));
    }

    static CompensationPlan soft() {
        return CompensationPlanner.plan(request(Phase.WRITE_VERIFY, Mode.SOFT_REVERT, "withdrawn"), draftAfterLegB(3));
    }

    static CompensationPlan hard() {
        return CompensationPlanner.plan(request(Phase.WRITE_VERIFY, Mode.HARD_DELETE, "withdrawn"), draftAfterLegB(3));
    }

    static SeedDelta delta() {
        TreeMap<String, String> parent = new TreeMap<>();
        parent.put("source_document_ref", "incomex-constitution");
        parent.put("address_docprefix", "ICX-CONST");
        parent.put("registered_by", "constitution-source-seed");
        TreeMap<String, String> child = new TreeMap<>();
        child.put("source_document_ref", "incomex-constitution");
        child.put("content_checksum", "17660443e0f23e994e1807cf8e22920951a9e70c598956dbd0e752f4f5cae80c");
        child.put("document_version_id", "icxconst-008a06ace23a96ea6cd456146e805c97");
        child.put("registered_by", "constitution-source-seed");
        return new SeedDelta(parent, child);
    }

    static CompensationPlan seedPathA() {
        return CompensationPlanner.plan(
                new SeedRollbackRequest(RunId.of("rollback-1"), delta(), Optional.empty(), Optional.empty()),
                new SeedEvidence(1, 1, 0, Map.of(), Optional.of("active"), Optional.of("cut")));
    }

    static CompensationPlan seedPathB(boolean voidVersion) {
        return CompensationPlanner.plan(
                new SeedRollbackRequest(
                        RunId.of("rollback-1"),
                        delta(),
                        Optional.of("RB-B-1"),
                        voidVersion ? Optional.of("RB-B-2") : Optional.empty()),
                new SeedEvidence(
                        1, 1, 0, Map.of("public.iu_provenance", 2L), Optional.of("active"), Optional.of("cut")));
    }

    /** The reference schema's foreign keys onto the tables the plans delete from. */
    static List<ForeignKey> referenceForeignKeys() {
        SchemaBinding binding = SchemaBinding.defaults();
        TableName iu = binding.table(LogicalTable.INFORMATION_UNIT);
        TableName sdr = binding.table(LogicalTable.SOURCE_DOCUMENT_REGISTRY);
        TableName sdvr = binding.table(LogicalTable.SOURCE_DOCUMENT_VERSION_REGISTRY);
        return List.of(
                new ForeignKey(
                        "fk_uv_information_unit",
                        binding.table(LogicalTable.UNIT_VERSION),
                        List.of("information_unit_id"),
                        iu,
                        List.of("id"),
                        "a",
                        true),
                new ForeignKey(
                        "fk_ill_information_unit",
                        binding.table(LogicalTable.IU_LIFECYCLE_LOG),
                        List.of("information_unit_id"),
                        iu,
                        List.of("id"),
                        "a",
                        true),
                new ForeignKey(
                        "fk_iup_information_unit",
                        new TableName("public", "iu_provenance"),
                        List.of("information_unit_id"),
                        iu,
                        List.of("id"),
                        "a",
                        true),
                new ForeignKey(
                        "fk_sdvr_source_document",
                        sdvr,
                        List.of("source_document_ref"),
                        sdr,
                        List.of("source_document_ref"),
                        "a",
                        true),
                new ForeignKey(
                        "fk_me_document_version",
                        binding.table(LogicalTable.MANIFEST_ENVELOPE),
                        List.of("document_version_id"),
                        sdvr,
                        List.of("document_version_id"),
                        "a",
                        true),
                new ForeignKey(
                        "fk_iup_document_version",
                        new TableName("public", "iu_provenance"),
                        List.of("document_version_id"),
                        sdvr,
                        List.of("document_version_id"),
                        "a",
                        true),
                new ForeignKey(
                        "fk_two_columns",
                        new TableName("public", "pairs"),
                        List.of("ref", "version"),
                        sdvr,
                        List.of("source_document_ref", "document_version_id"),
                        "a",
                        true));
    }
}
