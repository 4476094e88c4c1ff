package io.github.cutterrevert.testkit;

import static io.github.cutterrevert.testkit.SqlStates.count;
import static io.github.cutterrevert.testkit.SqlStates.execute;
import static io.github.cutterrevert.testkit.SqlStates.sqlStateOf;
import static io.github.cutterrevert.testkit.SqlStates.string;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the reference schema promises: triggers, functions, roles and the append-only ledger. */
@CutterPostgres
class ReferenceSchemaIT {

    private static final List<String> LEDGER_TABLES = List.of(
            "cut_change_set",
            "cut_change_set_affected_row",
            "manifest_envelope",
            "review_decision",
            "verify_result",
            "dot_pair_signature");

    private final TestDatabase db;

    ReferenceSchemaIT(TestDatabase db) {
        this.db = db;
    }

    @BeforeAll
    static void seed(DataSource dataSource) throws SQLException {
        ReferenceWorld.seedBaseline(dataSource);
        // One committed run, so that every ledger table has a row for row-level triggers to refuse.
        CutScenario.forRun("run-ledger").changeSet("cs-ledger").units(2).apply(dataSource);
        execute(
                dataSource,
                "INSERT INTO cutter_governance.review_decision (change_set_id, decision, decided_by)"
                        + " VALUES ('cs-ledger', 'approved', 'reviewer')");
    }

    @Test
    void bothImmutabilityTriggersArePresentAndEnabled() throws SQLException {
        Map<String, String> triggers = new LinkedHashMap<>();
        try (Connection connection = db.dataSource().getConnection();
                var statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT tgname, tgrelid::regclass::text, tgenabled::text FROM pg_trigger"
                                + " WHERE tgname IN ('trg_iu_enacted_immut', 'trg_uv_enacted_immut') ORDER BY tgname")) {
            while (rows.next()) {
                triggers.put(rows.getString(1), rows.getString(2) + ":" + rows.getString(3));
            }
        }

