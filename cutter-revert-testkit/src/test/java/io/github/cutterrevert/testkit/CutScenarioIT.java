package io.github.cutterrevert.testkit;

import static io.github.cutterrevert.testkit.SqlStates.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cutterrevert.Phase;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A cut failing at each phase leaves exactly what the runbook's matrix says (seed 000, section 3). */
class CutScenarioIT {

    private static final int UNITS = 300;
    private static final int VERSIONS_PER_UNIT = 2;

    /**
     * Failing phase, then the cut's committed rows: units, versions, enacted units, manifest
     * envelopes, signatures, verify results.
     */
    static Stream<Arguments> outcomes() {
        return Stream.of(
                Arguments.of(Phase.PRE_WRITE_BACKUP, List.of(), 0, 0, 0, 0, 0, 0),
                Arguments.of(Phase.CUT_LEG_A, List.of(Phase.PRE_WRITE_BACKUP), 0, 0, 0, 0, 0, 0),
                Arguments.of(
                        Phase.LEG_B_RECORD, List.of(Phase.PRE_WRITE_BACKUP, Phase.CUT_LEG_A), 300, 600, 0, 0, 0, 0),
                Arguments.of(
                        Phase.WRITE_VERIFY,
                        List.of(Phase.PRE_WRITE_BACKUP, Phase.CUT_LEG_A, Phase.LEG_B_RECORD),
                        300,
                        600,
                        0,
                        1,
                        1,
                        0),
                Arguments.of(
                        Phase.LIFECYCLE_ENACT,
                        List.of(Phase.PRE_WRITE_BACKUP, Phase.CUT_LEG_A, Phase.LEG_B_RECORD, Phase.WRITE_VERIFY),
                        300,
                        600,
                        0,
                        1,
                        1,
                        1));
    }

    @ParameterizedTest(name = "failing at {0}")
    @MethodSource("outcomes")
    void failingPhaseRollsBackAndEarlierPhasesStayCommitted(
            Phase failing,
            List<Phase> committed,
            int units,
            int versions,
            int enacted,
            int manifests,
            int signatures,
            int verifies) {
        try (TestDatabase db = TestDatabase.create("cut-" + failing.runbookName())) {
            ReferenceWorld.seedBaseline(db.dataSource());

            CutScenarioResult result = CutScenario.forRun("run-1")
                    .changeSet("cs-1")
                    .units(UNITS)
                    .versionsPerUnit(VERSIONS_PER_UNIT)
                    .failingAt(failing)
                    .apply(db.dataSource());

            assertThat(result)
                    .isEqualTo(new CutScenarioResult(
                            "run-1",
                            "cs-1",
                            Optional.of(failing),
                            committed,
                            units,
                            versions,
                            enacted,
                            manifests,
                            signatures,
                            verifies));
            CutterAssertions.assertThat(db)
                    .as("after a cut failing at %s", failing.runbookName())
                    .hasRowCount("public.information_unit", ReferenceWorld.UNITS + units)
                    .hasRowCount("public.unit_version", ReferenceWorld.VERSIONS + versions)
                    .hasRowCount("public.iu_lifecycle_log", ReferenceWorld.LIFECYCLE_LOG_ROWS + enacted)
                    .hasRowCount("cutter_governance.cut_change_set", units > 0 ? 2 : 1)
                    .hasRowCount("cutter_governance.cut_change_set_affected_row", ReferenceWorld.UNITS + units)
                    .hasRowCount("cutter_governance.manifest_envelope", manifests)
                    .hasRowCount("cutter_governance.dot_pair_signature", signatures)
                    .hasRowCount("cutter_governance.verify_result", verifies)
                    .hasRowCount("cutter_governance.review_decision", 0)
                    .changeSet("cs-1")
                    .hasUnitCount(units)
                    .hasVersionCount(versions);
            if (units > 0) {
                CutterAssertions.assertThat(db).changeSet("cs-1").isRecorded().unitsAllHaveStatus("draft");
            }
        }
    }

    @Test
    void successfulRunCommitsEveryPhaseAndEnactsEveryUnit() {
        try (TestDatabase db = TestDatabase.create("cut-success")) {
            CutScenarioResult result =
                    CutScenario.forRun("run-ok").units(50).versionsPerUnit(3).apply(db.dataSource());

            assertThat(result.failedPhase()).isEmpty();
            assertThat(result.committedPhases()).containsExactly(Phase.values());
            assertThat(result.changeSetId()).isEqualTo("cs-run-ok");
            assertThat(result.enactedUnits()).isEqualTo(50);
            CutterAssertions.assertThat(db)
                    .hasRowCount("public.iu_lifecycle_log", 50)
                    .hasRowCount("public.unit_version", 150)
                    .changeSet("cs-run-ok")
                    .hasUnitCount(50)
                    .unitsAllHaveStatus("enacted");
        }
    }

    @Test
    void enactedUnitsEnactsOnlyTheFirstUnitsForTheEnactedGuard() throws SQLException {
        try (TestDatabase db = TestDatabase.create("cut-guard")) {
            CutScenarioResult result = CutScenario.forRun("run-guard")
                    .units(10)
                    .enactedUnits(3)
                    .addressPrefix("guard-")
                    .apply(db.dataSource());

            assertThat(result.enactedUnits()).isEqualTo(3);
            assertThat(count(
                            db.dataSource(),
                            "SELECT count(*) FROM public.information_unit WHERE lifecycle_status = 'enacted'"
                                    + " AND address IN ('guard-1', 'guard-2', 'guard-3')"))
                    .isEqualTo(3);
            assertThat(count(
                            db.dataSource(),
                            "SELECT count(*) FROM public.information_unit WHERE lifecycle_status = 'draft'"))
                    .isEqualTo(7);
            CutterAssertions.assertThat(db).hasRowCount("public.iu_lifecycle_log", 3);
            assertThatThrownBy(() -> CutterAssertions.assertThat(db)
                            .changeSet("cs-run-guard")
                            .unitsAllHaveStatus("draft"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("{draft=7, enacted=3}");
        }
    }

    @Test
    void reusingAChangeSetIdFailsInCutLegAAndKeepsNothingOfTheSecondRun() {
        try (TestDatabase db = TestDatabase.create("cut-reuse")) {
            CutScenario.forRun("run-a")
                    .changeSet("cs-same")
                    .units(5)
                    .failingAt(Phase.LEG_B_RECORD)
                    .apply(db.dataSource());

            assertThatThrownBy(() -> CutScenario.forRun("run-b")
                            .changeSet("cs-same")
                            .addressPrefix("other-")
                            .apply(db.dataSource()))
                    .isInstanceOf(DataAccessException.class)
                    .hasMessageContaining("cut_leg_a")
                    .satisfies(e ->
                            assertThat(((DataAccessException) e).sqlState()).isEqualTo("23505"));
            CutterAssertions.assertThat(db)
                    .hasRowCount("public.information_unit", 5)
                    .changeSet("cs-same")
                    .unitsAllHaveStatus("draft");
        }
    }
}
