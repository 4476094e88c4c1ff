package io.github.cutterrevert.proof.race;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cutterrevert.CompensationResult;
import io.github.cutterrevert.Compensator;
import io.github.cutterrevert.FailClosed;
import io.github.cutterrevert.Mode;
import io.github.cutterrevert.Verdict;
import io.github.cutterrevert.jooq.PostgresTarget;
import io.github.cutterrevert.testkit.TestGovernance;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The same compensation twice in a row: the second finds nothing to do and appends nothing. */
class RepeatedCompensationIT {
    private Fixture fixture;

    @BeforeEach
    void cut() {
        fixture = Fixture.create("proof-repeated");
    }

    @AfterEach
    void drop() {
        fixture.close();
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void theSameCompensationTwiceInARowIsNothingToDoTheSecondTimeAndAppendsNothing(Mode mode) {
        PostgresTarget target = fixture.target(Duration.ofSeconds(5));
        FailClosed failClosed = TestGovernance.failClosed();
        Compensator first = fixture.reviewed(target, failClosed, mode);
        // Reviewed before the first one ran: it carries the same approval for the same fingerprint.
        Compensator reviewedAlongside = fixture.reviewed(target, failClosed, mode);

        assertThat(first.execute().verdict()).isEqualTo(new Verdict.Compensated());
        Map<String, Object> compensated = Probe.state(fixture.admin());

        CompensationResult again = first.execute();
        CompensationResult alongside = reviewedAlongside.execute();
        CompensationResult fresh = fixture.reviewed(target, failClosed, mode).execute();

        for (CompensationResult second : new CompensationResult[] {again, alongside, fresh}) {
            assertThat(second.verdict()).isInstanceOf(Verdict.NothingToDo.class);
            assertThat(second.rowsAffected()).isEmpty();
        }
        assertThat(Probe.state(fixture.admin()))
                .as("nothing written the second time")
                .isEqualTo(compensated);
        assertThat(Probe.decisions(fixture.admin(), Fixture.CHANGE_SET)).isEqualTo(1);
        Probe.assertNotHeld(failClosed);
    }
}
