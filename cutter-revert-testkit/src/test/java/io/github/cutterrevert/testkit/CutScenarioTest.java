package io.github.cutterrevert.testkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cutterrevert.Phase;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

class CutScenarioTest {

    // Never connected to: every check below fails before a connection is opened.
    private final DataSource nowhere = new PGSimpleDataSource();

    @Test
    void refusesABlankRunId() {
        assertThatThrownBy(() -> CutScenario.forRun(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("runId must not be blank");
    }

    @Test
    void refusesNonPositiveCounts() {
        assertThatThrownBy(() -> CutScenario.forRun("r").units(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("units must be > 0 but was 0");
        assertThatThrownBy(() -> CutScenario.forRun("r").versionsPerUnit(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("versionsPerUnit must be > 0 but was -1");
        assertThatThrownBy(() -> CutScenario.forRun("r").enactedUnits(-2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("enactedUnits must be >= 0 but was -2");
    }

    @Test
    void refusesToEnactMoreUnitsThanItCreates() {
        assertThatThrownBy(
                        () -> CutScenario.forRun("r").units(2).enactedUnits(3).apply(nowhere))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("enactedUnits must be <= units (2) but was 3");
    }

    @Test
    void refusesPartialEnactmentInAFailingRun() {
        assertThatThrownBy(() -> CutScenario.forRun("r")
                        .enactedUnits(1)
                        .failingAt(Phase.WRITE_VERIFY)
                        .apply(nowhere))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("enactedUnits needs lifecycle_enact to commit, but the scenario fails at write_verify");
    }
}
