package io.github.cutterrevert.proof.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cutterrevert.CompensationPlan;
import io.github.cutterrevert.Compensator;
import io.github.cutterrevert.FailClosed;
import io.github.cutterrevert.Phase;
import io.github.cutterrevert.RunId;
import io.github.cutterrevert.SchemaContractException;
import io.github.cutterrevert.Snapshot;
import io.github.cutterrevert.Snapshot.TableCount;
import io.github.cutterrevert.Verdict;
import io.github.cutterrevert.jooq.PostgresTarget;
import io.github.cutterrevert.spi.Execution;
import io.github.cutterrevert.testkit.CutScenario;
import io.github.cutterrevert.testkit.CutterPostgres;
import io.github.cutterrevert.testkit.PlainJdbc;
import io.github.cutterrevert.testkit.ReferenceWorld;
import io.github.cutterrevert.testkit.TestDatabase;
import io.github.cutterrevert.testkit.TestGovernance;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the roles may do to the ledger, whatever the library does: the orchestrator's role {@code
 * cutter_exec} may only read and append; even the superuser meets the append-only trigger; the
 * read-only role {@code query_pg} cannot see the ledger, so its snapshot says "unreadable" and it
 * never gets as far as a write.
 */
@CutterPostgres
class LedgerPrivilegesIT {
    private static final List<String> LEDGER = List.of(
            "cut_change_set",
            "cut_change_set_affected_row",
            "manifest_envelope",
            "review_decision",
            "verify_result",
            "dot_pair_signature");

    private static DataSource superuser;
    private static DataSource exec;
    private static DataSource queryPg;

    @BeforeAll
    static void everyLedgerTableHasRows(TestDatabase db) {
        superuser = db.dataSource();
        exec = db.dataSourceAs(TestDatabase.CUTTER_EXEC);
        queryPg = db.dataSourceAs(TestDatabase.QUERY_PG);
        ReferenceWorld.seedBaseline(superuser);
        CutScenario.forRun("run-ledger")
                .changeSet("cs-ledger")
                .units(2)
                .failingAt(Phase.LIFECYCLE_ENACT)
                .apply(superuser);
        Compensator compensator =
                compensator("run-ledger", PostgresTarget.of(exec)).failedAt(Phase.LIFECYCLE_ENACT);
        CompensationPlan plan = compensator.plan();
        assertThat(compensator.authorizedBy(approve(plan)).execute().verdict()).isEqualTo(new Verdict.Compensated());
        CutScenario.forRun("run-pending")
                .changeSet("cs-pending")
                .units(2)
                .failingAt(Phase.WRITE_VERIFY)
                .apply(superuser);
        for (String table : LEDGER) {
            assertThat(PlainJdbc.count(superuser, "SELECT count(*) FROM cutter_governance." + table))
                    .as(table)
                    .isPositive();
        }
    }

