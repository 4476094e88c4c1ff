package io.github.cutterrevert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fail-closed procedure cannot fail open: a directory it cannot write is refused before the
 * target is touched, a HOLD that cannot be persisted mid-failure is held in memory, messages name
 * what a human needs (against an in-memory {@link FakeTarget}; the ITs repeat this on PostgreSQL).
 */
class FailClosedHardeningTest {
    private final FakeTarget target = new FakeTarget();

    @TempDir
    Path home;

    private FailClosed failClosed() {
        return FailClosed.builder().home(home).build();
    }

    private Compensator compensator(FailClosed failClosed) {
        return Compensator.forRun("run-42")
                .on(target)
                .failedAt(Phase.WRITE_VERIFY)
                .failClosed(failClosed)
                .signedBy(Fixtures.SIGNER);
    }

    @Test
    void aLocksDirectoryUnderARegularFileIsRefusedBeforeTheTargetIsTouched() throws IOException {
        Files.writeString(home.resolve("locks"), "a regular file where a directory's parent should be");
        FailClosed failClosed = FailClosed.inDirectories(home.resolve("rollback"), home.resolve("locks/sub"));
        Compensator c = compensator(failClosed);
        CompensationPlan plan = c.plan();
        target.evidenceRequests.clear();

        assertThatThrownBy(() -> c.authorizedBy(Fixtures.approving(plan)).execute())
                .isInstanceOfSatisfying(CannotFailClosedException.class, e -> {
                    assertThat(e.location()).isEqualTo(home.resolve("locks/sub").toString());
                    assertThat(e.reason()).contains(home.resolve("locks") + " exists and is not a directory");
                    assertThat(e).hasMessageContaining("nothing was executed");
                    assertThat(e.runId()).contains(RunId.of("run-42"));
                });
        assertThat(target.executed).as("nothing reached the target").isEmpty();
        assertThat(target.evidenceRequests).as("not even a read").isEmpty();
    }

    @Test
    void seedRollbackRunsTheSamePreflight() throws IOException {
        Files.writeString(home.resolve("rollback"), "in the way");
        SeedRollback rollback = SeedRollback.of(Fixtures.constitutionSeed())
                .runId("rollback-1")
                .on(target)
                .failClosed(failClosed());

        assertThatThrownBy(rollback::execute)
                .isInstanceOfSatisfying(CannotFailClosedException.class, e -> assertThat(e.location())
                        .isEqualTo(home.resolve("rollback").toString()));
        assertThat(target.executed).isEmpty();
    }

    @Test
    void aHoldThatCannotBePersistedMidFailureIsHeldInMemoryAndSaysSo() throws IOException {
        FailClosed failClosed = failClosed();
        Compensator c = compensator(failClosed);
        CompensationPlan plan = c.plan();
        StepFailedException failure =
                new StepFailedException(RunId.of("run-42"), 5, "public.unit_version", 6, 5, null, null);
        target.failure = failure;
        Path locks = home.resolve("locks");
        // The locks directory disappears under a regular file after the preflight (as a disk that
        // fills up or a permission changed mid-run would).
        target.duringExecute = () -> replaceWithFile(locks);

        assertThatThrownBy(() -> c.authorizedBy(Fixtures.approving(plan)).execute())
                .isSameAs(failure)
                .hasMessageContaining("step 6 on public.unit_version failed")
                .hasMessageContaining("the HOLD could not be persisted to " + locks.resolve("HOLD"))
                .hasMessageContaining("held in the memory of this JVM only");
        Escalation escalation = failure.escalation().orElseThrow();
        assertThat(escalation.holds())
                .singleElement()
                .asString()
                .startsWith("the memory of this JVM (could not be persisted to " + locks.resolve("HOLD"));
        assertThat(escalation.holdCreated()).isTrue();
        assertThat(Files.readString(escalation.bundle())).contains("HOLD:          the memory of this JVM");

        // A new procedure over the same directories in this JVM refuses, before the target.
        target.failure = null;
        target.executed.clear();
        FailClosed again = failClosed();
        assertThat(again.hold())
                .hasValueSatisfying(hold -> assertThat(hold.runId()).isEqualTo(RunId.of("run-42")));
        assertThatThrownBy(() -> compensator(again)
                        .authorizedBy(Fixtures.approving(plan))
                        .execute())
                .isInstanceOfSatisfying(
                        OnHoldException.class,
                        e -> assertThat(e.hold().location()).startsWith("the memory of this JVM"));
        assertThat(target.executed).isEmpty();

        // Fixed and released explicitly: execution works again.
        Files.delete(locks);
        HoldRelease release = again.release("ops@example.org", "disk replaced", true);
        assertThat(release.releasedFrom()).singleElement().asString().startsWith("the memory of this JVM");
        assertThat(again.hold()).isEmpty();
        assertThat(compensator(again)
                        .authorizedBy(Fixtures.approving(plan))
                        .execute()
                        .verdict())
                .isEqualTo(new Verdict.Compensated());
    }

