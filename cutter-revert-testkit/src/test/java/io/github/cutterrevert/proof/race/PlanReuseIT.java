package io.github.cutterrevert.proof.race;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cutterrevert.CompensationResult;
import io.github.cutterrevert.Compensator;
import io.github.cutterrevert.FailClosed;
import io.github.cutterrevert.Mode;
import io.github.cutterrevert.NotApprovedException;
import io.github.cutterrevert.Verdict;
import io.github.cutterrevert.jooq.PostgresTarget;
import io.github.cutterrevert.testkit.PlainJdbc;
import io.github.cutterrevert.testkit.TestGovernance;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code execute()} after {@code plan()} on the same compensator starts from that plan instead of
 * reading the evidence again, on one connection, and only while the request is the one planned.
 */
class PlanReuseIT {
    private Fixture fixture;

    @BeforeEach
    void cut() {
        fixture = Fixture.create("proof-plan-reuse");
    }

    @AfterEach
    void drop() {
        fixture.close();
    }

    @Test
    void executeAfterPlanSendsOnlyItsTransactionOnOneConnection() {
        AtomicInteger connections = new AtomicInteger();
        AtomicInteger statements = new AtomicInteger();
        PostgresTarget target = PostgresTarget.builder(
                        WrappedDataSource.counting(fixture.exec(), connections, statements))
                .build();
        target.validate();
        FailClosed failClosed = TestGovernance.failClosed();
        Compensator compensator = fixture.reviewed(target, failClosed, Mode.SOFT_REVERT);
        connections.set(0);
        statements.set(0);

        CompensationResult result = compensator.execute();

        assertThat(result.verdict()).isEqualTo(new Verdict.Compensated());
        assertThat(connections.get()).as("connections taken by execute()").isEqualTo(1);
        assertThat(statements.get())
                .as("statements sent by execute(): its transaction only, no evidence read")
                .isEqualTo(result.statements());
        assertThat(Probe.units(fixture.admin(), Fixture.CHANGE_SET, "withdrawn"))
                .isEqualTo(Fixture.UNITS);

        // The plan is used once: the next execute() reads the evidence again and finds nothing to do.
        statements.set(0);
        CompensationResult again = compensator.execute();
        assertThat(again.verdict()).isInstanceOf(Verdict.NothingToDo.class);
        assertThat(statements.get()).as("the evidence was read again").isGreaterThan(0);
        assertThat(Probe.decisions(fixture.admin(), Fixture.CHANGE_SET)).isEqualTo(1);
    }

    @Test
    void aRequestChangedAfterPlanIsPlannedAgainAndItsApprovalNoLongerFits() {
        FailClosed failClosed = TestGovernance.failClosed();
        Compensator compensator =
                fixture.reviewed(fixture.target(java.time.Duration.ofSeconds(5)), failClosed, Mode.SOFT_REVERT);
        long units = PlainJdbc.count(fixture.admin(), "SELECT count(*) FROM public.information_unit");

        compensator.hardDelete(); // after the soft plan was approved

        assertThatThrownBy(compensator::execute).isInstanceOf(NotApprovedException.class);
        assertThat(PlainJdbc.count(fixture.admin(), "SELECT count(*) FROM public.information_unit"))
                .as("nothing deleted")
                .isEqualTo(units);
        assertThat(Probe.units(fixture.admin(), Fixture.CHANGE_SET, "draft")).isEqualTo(Fixture.UNITS);
        assertThat(Probe.decisions(fixture.admin(), Fixture.CHANGE_SET)).isZero();
        Probe.assertNotHeld(failClosed);
    }
}
