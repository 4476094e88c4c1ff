package io.github.cutterrevert.testkit;

import static io.github.cutterrevert.testkit.SqlStates.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** The seed's baseline world: 158 / 165 / 60. */
class ReferenceWorldIT {

    @Test
    void seedsExactlyTheBaselineCounts() throws SQLException {
        try (TestDatabase db = TestDatabase.create("baseline")) {
            ReferenceWorld.Baseline baseline = ReferenceWorld.seedBaseline(db.dataSource());

            assertThat(baseline)
                    .isEqualTo(new ReferenceWorld.Baseline("run-baseline", "cs-baseline", 158, 165, 60, 60));
            CutterAssertions.assertThat(db)
                    .hasBaselineCounts()
                    .hasRowCount("public.information_unit", 158)
                    .hasRowCount("public.unit_version", 165)
                    .hasRowCount("public.iu_lifecycle_log", 60)
                    .hasRowCount("cutter_governance.cut_change_set", 1)
                    .hasRowCount("cutter_governance.cut_change_set_affected_row", 158)
                    .hasRowCount("cutter_governance.manifest_envelope", 0)
                    .hasImmutabilityTriggersEnabled()
                    .hasOrchestratorFunctions();
            assertThat(count(
                            db.dataSource(),
                            "SELECT count(*) FROM public.information_unit WHERE lifecycle_status = 'enacted'"))
                    .isEqualTo(60);
            assertThat(count(
                            db.dataSource(),
                            "SELECT count(*) FROM (SELECT information_unit_id FROM public.unit_version"
                                    + " GROUP BY information_unit_id HAVING count(*) = 2) AS two"))
                    .isEqualTo(7);
            assertThat(count(
                            db.dataSource(),
                            "SELECT count(*) FROM public.iu_lifecycle_log l JOIN public.information_unit iu"
                                    + " ON iu.id = l.information_unit_id WHERE l.from_status = 'draft' AND l.to_status = 'enacted'"
                                    + " AND iu.lifecycle_status = 'enacted'"))
                    .as("one draft>enacted log row per enacted unit")
                    .isEqualTo(60);
        }
    }

    @Test
    void seedingTwiceIsRefusedAndLeavesTheBaselineAlone() {
        try (TestDatabase db = TestDatabase.create("baseline-twice")) {
            ReferenceWorld.seedBaseline(db.dataSource());

            assertThatThrownBy(() -> ReferenceWorld.seedBaseline(db.dataSource()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("seedBaseline needs a database without information units but found 158");
            CutterAssertions.assertThat(db).hasBaselineCounts();
        }
    }

    @Test
    void cutterExecCanSeedTheBaseline() {
        try (TestDatabase db = TestDatabase.create("baseline-exec")) {
            ReferenceWorld.seedBaseline(db.dataSourceAs(TestDatabase.CUTTER_EXEC));

            CutterAssertions.assertThat(db).hasBaselineCounts();
        }
    }
}
