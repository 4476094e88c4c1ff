package io.github.cutterrevert.proof.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.cutterrevert.Compensator;
import io.github.cutterrevert.FailClosed;
import io.github.cutterrevert.Mode;
import io.github.cutterrevert.Verdict;
import io.github.cutterrevert.jooq.PostgresTarget;
import io.github.cutterrevert.proof.race.Fixture;
import io.github.cutterrevert.proof.race.Probe;
import io.github.cutterrevert.testkit.TestGovernance;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Fails one statement of an approved compensation's {@code execute()}, for every statement it
 * sends, after counting them with no fault (N = infinity): the evidence reads it re-plans from,
 * then, in the execution transaction, the lock, the timeouts, the re-plan, the guards, every write,
 * the ledger append, the re-count, the transaction id and COMMIT. Each N runs with a fresh
 * fail-closed procedure; the database must be exactly as before every time.
 */
class NthStatementFailureIT {
    /** The execution transaction starts with the lock statement. */
    private static final String LOCK = "pg_try_advisory_xact_lock";

    @ParameterizedTest
    @EnumSource(Mode.class)
    void failingAnyOneStatementOfTheExecutionTransactionLeavesEveryRowAsItWasAndFailsClosed(Mode mode) {
        List<String> statements = countStatements(mode);
        int lock = lockStatement(statements);
        assertThat(statements).as("the execution transaction ends with COMMIT").endsWith("COMMIT");

        forEveryFault(
                mode,
                statements,
                lock,
                statements.size(),
                (softly, n, failure, failClosed, sent) -> softly.assertThatCode(
                                () -> Probe.assertFailedClosed(failClosed, Fixture.RUN))
                        .as("statement %d: HOLD, run state STOPPED, kill switch off (failure: %s)", n, failure)
                        .doesNotThrowAnyException());
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void failingAnyOneEvidenceReadBeforeTheExecutionTransactionWritesNothingAndOpensNoWriteTransaction(Mode mode) {
        List<String> statements = countStatements(mode);
        int lock = lockStatement(statements);

        forEveryFault(mode, statements, 1, lock - 1, (softly, n, failure, failClosed, sent) -> softly.assertThat(sent)
                .as("statement %d: the lock is never taken", n)
                .noneMatch(sql -> sql.contains(LOCK)));
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void failingAnyOneEvidenceReadBeforeTheExecutionTransactionFailsClosedToo(Mode mode) {
        List<String> statements = countStatements(mode);
        int lock = lockStatement(statements);

        forEveryFault(mode, statements, 1, lock - 1, (softly, n, failure, failClosed, sent) -> softly.assertThatCode(
                        () -> Probe.assertFailedClosed(failClosed, Fixture.RUN))
                .as("statement %d: HOLD, run state STOPPED, kill switch off (failure: %s)", n, failure)
                .doesNotThrowAnyException());
    }

    /** What is checked for one N besides "execute() threw, every row as before". */
    @FunctionalInterface
    private interface Check {
        // sent: every statement of the call, the post-failure snapshot's included.
        void check(SoftAssertions softly, int n, Throwable failure, FailClosed failClosed, List<String> sent);
    }

    /** Runs the compensation once per N in {@code [from, to]}, failing statement N. */
    private static void forEveryFault(Mode mode, List<String> statements, int from, int to, Check check) {
        assertThat(to).as("statements to fail").isGreaterThanOrEqualTo(from);
        try (Fixture fixture = Fixture.create("proof-fault-nth")) {
            FaultyDataSource faulty = new FaultyDataSource(fixture.exec());
            Map<String, Object> before = Probe.state(fixture.admin());
            SoftAssertions softly = new SoftAssertions();
            for (int n = from; n <= to; n++) {
                String statement = "statement " + n + "/" + statements.size() + " [" + statements.get(n - 1) + "]";
                // A fresh target each time, as in the counted run: a target checks the schema
                // contract once, so a reused one would send fewer statements from the second N on.
                PostgresTarget target = PostgresTarget.of(faulty);
                FailClosed failClosed = TestGovernance.failClosed();
                faulty.failAt(Integer.MAX_VALUE);
                Compensator compensator = fixture.reviewed(target, failClosed, mode);

                faulty.failAt(n);
                Throwable failure = catchThrowable(compensator::execute);
                List<String> sent = faulty.statements();
                boolean injected = faulty.injected();
                faulty.failAt(Integer.MAX_VALUE);

                softly.assertThat(injected).as("%s was reached", statement).isTrue();
                softly.assertThat(sent.get(n - 1))
                        .as("%s is the statement of the counted run", statement)
                        .isEqualTo(statements.get(n - 1));
                softly.assertThat(failure).as("%s: execute() throws", statement).isNotNull();
                softly.assertThat(Probe.state(fixture.admin()))
                        .as("%s: every row as before, no ledger row", statement)
                        .isEqualTo(before);
                check.check(softly, n, failure, failClosed, sent);
            }
            softly.assertAll();
        }
    }

    private static int lockStatement(List<String> statements) {
        for (int i = 0; i < statements.size(); i++) {
            if (statements.get(i).contains(LOCK)) {
                return i + 1;
            }
        }
        throw new AssertionError("expected a lock statement among " + statements);
    }

    /** Runs the compensation without a fault on a fixture of its own and lists its statements. */
    private static List<String> countStatements(Mode mode) {
        try (Fixture fixture = Fixture.create("proof-fault-count")) {
            FaultyDataSource faulty = new FaultyDataSource(fixture.exec());
            Compensator compensator = fixture.reviewed(PostgresTarget.of(faulty), TestGovernance.failClosed(), mode);
            faulty.failAt(Integer.MAX_VALUE);
            assertThat(compensator.execute().verdict()).isEqualTo(new Verdict.Compensated());
            List<String> statements = faulty.statements();
            assertThat(statements)
                    .as("a compensation's statements, counted with no fault (N = infinity)")
                    .hasSizeGreaterThan(10);
            return statements;
        }
    }
}
