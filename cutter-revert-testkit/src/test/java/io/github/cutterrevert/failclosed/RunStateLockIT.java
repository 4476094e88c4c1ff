package io.github.cutterrevert.failclosed;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cutterrevert.CompensationResult;
import io.github.cutterrevert.Compensator;
import io.github.cutterrevert.FailClosed;
import io.github.cutterrevert.Phase;
import io.github.cutterrevert.RunId;
import io.github.cutterrevert.RunState;
import io.github.cutterrevert.Verdict;
import io.github.cutterrevert.jooq.PostgresTarget;
import io.github.cutterrevert.testkit.CutScenario;
import io.github.cutterrevert.testkit.ReferenceWorld;
import io.github.cutterrevert.testkit.TestDatabase;
import io.github.cutterrevert.testkit.TestGovernance;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run-state file against a real second JVM process: kept out while the other process holds
 * the lock, and complete after the other process is killed in the middle of its writes.
 */
class RunStateLockIT {
    private static final RunId RUN = RunId.of("run-1");

    @TempDir
    Path home;

    private Process start(String... args) throws Exception {
        String[] command = new String[args.length + 4];
        command[0] = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        command[1] = "-cp";
        command[2] = System.getProperty("java.class.path");
        command[3] = RunStateWriter.class.getName();
        System.arraycopy(args, 0, command, 4, args.length);
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    @Test
    void aSecondProcessHoldingTheRunStateLockKeepsTheFailClosedWriteOutUntilItLetsGo() throws Exception {
        FailClosed failClosed = FailClosed.inDirectories(home.resolve("rollback"), home.resolve("locks"));
        RunState running =
                new RunState(RUN, RunState.State.RUNNING, Optional.empty(), Instant.parse("2026-05-21T10:00:00Z"));
        failClosed.runState().write(running);
        long holdMillis = 2_000;
        try (TestDatabase db = TestDatabase.create("failclosed-lock")) {
            ReferenceWorld.seedBaseline(db.dataSource());
            CutScenario.forRun(RUN.value())
                    .changeSet("cs-1")
                    .units(2)
                    .enactedUnits(1)
                    .apply(db.dataSource());
            Compensator refused = Compensator.forRun(RUN)
                    .on(PostgresTarget.of(db.dataSourceAs(TestDatabase.CUTTER_EXEC)))
                    .failedAt(Phase.WRITE_VERIFY)
                    .failClosed(failClosed)
                    .signedBy(TestGovernance.signer());
            Process other =
                    start("hold", failClosed.rollbackDirectory().toString(), RUN.value(), Long.toString(holdMillis));
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8))) {
                assertThat(out.readLine())
                        .as("the other process holds the lock")
                        .isEqualTo("locked");
                assertThat(failClosed.runState().read(RUN))
                        .as("meanwhile a reader sees the old state, complete")
                        .contains(running);
                long started = System.nanoTime();

                CompensationResult result = refused.execute();

                long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                assertThat(result.verdict()).isInstanceOf(Verdict.Refused.class);
                assertThat(other.waitFor(10, TimeUnit.SECONDS)).isTrue();
                assertThat(other.exitValue()).isZero();
                assertThat(waited)
                        .as("the fail-closed run-state write waited for the other process")
                        .isGreaterThanOrEqualTo(holdMillis - 500);
            } finally {
                other.destroyForcibly();
            }
        }
        RunState stopped = failClosed.runState().read(RUN).orElseThrow();
        assertThat(stopped.state())
                .as("our write came after the other process's, and replaced it whole")
                .isEqualTo(RunState.State.STOPPED);
        assertThat(stopped.lastError())
                .hasValueSatisfying(error -> assertThat(error).startsWith("refused: "));
        assertThat(failClosed.hold()).isPresent();
    }

    @Test
    void aProcessKilledInTheMiddleOfItsRunStateWritesLeavesACompleteState() throws Exception {
        FailClosed failClosed = FailClosed.inDirectories(home.resolve("rollback"), home.resolve("locks"));
        for (int round = 1; round <= 5; round++) {
            Process other = start("loop", failClosed.rollbackDirectory().toString(), RUN.value());
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8))) {
                assertThat(out.readLine()).isEqualTo("started");
                Thread.sleep(ThreadLocalRandom.current().nextLong(20, 300));
                other.destroyForcibly(); // SIGKILL: no shutdown hook, no finally
                assertThat(other.waitFor(10, TimeUnit.SECONDS)).isTrue();
            }

            RunState state = failClosed.runState().read(RUN).orElseThrow();

            assertThat(state.state()).isEqualTo(RunState.State.RUNNING);
            assertThat(state.lastError())
                    .as("round %d: a complete state, never a torn one", round)
                    .hasValueSatisfying(
                            error -> assertThat(error).matches("write #\\d+ x{" + RunStateWriter.PADDING + "}"));
        }
        RunState stopped = new RunState(RUN, RunState.State.STOPPED, Optional.of("after the kills"), Instant.now());
        failClosed.runState().write(stopped);
        assertThat(failClosed.runState().read(RUN))
                .as("the dead process's lock went with it")
                .contains(stopped);
    }
}
