package io.github.cutterrevert;

/**
 * The tables a plan talks about, by role. The jOOQ module maps each to a physical, configurable
 * name; the defaults are the runbooks' names.
 */
public enum LogicalTable {
    /** {@code public.information_unit}: the parent of units. */
    INFORMATION_UNIT("public", "information_unit", false),
    /** {@code public.unit_version}: child of information_unit. */
    UNIT_VERSION("public", "unit_version", false),
    /** {@code public.iu_lifecycle_log}: child of information_unit. */
    IU_LIFECYCLE_LOG("public", "iu_lifecycle_log", false),
    /** {@code cutter_governance.cut_change_set}: ledger. */
    CUT_CHANGE_SET("cutter_governance", "cut_change_set", true),
    /** {@code cutter_governance.cut_change_set_affected_row}: ledger. */
    CUT_CHANGE_SET_AFFECTED_ROW("cutter_governance", "cut_change_set_affected_row", true),
    /** {@code cutter_governance.manifest_envelope}: ledger. */
    MANIFEST_ENVELOPE("cutter_governance", "manifest_envelope", true),
    /** {@code cutter_governance.review_decision}: ledger; compensation B appends here. */
    REVIEW_DECISION("cutter_governance", "review_decision", true),
    /** {@code cutter_governance.verify_result}: ledger. */
    VERIFY_RESULT("cutter_governance", "verify_result", true),
    /** {@code cutter_governance.dot_pair_signature}: ledger. */
    DOT_PAIR_SIGNATURE("cutter_governance", "dot_pair_signature", true),
    /** {@code cutter_governance.source_document_registry}: the seed's parent row. */
    SOURCE_DOCUMENT_REGISTRY("cutter_governance", "source_document_registry", false),
    /** {@code cutter_governance.source_document_version_registry}: the seed's child row. */
    SOURCE_DOCUMENT_VERSION_REGISTRY("cutter_governance", "source_document_version_registry", false);

    private final String defaultSchema;
    private final String defaultName;
    private final boolean ledger;

    LogicalTable(String defaultSchema, String defaultName, boolean ledger) {
        this.defaultSchema = defaultSchema;
        this.defaultName = defaultName;
        this.ledger = ledger;
    }

    /**
     * The runbook's schema for this table.
     *
     * @return e.g. {@code "public"}
     */
    public String defaultSchema() {
        return defaultSchema;
    }

    /**
     * The runbook's table name.
     *
     * @return e.g. {@code "information_unit"}
     */
    public String defaultName() {
        return defaultName;
    }

    /**
     * Whether this table is part of the append-only governance ledger: never updated or deleted,
     * only appended to.
     *
     * @return {@code true} for ledger tables
     */
    public boolean ledger() {
        return ledger;
    }
}
