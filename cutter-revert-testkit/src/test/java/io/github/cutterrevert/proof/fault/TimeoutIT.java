package io.github.cutterrevert.proof.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cutterrevert.CompensationResult;
import io.github.cutterrevert.CompensationTimeoutException;
import io.github.cutterrevert.Compensator;
import io.github.cutterrevert.FailClosed;
import io.github.cutterrevert.Mode;
import io.github.cutterrevert.jooq.PostgresTarget;
import io.github.cutterrevert.proof.race.Background;
import io.github.cutterrevert.proof.race.Background.Outcome;
import io.github.cutterrevert.proof.race.Fixture;
import io.github.cutterrevert.proof.race.Gate;
import io.github.cutterrevert.proof.race.Probe;
import io.github.cutterrevert.testkit.PlainJdbc;
import io.github.cutterrevert.testkit.TestDatabase;
import io.github.cutterrevert.testkit.TestGovernance;
import java.sql.Connection;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A statement held past {@code statement_timeout} and a row lock held past {@code lock_timeout}:
 * a typed timeout in bounded time, nothing partial, no connection or thread left behind.
 */
class TimeoutIT {
    private static final Duration SHORT = Duration.ofMillis(300);
    private static final Duration BOUND = Duration.ofSeconds(5);
    private static final Duration WAIT = Duration.ofSeconds(20);

    private Fixture fixture;
    private Map<String, Object> before;

    @BeforeEach
    void cut() {
        fixture = Fixture.create("proof-timeout");
        before = Probe.state(fixture.admin());
    }

    @AfterEach
    void drop() {
        fixture.close();
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void aStatementHeldPastStatementTimeoutEndsInATypedTimeoutWithNothingWritten(Mode mode) {
        FailClosed failClosed = TestGovernance.failClosed();
        PostgresTarget target = PostgresTarget.builder(fixture.exec())
                .statementTimeout(SHORT)
                .lockTimeout(WAIT)
                .build();
        Compensator compensator = fixture.reviewed(target, failClosed, mode);

        Outcome<CompensationResult> compensation;
        try (Gate gate = Gate.beforeFirstWrite(fixture.admin());
                Background sessions = new Background()) {
            var compensating = sessions.start(compensator::execute);
            // The first write waits at the gate until statement_timeout cancels it.
            gate.awaitArrival(WAIT);
            compensation = Background.await(compensating, WAIT);
        }

        assertThat(compensation.failure()).isInstanceOfSatisfying(CompensationTimeoutException.class, e -> {
            assertThat(e.sqlState()).isEqualTo("57014");
            assertThat(e.limit()).isEqualTo(SHORT);
        });
        assertBoundedAndClean(compensation, failClosed);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void aRowLockHeldPastLockTimeoutEndsInATypedTimeoutWithNothingWritten(Mode mode) throws Exception {
        FailClosed failClosed = TestGovernance.failClosed();
        PostgresTarget target =
                PostgresTarget.builder(fixture.exec()).lockTimeout(SHORT).build();
        Compensator compensator = fixture.reviewed(target, failClosed, mode);

        Outcome<CompensationResult> compensation;
        try (Connection holder = fixture.admin().getConnection();
                Background sessions = new Background()) {
            holder.setAutoCommit(false);
            PlainJdbc.run(holder, "SELECT 1 FROM public.information_unit WHERE id = ? FOR UPDATE", fixture.unitId(2));
            // The versions are written first; the unit row's lock stops the second write.
            compensation = Background.await(sessions.start(compensator::execute), WAIT);
            holder.rollback();
        }

        assertThat(compensation.failure()).isInstanceOfSatisfying(CompensationTimeoutException.class, e -> {
            assertThat(e.sqlState()).isEqualTo("55P03");
            assertThat(e.limit()).isEqualTo(SHORT);
        });
        assertBoundedAndClean(compensation, failClosed);
    }

    private void assertBoundedAndClean(Outcome<CompensationResult> compensation, FailClosed failClosed) {
        assertThat(compensation.took()).as("bounded").isLessThan(BOUND);
        assertThat(compensation.failure()).hasMessageContaining("rolled back");
        assertThat(Probe.state(fixture.admin()))
                .as("nothing partial: the versions written before the wait are rolled back too")
                .isEqualTo(before);
        Probe.assertFailedClosed(failClosed, Fixture.RUN);
        Probe.awaitNoBackendsOf(fixture.admin(), TestDatabase.CUTTER_EXEC, BOUND);
    }
}
