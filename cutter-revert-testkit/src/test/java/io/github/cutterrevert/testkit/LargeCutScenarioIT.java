package io.github.cutterrevert.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cutterrevert.Phase;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The scenario builder is set-based: one statement per phase, however many units, so its cost is
 * the orchestrator functions' own (about 0.2 ms per unit for create and enact together on a small
 * machine; 100,000 units take about 20 s there).
 */
class LargeCutScenarioIT {

    private static final int UNITS = 20_000;

    private static final System.Logger LOG = System.getLogger(LargeCutScenarioIT.class.getName());

    @Test
    void twentyThousandUnitsAreCutAndEnactedInOneStatementPerPhase() {
        try (TestDatabase db = TestDatabase.create("cut-large")) {
            long started = System.nanoTime();
            CutScenarioResult result =
                    CutScenario.forRun("run-large").units(UNITS).apply(db.dataSource());
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            LOG.log(
                    System.Logger.Level.INFO,
                    "{0}-unit cut, all phases committed, took {1} ms",
                    UNITS,
                    took.toMillis());

            assertThat(result.committedPhases()).containsExactly(Phase.values());
            CutterAssertions.assertThat(db)
                    .hasRowCount("public.information_unit", UNITS)
                    .hasRowCount("public.iu_lifecycle_log", UNITS)
                    .changeSet("cs-run-large")
                    .unitsAllHaveStatus("enacted");
            // Generous, to survive a busy CI box; a per-unit round trip or a quadratic plan would not.
            assertThat(took).isLessThan(Duration.ofSeconds(UNITS / 500));
        }
    }
}
