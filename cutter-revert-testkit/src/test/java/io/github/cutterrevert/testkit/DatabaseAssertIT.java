package io.github.cutterrevert.testkit;

import static io.github.cutterrevert.testkit.CutterAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cutterrevert.Phase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The assertions pass on the truth and fail with messages that say what was expected and found. */
@CutterPostgres
class DatabaseAssertIT {

    private final TestDatabase db;

    DatabaseAssertIT(TestDatabase db) {
        this.db = db;
    }

    @BeforeAll
    static void seed(TestDatabase db) {
        ReferenceWorld.seedBaseline(db.dataSource());
        CutScenario.forRun("run-draft")
                .changeSet("cs-draft")
                .units(4)
                .failingAt(Phase.WRITE_VERIFY)
                .apply(db.dataSource());
    }

    @Test
    void rowCountMismatchNamesTableDatabaseAndBothCounts() {
        assertThatThrownBy(() -> assertThat(db).hasRowCount("public.information_unit", 999))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expected public.information_unit in database " + db.name()
                        + " to have 999 rows but it has 162");
    }

    @Test
    void missingTableIsReportedAsSuch() {
        assertThatThrownBy(() -> assertThat(db).hasRowCount("public.no_such_table", 0))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expected table public.no_such_table to exist in database " + db.name());
    }

    @Test
    void unqualifiedTableNamesAreRefused() {
        assertThatThrownBy(() -> assertThat(db).hasRowCount("information_unit; DROP TABLE x", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("qualifiedTable must be schema.table in lower case but was");
    }

    @Test
    void baselineMismatchShowsAllThreeCounts() {
        try (TestDatabase empty = TestDatabase.create("empty")) {
            assertThatThrownBy(() -> assertThat(empty).hasBaselineCounts())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("at the seed baseline 158 / 165 / 60 but found 0 / 0 / 0");
        }
    }

    @Test
    void changeSetAssertionsPassOnTheTruth() {
        assertThat(db)
                .changeSet("cs-draft")
                .isRecorded()
                .hasUnitCount(4)
                .hasVersionCount(4)
                .hasAffectedRowCount(4)
                .unitsAllHaveStatus("draft")
                .hasDecisionCount("reverted", 0);
    }

    @Test
    void statusMismatchCarriesTheDescriptionAndTheStatusesFound() {
        assertThatThrownBy(() ->
                        assertThat(db).as("after revert").changeSet("cs-draft").unitsAllHaveStatus("withdrawn"))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("[after revert]")
                .hasMessageContaining("to be withdrawn but found units by status {draft=4}");
    }

    @Test
    void unknownChangeSetHasNoUnitsToHaveAStatus() {
        assertThatThrownBy(() -> assertThat(db).changeSet("cs-unknown").unitsAllHaveStatus("draft"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("but the change set has no units");
        assertThatThrownBy(() -> assertThat(db).changeSet("cs-unknown").isRecorded())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expected change set cs-unknown to be recorded");
    }

    @Test
    void decisionCountMismatchNamesTheDecision() {
        assertThatThrownBy(() -> assertThat(db).changeSet("cs-draft").hasDecisionCount("reverted", 1))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("to have 1 'reverted' review decisions but it has 0");
    }
}