    static Stream<Arguments> ledgerChanges() {
        return LEDGER.stream()
                .flatMap(table -> Stream.of(
                        Arguments.of(table, "UPDATE cutter_governance." + table + " SET change_set_id = change_set_id"),
                        Arguments.of(
                                table,
                                "UPDATE cutter_governance." + table
                                        + " SET change_set_id = 'x' WHERE change_set_id = 'cs-ledger'"),
                        Arguments.of(table, "DELETE FROM cutter_governance." + table),
                        Arguments.of(table, "TRUNCATE cutter_governance." + table),
                        Arguments.of(table, "TRUNCATE cutter_governance." + table + " CASCADE")));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("ledgerChanges")
    void theOrchestratorsRoleCannotChangeOrRemoveLedgerRows(String table, String sql) {
        Map<String, Map<String, String>> before = Probe.rows(superuser);

        assertThat(Probe.sqlStateOf(exec, sql))
                .as("cutter_exec has no UPDATE/DELETE/TRUNCATE privilege")
                .isEqualTo("42501");

        assertThat(Probe.changed(before, Probe.rows(superuser))).isEmpty();
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("ledgerChanges")
    void evenTheSuperuserMeetsTheAppendOnlyTrigger(String table, String sql) {
        Map<String, Map<String, String>> before = Probe.rows(superuser);

        String state = Probe.sqlStateOf(superuser, sql);

        // TRUNCATE without CASCADE of a table other ledger tables reference is refused by the
        // foreign keys (0A000) before the trigger gets its turn; every other change hits CR002.
        boolean referenced = table.equals("cut_change_set") && sql.startsWith("TRUNCATE") && !sql.endsWith("CASCADE");
        assertThat(state).isEqualTo(referenced ? "0A000" : "CR002");
        assertThat(Probe.changed(before, Probe.rows(superuser))).isEmpty();
    }

    @Test
    void theOrchestratorsRoleCannotSwitchTheTriggerOffOrDropIt() {
        List<String> catalog = Probe.catalog(superuser);
        Map<String, Map<String, String>> before = Probe.rows(superuser);

        for (String sql : List.of(
                "ALTER TABLE cutter_governance.review_decision DISABLE TRIGGER trg_review_decision_append_only",
                "ALTER TABLE cutter_governance.review_decision DISABLE TRIGGER ALL",
                "DROP TRIGGER trg_review_decision_append_only ON cutter_governance.review_decision",
                "DROP FUNCTION cutter_governance.fn_ledger_append_only() CASCADE",
                "CREATE OR REPLACE FUNCTION cutter_governance.fn_ledger_append_only() RETURNS trigger"
                        + " LANGUAGE plpgsql AS $$ BEGIN RETURN OLD; END $$",
                "ALTER TABLE cutter_governance.review_decision DROP CONSTRAINT review_decision_decision_check",
                "DROP INDEX cutter_governance.review_decision_prev_hash_key",
                "SET session_replication_role = replica")) {
            assertThat(Probe.sqlStateOf(exec, sql)).as(sql).isEqualTo("42501");
        }

        assertThat(Probe.catalog(superuser)).isEqualTo(catalog);
        assertThat(Probe.changed(before, Probe.rows(superuser))).isEmpty();
    }

    @Test
    void theOrchestratorsRoleMayOnlyAppend() {
        Map<String, Map<String, String>> before = Probe.rows(superuser);

        assertThat(
                        PlainJdbc.run(
                                exec,
                                "INSERT INTO cutter_governance.verify_result (change_set_id, verdict) VALUES ('cs-pending', 'fail')"))
                .isEqualTo(1);

        Map<String, java.util.Set<String>> changed = Probe.changed(before, Probe.rows(superuser));
        assertThat(changed).containsOnlyKeys("cutter_governance.verify_result");
        assertThat(changed.get("cutter_governance.verify_result")).hasSize(1);
        assertThat(before.get("cutter_governance.verify_result"))
                .as("the new row is new, not a changed one")
                .doesNotContainKeys(
                        changed.get("cutter_governance.verify_result").toArray(String[]::new));
    }

    @Test
    void theReadOnlyRolesSnapshotMarksTheLedgerUnreadableAndWritesNothing() {
        Map<String, Map<String, String>> before = Probe.rows(superuser);
        RecordingDataSource recorded = new RecordingDataSource(queryPg);

        Snapshot snapshot = PostgresTarget.of(recorded).snapshot(RunId.of("run-pending"), "pre");

        assertThat(snapshot.role()).isEqualTo("query_pg");
        for (String table : LEDGER) {
            assertThat(snapshot.counts().get("cutter_governance." + table))
                    .as(table)
                    .isEqualTo(new TableCount.Unreadable("42501"));
        }
        assertThat(snapshot.count("public.information_unit"))
                .contains(PlainJdbc.count(superuser, "SELECT count(*) FROM public.information_unit"));
        assertThat(recorded.statements()).isNotEmpty();
        assertThat(recorded.writes()).isEmpty();
        assertThat(Probe.changed(before, Probe.rows(superuser))).isEmpty();
    }

    @Test
    void executingAsTheReadOnlyRoleIsRefusedByTheSchemaContractBeforeAnyWriteAndWithoutHold() {
        Map<String, Map<String, String>> before = Probe.rows(superuser);
        RecordingDataSource recorded = new RecordingDataSource(queryPg);
        FailClosed failClosed = TestGovernance.failClosed();
        Compensator compensator = compensator("run-pending", PostgresTarget.of(recorded))
                .failClosed(failClosed)
                .changeSet("cs-pending");

        assertThatThrownBy(() -> compensator
                        .authorizedBy(io.github.cutterrevert.Authority.none())
                        .execute())
                .isInstanceOfSatisfying(SchemaContractException.class, e -> assertThat(e.problems())
                        .extracting(Object::toString)
                        .containsExactly(
                                "cutter_governance: expected USAGE privilege for the current role, found not granted"));

        assertThat(recorded.statements()).as("it read the catalog").isNotEmpty();
        assertThat(recorded.writes()).as("it never tried to write").isEmpty();
        assertThat(Probe.changed(before, Probe.rows(superuser))).isEmpty();
        assertThat(failClosed.hold())
                .as("a role that cannot read the ledger is a configuration problem found before anything was"
                        + " written: no HOLD")
                .isEmpty();
    }

    @Test
    void aReviewedPlanExecutedAsTheReadOnlyRoleStopsBeforeItsTransactionWithATypedErrorAndWritesNothing() {
        Map<String, Map<String, String>> before = Probe.rows(superuser);
        Compensator reviewer = compensator("run-pending", PostgresTarget.of(exec));
        CompensationPlan reviewed = reviewer.plan();
        RecordingDataSource recorded = new RecordingDataSource(queryPg);
        PostgresTarget readOnly = PostgresTarget.of(recorded);

        assertThatThrownBy(() -> readOnly.execute(new Execution(
                        reviewed,
                        source -> compensator("run-pending", readOnly).plan(),
                        approve(reviewed),
                        Optional.of(TestGovernance.signer()))))
                .isInstanceOfSatisfying(SchemaContractException.class, e -> {
                    assertThat(e.problems())
                            .extracting(Object::toString)
                            .contains("cutter_governance: expected USAGE privilege for the current role, found"
                                    + " not granted");
                    assertThat(e.runId()).contains(RunId.of("run-pending"));
                });

        assertThat(recorded.writes()).as("it never tried to write").isEmpty();
        assertThat(recorded.statements())
                .as("the privileges are read before any transaction that could write")
                .noneMatch(sql -> sql.contains("pg_try_advisory_xact_lock"));
        assertThat(Probe.changed(before, Probe.rows(superuser))).isEmpty();
    }

    private static Compensator compensator(String runId, PostgresTarget target) {
        return Compensator.forRun(runId)
                .failClosed(TestGovernance.failClosed())
                .signedBy(TestGovernance.signer())
                .on(target)
                .failedAt(Phase.WRITE_VERIFY);
    }

    private static io.github.cutterrevert.Authority approve(CompensationPlan plan) {
        return io.github.cutterrevert.Authority.decision(
                "sovereign@example.org",
                "DEC-" + plan.fingerprint().shortForm(),
                "reviewed",
                plan.fingerprint(),
                Instant.parse("2026-05-21T10:00:00Z"));
    }
}
