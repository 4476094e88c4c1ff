package io.github.cutterrevert.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cutterrevert.InvalidInputException;
import io.github.cutterrevert.LogicalTable;
import io.github.cutterrevert.Phase;
import io.github.cutterrevert.PhaseOwnership;
import io.github.cutterrevert.jooq.SchemaBinding.Column;
import io.github.cutterrevert.jooq.SchemaBinding.Status;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SchemaBindingTest {

    @Test
    void defaultsAreTheRunbooksNames() {
        SchemaBinding binding = SchemaBinding.defaults();

        for (LogicalTable table : LogicalTable.values()) {
            assertThat(binding.table(table).qualified()).isEqualTo(table.defaultSchema() + "." + table.defaultName());
        }
        assertThat(binding.column(Column.UNIT_STATUS)).isEqualTo("lifecycle_status");
        assertThat(binding.status(Status.REVERTED)).isEqualTo("reverted");
        assertThat(binding.functionSchema()).isEqualTo("public");
        assertThat(binding.allowedStatuses()).as("nothing declared").isEmpty();
        assertThat(Column.UNIT_STATUS.referenceValues()).containsExactly("draft", "enacted", "superseded", "withdrawn");
        assertThat(binding.phaseOwnership()).isEqualTo(PhaseOwnership.defaults());
        for (LogicalTable table : Column.CHANGE_SET_ID.tables()) {
            assertThat(binding.column(table, Column.CHANGE_SET_ID)).isEqualTo("change_set_id");
        }
    }

    @Test
    void theBuilderChangesOnlyWhatItIsTold() {
        SchemaBinding binding = SchemaBinding.builder()
                .schema("cutter_governance", "governance")
                .table(LogicalTable.INFORMATION_UNIT, "core", "iu")
                .column(Column.UNIT_STATUS, "State")
                .status(Status.DRAFT, "DRAFT")
                .build();

        assertThat(binding.table(LogicalTable.REVIEW_DECISION).qualified()).isEqualTo("governance.review_decision");
        assertThat(binding.table(LogicalTable.INFORMATION_UNIT).qualified()).isEqualTo("core.iu");
        assertThat(binding.table(LogicalTable.UNIT_VERSION).qualified()).isEqualTo("public.unit_version");
        assertThat(binding.column(Column.UNIT_STATUS)).isEqualTo("State");
        assertThat(binding.status(Status.DRAFT)).isEqualTo("DRAFT");
        assertThat(binding.toBuilder().build()).isEqualTo(binding);
        assertThat(binding).isNotEqualTo(SchemaBinding.defaults());
    }

    @Test
    void identifiersAreValidatedNamingTheField() {
        assertThatThrownBy(() -> SchemaBinding.builder().column(Column.DECISION, ""))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("column DECISION"));
        assertThatThrownBy(() -> SchemaBinding.builder().table(LogicalTable.VERIFY_RESULT, "public", "x".repeat(64)))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("table"))
                .hasMessageContaining("1 to 63 bytes");
        // 32 two-byte characters are 64 bytes: too long for PostgreSQL.
        assertThatThrownBy(() -> SchemaBinding.builder().functionSchema("é".repeat(32)))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("functionSchema"));
        assertThatThrownBy(() -> SchemaBinding.builder().column(Column.DECIDED_BY, "decided\u0000by"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("\\u0000");
        assertThatThrownBy(() -> SchemaBinding.builder().schema("public", "line\nbreak"))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("to"));
        assertThatThrownBy(() -> SchemaBinding.builder().column(null, "x"))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("column"));
    }

    @Test
    void statusValuesAreValidatedAndDraftMustDifferFromEnacted() {
        assertThatThrownBy(() -> SchemaBinding.builder().status(Status.REVERTED, "\t"))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("status REVERTED"));
        assertThatThrownBy(() ->
                        SchemaBinding.builder().status(Status.ENACTED, "draft").build())
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("status ENACTED"));
        assertThatThrownBy(() -> SchemaBinding.builder().allowedStatuses(Column.UNIT_STATUS, Set.of()))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field())
                        .isEqualTo("allowedStatuses.UNIT_STATUS"));
        assertThatThrownBy(() -> SchemaBinding.builder().allowedStatuses(Column.DECIDED_BY, Set.of("x")))
                .as("only a status column has allowed values")
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("allowedStatuses"));
    }

    @Test
    void anUnpairedSurrogateInANameOrStatusIsRefusedBecauseTheDriverWouldSendAQuestionMark() {
        // Regression: "information_unit\uD800" passed, was sent as "information_unit?" and named
        // another table.
        assertThatThrownBy(() -> SchemaBinding.builder().table(LogicalTable.UNIT_VERSION, "public", "uv\uD800"))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("table"));
        assertThatThrownBy(() -> SchemaBinding.builder().status(Status.DRAFT, "\uDC00draft"))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("status DRAFT"));
        assertThat(SchemaBinding.builder()
                        .column(Column.DECISION_NOTE, "note \uD83D\uDE80")
                        .build()
                        .column(Column.DECISION_NOTE))
                .as("a surrogate pair is one character")
                .endsWith("🚀");
    }

    @Test
    void twoLogicalTablesBoundToOnePhysicalTableAreRefused() {
        // Regression: the lifecycle log could be bound to the ledger's affected-row table, and a hard
        // delete then tried to DELETE from the append-only ledger.
        assertThatThrownBy(() -> SchemaBinding.builder()
                        .table(LogicalTable.IU_LIFECYCLE_LOG, "cutter_governance", "cut_change_set_affected_row")
                        .build())
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("tables.IU_LIFECYCLE_LOG"))
                .hasMessageContaining("CUT_CHANGE_SET_AFFECTED_ROW is bound to it");
        assertThat(SchemaBinding.builder()
                        .schema("cutter_governance", "public")
                        .build()
                        .table(LogicalTable.REVIEW_DECISION)
                        .qualified())
                .as("moving a schema onto another is fine while the names stay distinct")
                .isEqualTo("public.review_decision");
    }

    @Test
    void theCanonicalConstructorCannotBypassValidation() {
        SchemaBinding defaults = SchemaBinding.defaults();
        java.util.Map<Column, String> missing = new java.util.EnumMap<>(defaults.columns());
        missing.remove(Column.CHANGE_SET_RUN_ID);

        assertThatThrownBy(() -> new SchemaBinding(
                        defaults.tables(),
                        missing,
                        defaults.tableColumns(),
                        defaults.statuses(),
                        defaults.catalogObjects(),
                        defaults.functionSchema(),
                        defaults.allowedStatuses(),
                        defaults.phaseOwnership(),
                        defaults.holdTable()))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("columns.CHANGE_SET_RUN_ID"));
    }

    @Test
    void theHoldTableMovesWithItsSchemaAndMayNotBeALedgerTable() {
        assertThat(SchemaBinding.defaults().holdTable().qualified()).isEqualTo("cutter_governance.cutter_hold_event");
        assertThat(SchemaBinding.builder()
                        .schema("cutter_governance", "gov")
                        .build()
                        .holdTable()
                        .qualified())
                .isEqualTo("gov.cutter_hold_event");
        assertThat(SchemaBinding.builder()
                        .holdTable("ops", "holds")
                        .build()
                        .holdTable()
                        .qualified())
                .isEqualTo("ops.holds");
        assertThatThrownBy(() -> SchemaBinding.builder()
                        .holdTable("cutter_governance", "review_decision")
                        .build())
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("holdTable"));
    }

    @Test
    void theChangeSetColumnCanBeNamedPerTable() {
        SchemaBinding binding = SchemaBinding.builder()
                .column(Column.CHANGE_SET_ID, "cs")
                .column(LogicalTable.MANIFEST_ENVELOPE, Column.CHANGE_SET_ID, "envelope_cs")
                .build();

        assertThat(binding.column(LogicalTable.MANIFEST_ENVELOPE, Column.CHANGE_SET_ID))
                .isEqualTo("envelope_cs");
        assertThat(binding.column(LogicalTable.REVIEW_DECISION, Column.CHANGE_SET_ID))
                .isEqualTo("cs");
        assertThat(binding.toBuilder().build()).isEqualTo(binding);
        assertThatThrownBy(
                        () -> SchemaBinding.builder().column(LogicalTable.INFORMATION_UNIT, Column.CHANGE_SET_ID, "cs"))
                .as("information_unit has no change-set column")
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("column"));
        assertThat(SchemaBinding.builder()
                        .column(LogicalTable.INFORMATION_UNIT, Column.UNIT_STATUS, "state")
                        .build()
                        .column(Column.UNIT_STATUS))
                .as("a column of one table may be named through its table too")
                .isEqualTo("state");
    }

    @Test
    void phaseOwnershipIsDeclaredInTheBindingAndKeepsTheChangeSetInLegA() {
        SchemaBinding binding = SchemaBinding.builder()
                .writtenIn(LogicalTable.MANIFEST_ENVELOPE, Phase.CUT_LEG_A)
                .build();

        assertThat(binding.writtenIn(LogicalTable.MANIFEST_ENVELOPE)).contains(Phase.CUT_LEG_A);
        assertThat(binding.writtenIn(LogicalTable.REVIEW_DECISION)).isEmpty();
        assertThat(binding.phaseOwnership().writtenFrom(Phase.LEG_B_RECORD))
                .containsExactlyInAnyOrder(LogicalTable.DOT_PAIR_SIGNATURE, LogicalTable.VERIFY_RESULT);
        assertThatThrownBy(() ->
                        SchemaBinding.builder().writtenIn(LogicalTable.CUT_CHANGE_SET_AFFECTED_ROW, Phase.LEG_B_RECORD))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field())
                        .isEqualTo("writers.CUT_CHANGE_SET_AFFECTED_ROW"));
        assertThatThrownBy(() -> SchemaBinding.builder().writtenIn(LogicalTable.INFORMATION_UNIT, Phase.CUT_LEG_A))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("writers.INFORMATION_UNIT"));
        assertThatThrownBy(() -> SchemaBinding.builder().writtenIn(LogicalTable.VERIFY_RESULT, Phase.PRE_WRITE_BACKUP))
                .isInstanceOf(InvalidInputException.class);
    }
}
