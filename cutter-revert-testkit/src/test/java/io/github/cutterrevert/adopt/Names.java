package io.github.cutterrevert.adopt;

import io.github.cutterrevert.Authority;
import io.github.cutterrevert.CompensationPlan;
import io.github.cutterrevert.LogicalTable;
import io.github.cutterrevert.SeedDelta;
import io.github.cutterrevert.jooq.SchemaBinding;
import io.github.cutterrevert.jooq.SchemaBinding.Column;
import io.github.cutterrevert.jooq.SchemaBinding.Status;
import io.github.cutterrevert.testkit.PlainJdbc;
import io.github.cutterrevert.testkit.SeedScenarioResult;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * The tests' own SQL for any bound schema: names rendered quoted from the binding, values bound.
 * Outside the code under test: it reads on a fresh connection what the library wrote.
 */
record Names(SchemaBinding binding) {

    String table(LogicalTable table) {
        SchemaBinding.TableName name = binding.table(table);
        return quote(name.schema()) + "." + quote(name.name());
    }

    String column(LogicalTable table, Column column) {
        return quote(binding.column(table, column));
    }

    String status(Status status) {
        return binding.status(status);
    }

    long rows(DataSource dataSource, LogicalTable table) {
        return PlainJdbc.count(dataSource, "SELECT count(*) FROM " + table(table));
    }

    /** Rows of a governance table for one change set. */
    long ledger(DataSource dataSource, LogicalTable table, String changeSet) {
        return PlainJdbc.count(
                dataSource,
                "SELECT count(*) FROM " + table(table) + " WHERE " + column(table, Column.CHANGE_SET_ID) + " = ?",
                changeSet);
    }

    /** Units of a change set in one physical status. */
    long units(DataSource dataSource, String changeSet, String status) {
        return PlainJdbc.count(
                dataSource,
                "SELECT count(*) FROM " + table(LogicalTable.INFORMATION_UNIT) + " u JOIN "
                        + table(LogicalTable.CUT_CHANGE_SET_AFFECTED_ROW) + " a ON a."
                        + column(LogicalTable.CUT_CHANGE_SET_AFFECTED_ROW, Column.AFFECTED_UNIT_ID) + " = u."
                        + column(LogicalTable.INFORMATION_UNIT, Column.UNIT_ID) + " WHERE a."
                        + column(LogicalTable.CUT_CHANGE_SET_AFFECTED_ROW, Column.CHANGE_SET_ID) + " = ? AND u."
                        + column(LogicalTable.INFORMATION_UNIT, Column.UNIT_STATUS) + " = ?",
                changeSet,
                status);
    }

    /** Versions of a change set's units in one physical status. */
    long versions(DataSource dataSource, String changeSet, String status) {
        return PlainJdbc.count(
                dataSource,
                "SELECT count(*) FROM " + table(LogicalTable.UNIT_VERSION) + " v JOIN "
                        + table(LogicalTable.CUT_CHANGE_SET_AFFECTED_ROW) + " a ON a."
                        + column(LogicalTable.CUT_CHANGE_SET_AFFECTED_ROW, Column.AFFECTED_UNIT_ID) + " = v."
                        + column(LogicalTable.UNIT_VERSION, Column.VERSION_UNIT_ID) + " WHERE a."
                        + column(LogicalTable.CUT_CHANGE_SET_AFFECTED_ROW, Column.CHANGE_SET_ID) + " = ? AND v."
                        + column(LogicalTable.UNIT_VERSION, Column.VERSION_STATUS) + " = ?",
                changeSet,
                status);
    }

    /** The compensating decisions recorded for a change set. */
    long reverted(DataSource dataSource, String changeSet) {
        return PlainJdbc.count(
                dataSource,
                "SELECT count(*) FROM " + table(LogicalTable.REVIEW_DECISION) + " WHERE "
                        + column(LogicalTable.REVIEW_DECISION, Column.CHANGE_SET_ID) + " = ? AND "
                        + column(LogicalTable.REVIEW_DECISION, Column.DECISION) + " = ? AND "
                        + column(LogicalTable.REVIEW_DECISION, Column.DECISION_SIGNATURE) + " IS NOT NULL",
                changeSet,
                status(Status.REVERTED));
    }

    /** Every bound table's row count, as one comparable value. */
    Map<String, Long> state(DataSource dataSource) {
        Map<String, Long> state = new LinkedHashMap<>();
        for (LogicalTable table : LogicalTable.values()) {
            state.put(table.name(), rows(dataSource, table));
        }
        return state;
    }

    /** The seed's delta, identity given by the runbook's column names (resolved by the binding). */
    static SeedDelta delta(SeedScenarioResult seed) {
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

    /** A recorded sovereign decision approving exactly this plan. */
    static Authority.RecordedDecision approve(CompensationPlan plan) {
        return Authority.decision(
                "sovereign@example.org",
                "DEC-" + plan.fingerprint().shortForm(),
                "reviewed",
                plan.fingerprint(),
                Instant.parse("2026-05-21T10:00:00Z"));
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
