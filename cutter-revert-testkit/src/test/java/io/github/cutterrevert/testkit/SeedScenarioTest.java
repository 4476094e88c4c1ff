package io.github.cutterrevert.testkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SeedScenarioTest {

    @Test
    void refusesANegativeNumberOfDownstreamReferences() {
        assertThatThrownBy(() -> SeedScenario.constitutionSource().downstreamReferences(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("downstreamReferences must be >= 0 but was -1");
    }
}
