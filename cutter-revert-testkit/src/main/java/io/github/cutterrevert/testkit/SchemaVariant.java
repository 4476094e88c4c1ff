package io.github.cutterrevert.testkit;

import io.github.cutterrevert.LogicalTable;
import io.github.cutterrevert.Phase;
import io.github.cutterrevert.jooq.SchemaBinding;
import io.github.cutterrevert.jooq.SchemaBinding.CatalogObject;
import io.github.cutterrevert.jooq.SchemaBinding.Column;
import io.github.cutterrevert.jooq.SchemaBinding.Status;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/**
 * The reference schemas the testkit ships, each with the {@link SchemaBinding} that describes it
 * and the SQL its scenarios write. Both live on the classpath next to this class, in {@code
 * io/github/cutterrevert/testkit/}.
 *
 * <ul>
 *   <li>{@link #REFERENCE}: {@code reference-schema-v1.sql}, the runbooks' names, bound by {@link
 *       SchemaBinding#defaults()}.
 *   <li>{@link #RENAMED}: {@code renamed-schema-v1.sql}, the same tables written independently with
 *       every name changed (schemas {@code kern}, {@code audit}, {@code ops}; the change-set column
 *       named differently on {@code envelope} and {@code cosign}; status values {@code pending} and
 *       {@code in_force}; a revision status column without CHECK) and another phase ownership: its
 *       orchestrator writes the envelope ({@code manifest_envelope}) in {@code cut_leg_a}.
 * </ul>
 *
 * <pre>{@code
 * try (TestDatabase db = TestDatabase.create("mine", SchemaVariant.RENAMED)) {
 *   PostgresTarget target = PostgresTarget.builder(db.dataSource())
 *       .binding(SchemaVariant.RENAMED.binding())
 *       .build();
 *   CutScenario.forRun("run-1").schema(SchemaVariant.RENAMED).failingAt(Phase.WRITE_VERIFY)
 *       .apply(db.dataSource());
 * }
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public enum SchemaVariant {
    /** The runbooks' schema, {@code reference-schema-v1.sql}. */
    REFERENCE(
            "reference-schema-v1.sql",
            "cutter_template_v1",
            SchemaBinding.defaults(),
            new ScenarioSql(
                    "INSERT INTO cutter_governance.cut_change_set (change_set_id, run_id) VALUES (?, ?)",
                    "SELECT count(public.fn_iu_create(?, ?::text || g, ?)) FROM generate_series(1, ?) AS g",
                    Map.of(
                            LogicalTable.MANIFEST_ENVELOPE,
                            "WITH p(cs) AS (SELECT ?::text) INSERT INTO cutter_governance.manifest_envelope"
                                    + " (change_set_id, manifest) SELECT c.change_set_id, jsonb_build_object('run_id',"
                                    + " c.run_id, 'units', (SELECT count(*) FROM"
                                    + " cutter_governance.cut_change_set_affected_row a WHERE a.change_set_id = p.cs))"
                                    + " FROM p JOIN cutter_governance.cut_change_set c ON c.change_set_id = p.cs",
                            LogicalTable.DOT_PAIR_SIGNATURE,
                            "WITH p(cs) AS (SELECT ?::text) INSERT INTO cutter_governance.dot_pair_signature"
                                    + " (change_set_id, signer, signature) SELECT cs, 'dot-pair', 'sig:' || cs FROM p",
                            LogicalTable.VERIFY_RESULT,
                            "WITH p(cs) AS (SELECT ?::text) INSERT INTO cutter_governance.verify_result"
                                    + " (change_set_id, verdict, detail) SELECT cs, 'pass', jsonb_build_object('units',"
                                    + " (SELECT count(*) FROM cutter_governance.cut_change_set_affected_row a"
                                    + " WHERE a.change_set_id = p.cs)) FROM p"),
                    "SELECT count(public.fn_iu_enact(unit_id)) FROM (SELECT a.information_unit_id AS unit_id"
                            + " FROM cutter_governance.cut_change_set_affected_row a WHERE a.change_set_id = ?"
                            + " ORDER BY a.information_unit_id LIMIT ?) AS units",
                    "INSERT INTO cutter_governance.source_document_registry"
                            + " (source_document_ref, address_docprefix, registered_by) VALUES (?, ?, ?)",
                    "INSERT INTO cutter_governance.source_document_version_registry"
                            + " (document_version_id, source_document_ref, content_checksum, registered_by)"
                            + " VALUES (?, ?, ?, ?)",
                    "WITH units AS (INSERT INTO public.information_unit (address)"
                            + " SELECT ?::text || '/downstream-' || g FROM generate_series(1, ?) AS g RETURNING id)"
                            + " INSERT INTO public.iu_provenance (information_unit_id, document_version_id)"
                            + " SELECT id, ? FROM units")),

    /** The same tables with every name changed, {@code renamed-schema-v1.sql}. */
    RENAMED(
            "renamed-schema-v1.sql",
            "cutter_template_renamed_v1",
            renamedBinding(),
            new ScenarioSql(
                    "INSERT INTO audit.batch (batch_ref, job_ref) VALUES (?, ?)",
                    "SELECT count(ops.make_item(?, ?::text || g, ?)) FROM generate_series(1, ?) AS g",
                    Map.of(
                            LogicalTable.MANIFEST_ENVELOPE,
                            "INSERT INTO audit.envelope (envelope_batch) VALUES (?)",
                            LogicalTable.DOT_PAIR_SIGNATURE,
                            "INSERT INTO audit.cosign (cosigned_batch) VALUES (?)",
                            LogicalTable.VERIFY_RESULT,
                            "INSERT INTO audit.check_outcome (batch_ref) VALUES (?)"),
                    "SELECT count(ops.put_in_force(item)) FROM (SELECT m.item_fk AS item FROM audit.batch_member m"
                            + " WHERE m.batch_ref = ? ORDER BY m.item_fk LIMIT ?) AS items",
                    "INSERT INTO audit.doc_source (doc_key, prefix, registrant) VALUES (?, ?, ?)",
                    "INSERT INTO audit.doc_release (release_key, doc_key, checksum, registrant) VALUES (?, ?, ?, ?)",
                    "WITH items AS (INSERT INTO kern.content_item (address)"
                            + " SELECT ?::text || '/downstream-' || g FROM generate_series(1, ?) AS g RETURNING item_pk)"
                            + " INSERT INTO kern.item_source (item_fk, release_key) SELECT item_pk, ? FROM items"));

    private static final String DIRECTORY = "/io/github/cutterrevert/testkit/";

    private final String file;
    private final String templateName;
    private final SchemaBinding binding;
    private final ScenarioSql scenarioSql;

    SchemaVariant(String file, String templateName, SchemaBinding binding, ScenarioSql scenarioSql) {
        this.file = file;
        this.templateName = templateName;
        this.binding = binding;
        this.scenarioSql = scenarioSql;
    }

    /**
     * The binding that describes this schema.
     *
     * @return the binding
     */
    public SchemaBinding binding() {
        return binding;
    }

    /**
     * The classpath location of the DDL.
     *
     * @return e.g. {@code /io/github/cutterrevert/testkit/renamed-schema-v1.sql}
     */
    public String resource() {
        return DIRECTORY + file;
    }

    /**
     * The DDL, as one script (it also creates the roles {@code cutter_exec} and {@code query_pg}
     * when missing).
     *
     * @return the SQL text
     * @throws UncheckedIOException if the resource cannot be read
     */
    public String sql() {
        try (InputStream in = SchemaVariant.class.getResourceAsStream(resource())) {
            if (in == null) {
                throw new UncheckedIOException(
                        new IOException("resource " + resource() + " is missing from the classpath"));
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + resource(), e);
        }
    }

    /**
     * The name of the template database the testkit clones this schema from.
     *
     * @return e.g. {@code cutter_template_v1}
     */
    public String templateName() {
        return templateName;
    }

    ScenarioSql scenarioSql() {
        return scenarioSql;
    }

    private static SchemaBinding renamedBinding() {
        return SchemaBinding.builder()
                .table(LogicalTable.INFORMATION_UNIT, "kern", "content_item")
                .table(LogicalTable.UNIT_VERSION, "kern", "item_revision")
                .table(LogicalTable.IU_LIFECYCLE_LOG, "kern", "item_journal")
                .table(LogicalTable.CUT_CHANGE_SET, "audit", "batch")
                .table(LogicalTable.CUT_CHANGE_SET_AFFECTED_ROW, "audit", "batch_member")
                .table(LogicalTable.MANIFEST_ENVELOPE, "audit", "envelope")
                .table(LogicalTable.REVIEW_DECISION, "audit", "ruling")
                .table(LogicalTable.VERIFY_RESULT, "audit", "check_outcome")
                .table(LogicalTable.DOT_PAIR_SIGNATURE, "audit", "cosign")
                .table(LogicalTable.SOURCE_DOCUMENT_REGISTRY, "audit", "doc_source")
                .table(LogicalTable.SOURCE_DOCUMENT_VERSION_REGISTRY, "audit", "doc_release")
                .column(Column.UNIT_ID, "item_pk")
                .column(Column.UNIT_STATUS, "phase_state")
                .column(Column.VERSION_UNIT_ID, "item_fk")
                .column(Column.VERSION_STATUS, "rev_state")
                .column(Column.LOG_UNIT_ID, "item_fk")
                .column(Column.CHANGE_SET_ID, "batch_ref")
                .column(LogicalTable.MANIFEST_ENVELOPE, Column.CHANGE_SET_ID, "envelope_batch")
                .column(LogicalTable.DOT_PAIR_SIGNATURE, Column.CHANGE_SET_ID, "cosigned_batch")
                .column(Column.CHANGE_SET_RUN_ID, "job_ref")
                .column(Column.AFFECTED_UNIT_ID, "item_fk")
                .column(Column.DECISION, "verdict")
                .column(Column.DECIDED_BY, "ruled_by")
                .column(Column.REVERT_RUN_ID, "undo_job")
                .column(Column.DECISION_NOTE, "remark")
                .column(Column.DECIDED_AT, "ruled_at")
                .column(Column.DECISION_ID, "ruling_pk")
                .column(Column.DECISION_KEY_ID, "signer_key")
                .column(Column.DECISION_PREV_HASH, "chain_prev")
                .column(Column.DECISION_SIGNATURE, "chain_sig")
                .column(Column.DECISION_APPROVAL_ID, "approval_ref")
                .column(Column.DECISION_APPROVALS, "approval_set")
                .column(Column.DOCUMENT_REF, "doc_key")
                .column(Column.DOCUMENT_ADDRESS_PREFIX, "prefix")
                .column(Column.DOCUMENT_REGISTERED_BY, "registrant")
                .column(Column.DOCUMENT_LIFECYCLE, "state")
                .column(Column.VERSION_ID, "release_key")
                .column(Column.VERSION_DOCUMENT_REF, "doc_key")
                .column(Column.VERSION_CHECKSUM, "checksum")
                .column(Column.VERSION_REGISTERED_BY, "registrant")
                .column(Column.DOCUMENT_VERSION_STATUS, "release_state")
                .column(Column.DOCUMENT_VERSION_PROVENANCE, "lineage")
                .status(Status.DRAFT, "pending")
                .status(Status.ENACTED, "in_force")
                .status(Status.REVERTED, "revoked")
                .allowedStatuses(Column.VERSION_STATUS, Set.of("pending", "in_force", "superseded", "withdrawn"))
                .catalogObject(CatalogObject.UNIT_IMMUTABILITY_TRIGGER, "content_item_frozen")
                .catalogObject(CatalogObject.VERSION_IMMUTABILITY_TRIGGER, "item_revision_frozen")
                .catalogObject(CatalogObject.CREATE_FUNCTION, "make_item")
                .catalogObject(CatalogObject.ENACT_FUNCTION, "put_in_force")
                .functionSchema("ops")
                .holdTable("audit", "hold_event")
                .writtenIn(LogicalTable.MANIFEST_ENVELOPE, Phase.CUT_LEG_A)
                .build();
    }

    /**
     * The SQL a scenario writes in this schema: each statement binds its values in the order the
     * scenario passes them.
     *
     * @param changeSet change set id, run id
     * @param createUnits change set id, address prefix, versions per unit, units
     * @param ledger per ledger table written by a phase, an INSERT binding the change set id
     * @param enact change set id, how many units
     * @param document document ref, address prefix, registered by
     * @param version version id, document ref, checksum, registered by
     * @param downstream address prefix, count, version id
     */
    record ScenarioSql(
            String changeSet,
            String createUnits,
            Map<LogicalTable, String> ledger,
            String enact,
            String document,
            String version,
            String downstream) {}
}
