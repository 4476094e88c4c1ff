package io.github.cutterrevert.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cutterrevert.Phase;
import org.junit.jupiter.api.Test;

/**
 * The scenario builder is set-based: one statement per phase, however many units, so its cost is
 * the orchestrator functions' own (about 0.2 ms per unit for create and enact together on a small
 * machine; 100,000 units take about 20 s there).
 */
class LargeCutScenarioIT {

    private static final int UNITS = 20_000;

    @Test
    void twentyThousandUnitsAreCutAndEnactedWithExactCounts() {
        try (TestDatabase db = TestDatabase.create("cut-large")) {
            CutScenarioResult result =
                    CutScenario.forRun("run-large").units(UNITS).apply(db.dataSource());

            assertThat(result.committedPhases()).containsExactly(Phase.values());
            CutterAssertions.assertThat(db)
                    .hasRowCount("public.information_unit", UNITS)
                    .hasRowCount("public.iu_lifecycle_log", UNITS)
                    .changeSet("cs-run-large")
                    .unitsAllHaveStatus("enacted");
        }
    }
}
