package io.github.cutterrevert.jooq.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cutterrevert.Authority;
import io.github.cutterrevert.ChangeSetId;
import io.github.cutterrevert.CompensatingDecision;
import io.github.cutterrevert.CompensationPlan;
import io.github.cutterrevert.LogicalTable;
import io.github.cutterrevert.PlanStep;
import io.github.cutterrevert.RowSelector;
import io.github.cutterrevert.RunId;
import io.github.cutterrevert.jooq.SchemaBinding;
import io.github.cutterrevert.jooq.SchemaBinding.Column;
import io.github.cutterrevert.jooq.SchemaBinding.Status;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

class StatementsTest {
    private static final DSLContext POSTGRES = DSL.using(SQLDialect.POSTGRES);

    private final Statements statements = new Statements(new Model(SchemaBinding.defaults()));

    private static PlanStep.SoftRevert soft(ChangeSetId changeSet) {
        return new PlanStep.SoftRevert(
                LogicalTable.INFORMATION_UNIT,
                new RowSelector.OfChangeSet(changeSet),
                "lifecycle_status",
                "draft",
                "withdrawn",
                3,
                Optional.empty());
    }

    @Test
    void valuesAreBoundNeverRendered() {
        ChangeSetId hostile = ChangeSetId.of("cs'; DROP TABLE public.information_unit; --");
        Query update = statements.softRevert(soft(hostile));

        String sql = POSTGRES.render(update);

        assertThat(sql)
                .doesNotContain("DROP")
                .doesNotContain("withdrawn")
                .doesNotContain("draft")
                .contains("?");
        assertThat(update.getBindValues()).containsExactly("withdrawn", hostile.value(), "draft");
        assertThat(Sessions.renderer().renderInlined(update))
                .as("inlined for reading, the value stays one quoted literal")
                .contains("'cs''; DROP TABLE public.information_unit; --'");
    }

    @Test
    void theOutcomeOfABrokenCommitIsAskedOfPgXactStatusWithTheTransactionIdBound() {
        var query = statements.transactionStatus(4_294_967_301L);

        assertThat(POSTGRES.render(query))
                .isEqualTo("select pg_catalog.pg_xact_status(cast(? as pg_catalog.xid8)) as \"status\"");
        assertThat(query.getBindValues())
                .as("the 64-bit id txid_current() returned, epoch included")
                .containsExactly("4294967301");
    }

    @Test
    void namesAreAlwaysQuotedSoARenamedSchemaIsMatchedExactly() {
        SchemaBinding binding = SchemaBinding.builder()
                .table(LogicalTable.INFORMATION_UNIT, "Core", "Information Unit")
                .column(Column.UNIT_STATUS, "State")
                .status(Status.DRAFT, "DRAFT")
                .build();
        Statements renamed = new Statements(new Model(binding));

        Query update = renamed.softRevert(soft(ChangeSetId.of("cs-1")));

        assertThat(POSTGRES.render(update))
                .startsWith("update \"Core\".\"Information Unit\" set \"State\" = ?")
                .contains("\"Core\".\"Information Unit\".\"State\" = ?");
        assertThat(update.getBindValues()).containsExactly("withdrawn", "cs-1", "DRAFT");
    }

    @Test
    void hardDeletesCarryTheDraftGuardAndChildTablesWithoutStatusCheckTheirUnit() {
        RowSelector rows = new RowSelector.OfChangeSet(ChangeSetId.of("cs-1"));

        String units = POSTGRES.renderInlined(
                statements.hardDelete(new PlanStep.HardDelete(LogicalTable.INFORMATION_UNIT, rows, 3)));
        String log = POSTGRES.renderInlined(
                statements.hardDelete(new PlanStep.HardDelete(LogicalTable.IU_LIFECYCLE_LOG, rows, 2)));

        assertThat(units)
                .startsWith("delete from \"public\".\"information_unit\" where")
                .endsWith("and \"public\".\"information_unit\".\"lifecycle_status\" = 'draft')")
                .doesNotContainIgnoringCase("cascade");
        assertThat(log)
                .startsWith(
                        "delete from \"public\".\"iu_lifecycle_log\" where \"public\".\"iu_lifecycle_log\".\"information_unit_id\" in (select")
                .contains("join \"public\".\"information_unit\" as \"csu_iu\"")
                .contains("\"csu_iu\".\"lifecycle_status\" = 'draft'");
    }

    @Test
    void theLedgerIsOnlyAppendedToAndNamesTheDecider() {
        CompensationPlan plan = Plans.soft();
        PlanStep.LedgerAppend append = new PlanStep.LedgerAppend(
                new CompensatingDecision(ChangeSetId.of("cs-1"), RunId.of("run-1:revert"), "reverted"));

        java.time.Instant now = java.time.Instant.parse("2026-11-23T12:00:00.123456789Z");
        String automatic = POSTGRES.renderInlined(statements.ledgerAppend(
                statements.decisionRow(append, Authority.none(), plan.fingerprint(), now), java.util.Optional.empty()));
        String recorded = POSTGRES.renderInlined(statements.ledgerAppend(
                statements.decisionRow(
                        append,
                        Authority.decision(
                                "sovereign",
                                "DEC-9",
                                "ok",
                                plan.fingerprint(),
                                java.time.Instant.parse("2026-05-21T00:00:00Z")),
                        plan.fingerprint(),
                        now),
                java.util.Optional.of(new Statements.DecisionSignature("k1", "00ab", "c2ln"))));

        assertThat(automatic)
                .startsWith(
                        "insert into \"cutter_governance\".\"review_decision\" (\"change_set_id\", \"decision\", \"decided_by\", \"revert_run_id\", \"note\", \"decided_at\")")
                .contains("'cutter-revert:automatic'")
                .as("the automatic decision's time is truncated to microseconds, as PostgreSQL stores it")
                .contains("2026-11-23 12:00:00.123456+00:00")
                .doesNotContain("key_id");
        assertThat(recorded)
                .contains("\"key_id\", \"prev_hash\", \"signature\")")
                .contains("'k1'", "'00ab'", "'c2ln'")
                .contains("'sovereign'")
                .contains("[decision DEC-9]")
                .contains("2026-05-21");
    }

    @Test
    void theLockIsKeyedOnTheSubjectAndTheTimeoutsAreBound() {
        String lock = POSTGRES.render(statements.lock("change set cs-1", false));
        assertThat(lock)
                .startsWith(
                        "select case when pg_catalog.pg_try_advisory_xact_lock(pg_catalog.hashtextextended(?, 0)) then")
                .contains("pg_catalog.txid_snapshot_xip(pg_catalog.txid_current_snapshot())")
                .contains("pg_catalog.txid_snapshot_xmax(pg_catalog.txid_current_snapshot())")
                .contains("pg_catalog.txid_current()")
                .endsWith("else -1 end as \"stale\"");
        assertThat(statements.lock("change set cs-1", false).getBindValues())
                .containsExactly("cutter-revert change set cs-1");
        assertThat(POSTGRES.renderInlined(statements.lock("change set cs-1", true)))
                .as("a plan that appends a decision also takes the decision chain's lock in the same statement")
                .contains("'cutter-revert decision chain'")
                .contains("then -2");
        assertThat(statements
                        .timeouts(java.time.Duration.ofSeconds(5), java.time.Duration.ofSeconds(60))
                        .getBindValues())
                .containsExactly("5000ms", "60000ms");
    }
}