    @Test
    void onHoldExceptionNamesFileRunReasonTimeAndTheReleaseCalls() {
        FailClosed failClosed = failClosed();
        Compensator c = compensator(failClosed);
        CompensationPlan plan = c.plan();
        target.failure = new StepFailedException(RunId.of("run-42"), 5, "public.unit_version", 6, 5, "P0001", null);
        assertThatThrownBy(() -> c.authorizedBy(Fixtures.approving(plan)).execute())
                .isInstanceOf(StepFailedException.class);
        HoldNotice hold = failClosed.hold().orElseThrow();
        target.failure = null;

        assertThatThrownBy(() -> compensator(failClosed)
                        .authorizedBy(Fixtures.approving(plan))
                        .execute())
                .isInstanceOfSatisfying(OnHoldException.class, e -> assertThat(e)
                        .hasMessageContaining("found HOLD of run run-42: failed: run run-42: step 6")
                        .hasMessageContaining("placed " + hold.createdAt())
                        .hasMessageContaining("kept in " + home.resolve("locks").resolve("HOLD"))
                        .hasMessageContaining("failClosed.release(\"<who>\", \"<why>\"")
                        .hasMessageContaining("cutter-revert release --by <who> --reason <why> [--rearm]"));
    }

    @Test
    void theBundleSaysPlainlyThatNoPreJsonWasWritten() throws IOException {
        FailClosed failClosed = failClosed();
        Compensator c = compensator(failClosed);
        CompensationPlan plan = c.plan();
        target.failure = new StepFailedException(RunId.of("run-42"), 5, "public.unit_version", 6, 5, null, null);

        assertThatThrownBy(() -> c.authorizedBy(Fixtures.approving(plan)).execute())
                .isInstanceOfSatisfying(StepFailedException.class, e -> {
                    Escalation escalation = e.escalation().orElseThrow();
                    assertThat(escalation.preSnapshot()).isEmpty();
                    assertThat(escalation.bundle()).exists();
                    assertThat(escalation.script()).exists();
                    assertThat(escalation.holds())
                            .containsExactly(home.resolve("locks/HOLD").toString());
                });
        String bundle =
                Files.readString(failClosed.runDirectory(RunId.of("run-42")).resolve("escalation.txt"));
        assertThat(bundle)
                .contains("pre.json:      none: no pre.json was written for this run before it started")
                .doesNotContain(failClosed
                        .runDirectory(RunId.of("run-42"))
                        .resolve("pre.json")
                        .toString());
    }

    @Test
    void theDefaultHomeComesFromThePropertyThenTheEnvironment() {
        String previous = System.getProperty(FailClosed.HOME_PROPERTY);
        try {
            System.setProperty(FailClosed.HOME_PROPERTY, home.toString());
            FailClosed failClosed = FailClosed.defaults();
            assertThat(failClosed.rollbackDirectory()).isEqualTo(home.resolve("rollback"));
            assertThat(failClosed.locksDirectory()).isEqualTo(home.resolve("locks"));
            System.setProperty(FailClosed.HOME_PROPERTY, " ");
            assertThatThrownBy(FailClosed::defaults)
                    .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field())
                            .isEqualTo("cutter.home"));
            System.clearProperty(FailClosed.HOME_PROPERTY);
            Path expected = Optional.ofNullable(System.getenv(FailClosed.HOME_ENVIRONMENT))
                    .map(Path::of)
                    .orElse(FailClosed.DEFAULT_HOME);
            assertThat(FailClosed.defaults().locksDirectory()).isEqualTo(expected.resolve("locks"));
        } finally {
            if (previous == null) {
                System.clearProperty(FailClosed.HOME_PROPERTY);
            } else {
                System.setProperty(FailClosed.HOME_PROPERTY, previous);
            }
        }
    }

    @Test
    void aHoldKeptNowhereIsRefused() {
        assertThatThrownBy(() -> FailClosed.builder().home(home).fileHold(false).build())
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("fileHold"));
    }

    private static void replaceWithFile(Path directory) {
        try {
            CompensatorTest.deleteTree(directory);
            Files.writeString(directory, "not a directory any more");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