        assertThat(triggers)
                .containsExactly(
                        Map.entry("trg_iu_enacted_immut", "information_unit:O"),
                        Map.entry("trg_uv_enacted_immut", "unit_version:O"));
        CutterAssertions.assertThat(db).hasImmutabilityTriggersEnabled().hasOrchestratorFunctions();
    }

    @Test
    void enactedUnitsAndVersionsCannotBeUpdatedOrDeleted() {
        String enactedUnit = "(SELECT id FROM public.information_unit WHERE address = 'baseline/iu-001')";

        assertThat(sqlStateOf(
                        db.dataSource(),
                        "UPDATE public.information_unit SET address = 'changed' WHERE address = 'baseline/iu-001'"))
                .isEqualTo("CR001");
        assertThat(
                        sqlStateOf(
                                db.dataSource(),
                                "UPDATE public.information_unit SET lifecycle_status = 'withdrawn' WHERE address = 'baseline/iu-001'"))
                .isEqualTo("CR001");
        assertThat(sqlStateOf(db.dataSource(), "DELETE FROM public.information_unit WHERE address = 'baseline/iu-001'"))
                .isEqualTo("CR001");
        assertThat(sqlStateOf(
                        db.dataSource(),
                        "UPDATE public.unit_version SET body = 'x' WHERE information_unit_id = " + enactedUnit))
                .isEqualTo("CR001");
        assertThat(sqlStateOf(
                        db.dataSource(), "DELETE FROM public.unit_version WHERE information_unit_id = " + enactedUnit))
                .isEqualTo("CR001");
        assertThat(
                        sqlStateOf(
                                db.dataSourceAs(TestDatabase.CUTTER_EXEC),
                                "UPDATE public.information_unit SET lifecycle_status = 'superseded' WHERE address = 'baseline/iu-002'"))
                .as("the trigger binds cutter_exec as well")
                .isEqualTo("CR001");
    }

    @Test
    void draftUnitsCanBeUpdatedAndDeleted() throws SQLException {
        DataSource exec = db.dataSourceAs(TestDatabase.CUTTER_EXEC);
        CutScenario.forRun("run-draft-edit")
                .changeSet("cs-draft-edit")
                .units(2)
                .versionsPerUnit(2)
                .failingAt(io.github.cutterrevert.Phase.LEG_B_RECORD)
                .apply(exec);

        execute(
                exec,
                "UPDATE public.unit_version SET body = 'edited' WHERE information_unit_id IN"
                        + " (SELECT information_unit_id FROM cutter_governance.cut_change_set_affected_row"
                        + " WHERE change_set_id = 'cs-draft-edit')");
        execute(
                exec,
                "UPDATE public.information_unit SET lifecycle_status = 'withdrawn'"
                        + " WHERE address = 'cs-draft-edit/iu-1'");
        execute(
                exec,
                "DELETE FROM public.unit_version WHERE information_unit_id ="
                        + " (SELECT id FROM public.information_unit WHERE address = 'cs-draft-edit/iu-2')");
        execute(exec, "DELETE FROM public.information_unit WHERE address = 'cs-draft-edit/iu-2'");

        assertThat(count(db.dataSource(), "SELECT count(*) FROM public.unit_version WHERE body = 'edited'"))
                .isEqualTo(2);
        CutterAssertions.assertThat(db)
                .changeSet("cs-draft-edit")
                .hasAffectedRowCount(2)
                .hasUnitCount(1)
                .unitsAllHaveStatus("withdrawn");
    }

    @Test
    void fnIuCreateMakesADraftUnitWithItsVersionsAndRecordsIt() throws SQLException {
        DataSource exec = db.dataSourceAs(TestDatabase.CUTTER_EXEC);
        execute(
                exec,
                "INSERT INTO cutter_governance.cut_change_set (change_set_id, run_id) VALUES ('cs-fn', 'run-fn')");

        long id = Long.parseLong(string(exec, "SELECT public.fn_iu_create('cs-fn', 'fn/iu-1', 3)"));

        assertThat(string(db.dataSource(), "SELECT lifecycle_status FROM public.information_unit WHERE id = " + id))
                .isEqualTo("draft");
        assertThat(string(
                        db.dataSource(),
                        "SELECT string_agg(version_no || ':' || lifecycle_status, ',' ORDER BY version_no)"
                                + " FROM public.unit_version WHERE information_unit_id = " + id))
                .isEqualTo("1:draft,2:draft,3:draft");
        assertThat(count(
                        db.dataSource(),
                        "SELECT count(*) FROM cutter_governance.cut_change_set_affected_row"
                                + " WHERE change_set_id = 'cs-fn' AND information_unit_id = " + id))
                .isEqualTo(1);
        assertThat(sqlStateOf(exec, "SELECT public.fn_iu_create('cs-fn', 'fn/iu-0', 0)"))
                .isEqualTo("22023");
    }

    @Test
    void fnIuEnactEnactsAUnitWithItsVersionsOnceAndLogsIt() throws SQLException {
        DataSource exec = db.dataSourceAs(TestDatabase.CUTTER_EXEC);
        execute(
                exec,
                "INSERT INTO cutter_governance.cut_change_set (change_set_id, run_id) VALUES ('cs-en', 'run-en')");
        long id = Long.parseLong(string(exec, "SELECT public.fn_iu_create('cs-en', 'en/iu-1', 2)"));

        execute(exec, "SELECT public.fn_iu_enact(" + id + ")");

        assertThat(string(
                        db.dataSource(),
                        "SELECT lifecycle_status || ':' || (enacted_at IS NOT NULL) FROM public.information_unit WHERE id = "
                                + id))
                .isEqualTo("enacted:true");
        assertThat(count(
                        db.dataSource(),
                        "SELECT count(*) FROM public.unit_version WHERE lifecycle_status = 'enacted' AND information_unit_id = "
                                + id))
                .isEqualTo(2);
        assertThat(string(
                        db.dataSource(),
                        "SELECT string_agg(from_status || '>' || to_status, ',') FROM public.iu_lifecycle_log"
                                + " WHERE information_unit_id = " + id))
                .isEqualTo("draft>enacted");
        assertThat(sqlStateOf(exec, "SELECT public.fn_iu_enact(" + id + ")"))
                .as("enacting a unit that is no longer draft")
                .isEqualTo("CR003");
    }

    @Test
    void queryPgIsRefusedEveryGovernanceTable() throws SQLException {
        List<String> governanceTables = new ArrayList<>();
        try (Connection connection = db.dataSource().getConnection();
                var statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT tablename FROM pg_tables WHERE schemaname = 'cutter_governance' ORDER BY tablename")) {
            while (rows.next()) {
                governanceTables.add(rows.getString(1));
            }
        }
        assertThat(governanceTables).containsAll(LEDGER_TABLES).contains("source_document_registry");

        DataSource queryPg = db.dataSourceAs(TestDatabase.QUERY_PG);
        for (String table : governanceTables) {
            assertThat(sqlStateOf(queryPg, "SELECT count(*) FROM cutter_governance." + table))
                    .as("query_pg reading cutter_governance.%s", table)
                    .isEqualTo("42501");
        }
    }

    @Test
    void queryPgReadsPublicButCannotWriteIt() throws SQLException {
        DataSource queryPg = db.dataSourceAs(TestDatabase.QUERY_PG);

        assertThat(count(queryPg, "SELECT count(*) FROM public.information_unit WHERE address LIKE 'baseline/%'"))
                .isEqualTo(ReferenceWorld.UNITS);
        assertThat(count(queryPg, "SELECT count(*) FROM public.iu_lifecycle_log"))
                .isPositive();
        assertThat(sqlStateOf(queryPg, "INSERT INTO public.information_unit (address) VALUES ('by-query-pg')"))
                .isEqualTo("42501");
        assertThat(sqlStateOf(queryPg, "DELETE FROM public.iu_lifecycle_log")).isEqualTo("42501");
    }

    @Test
    void ledgerRefusesUpdateDeleteAndTruncateEvenToTheSuperuser() throws SQLException {
        for (String table : LEDGER_TABLES) {
            assertThat(count(db.dataSource(), "SELECT count(*) FROM cutter_governance." + table))
                    .as("rows in %s for the row triggers to see", table)
                    .isPositive();
            assertThat(sqlStateOf(
                            db.dataSource(),
                            "UPDATE cutter_governance." + table + " SET change_set_id = change_set_id"))
                    .as("UPDATE %s", table)
                    .isEqualTo("CR002");
            assertThat(sqlStateOf(db.dataSource(), "DELETE FROM cutter_governance." + table))
                    .as("DELETE %s", table)
                    .isEqualTo("CR002");
            assertThat(sqlStateOf(db.dataSource(), "TRUNCATE cutter_governance." + table + " CASCADE"))
                    .as("TRUNCATE %s", table)
                    .isEqualTo("CR002");
        }
    }

    @Test
    void cutterExecAppendsToTheLedgerButCannotChangeIt() throws SQLException {
        DataSource exec = db.dataSourceAs(TestDatabase.CUTTER_EXEC);
        execute(
                exec,
                "INSERT INTO cutter_governance.review_decision (change_set_id, decision, decided_by, revert_run_id)"
                        + " VALUES ('cs-ledger', 'reverted', 'reviewer', 'run-revert')");
        CutterAssertions.assertThat(db).changeSet("cs-ledger").hasDecisionCount("reverted", 1);

        for (String table : LEDGER_TABLES) {
            assertThat(sqlStateOf(exec, "UPDATE cutter_governance." + table + " SET change_set_id = change_set_id"))
                    .as("cutter_exec UPDATE %s", table)
                    .isIn("42501", "CR002");
            assertThat(sqlStateOf(exec, "DELETE FROM cutter_governance." + table))
                    .as("cutter_exec DELETE %s", table)
                    .isIn("42501", "CR002");
            assertThat(sqlStateOf(exec, "TRUNCATE cutter_governance." + table))
                    .as("cutter_exec TRUNCATE %s", table)
                    .isIn("42501", "CR002");
        }
        assertThat(count(db.dataSource(), "SELECT count(*) FROM cutter_governance.review_decision"))
                .isEqualTo(2);
    }
}
