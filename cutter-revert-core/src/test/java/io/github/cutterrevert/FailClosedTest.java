package io.github.cutterrevert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FailClosedTest {
    private static final RunId RUN = RunId.of("run/42 \"quoted\"");

    @TempDir
    Path root;

    private FailClosed failClosed;

    @BeforeEach
    void setUp() {
        failClosed = FailClosed.inDirectories(root.resolve("rollback"), root.resolve("locks"));
    }

    private Escalation engage(RunId runId, String reason) {
        return failClosed.engage(
                runId,
                new Verdict.Failed(reason, Optional.of("CR001")),
                Optional.empty(),
                () -> "-- no sql",
                () -> failClosed.runDirectory(runId).resolve("post.json"));
    }

    @Test
    void engageRunsTheFiveStepsOfTheRunbook() throws Exception {
        assertThat(failClosed.killSwitch().executionEnabled())
                .as("armed before")
                .isTrue();

        Escalation escalation = engage(RUN, "step 3 on public.unit_version failed");

        assertThat(failClosed.killSwitch().executionEnabled())
                .as("1. kill switch off")
                .isFalse();
        RunState state = failClosed.runState().read(RUN).orElseThrow();
        assertThat(state.state()).as("2. run state").isEqualTo(RunState.State.STOPPED);
        assertThat(state.lastError())
                .hasValueSatisfying(error -> assertThat(error).contains("step 3 on public.unit_version failed"));
        HoldNotice hold = failClosed.hold().orElseThrow();
        assertThat(hold.runId()).as("3. HOLD names the run").isEqualTo(RUN);
        assertThat(hold.reason()).contains("step 3");
        assertThat(escalation.holdCreated()).isTrue();
        assertThat(escalation.postSnapshot())
                .as("4. post snapshot")
                .contains(failClosed.runDirectory(RUN).resolve("post.json"));
        assertThat(escalation.bundle())
                .as("5. escalation bundle beside the snapshots")
                .hasParent(failClosed.runDirectory(RUN));
        assertThat(Files.readString(escalation.bundle()))
                .contains("FAILED", "CR001", "what a human can do next", "release(");
        assertThat(escalation.problems()).isEmpty();
    }

    @Test
    void aSecondHoldIsRefusedAndTheFirstIsUnchanged() throws Exception {
        engage(RUN, "first failure");
        Path holdFile = failClosed.hold().orElseThrow().file();
        String first = Files.readString(holdFile);

        Escalation second = engage(RunId.of("other-run"), "second failure");

        assertThat(second.holdCreated()).isFalse();
        assertThat(second.problems()).anySatisfy(problem -> assertThat(problem).contains("HOLD already exists"));
        assertThat(Files.readString(holdFile)).isEqualTo(first);
        assertThat(failClosed.hold().orElseThrow().runId()).isEqualTo(RUN);
    }

    @Test
    void onHoldMutatingCallsRefuseNamingTheHeldRunAndReason() {
        engage(RUN, "boom");

        assertThatThrownBy(() -> failClosed.requireNotOnHold(RunId.of("next-run")))
                .isInstanceOfSatisfying(OnHoldException.class, e -> {
                    assertThat(e.heldRunId()).isEqualTo(RUN);
                    assertThat(e.reason()).contains("boom");
                    assertThat(e.runId()).contains(RunId.of("next-run"));
                });
    }

    @Test
    void releaseIsRecordedKeepsTheHoldFileAndRearmsOnlyWhenAsked() throws Exception {
        engage(RUN, "boom");

        HoldRelease release = failClosed.release("sovereign@example.org", "cause fixed, re-plan", false);

        assertThat(failClosed.hold()).isEmpty();
        assertThat(failClosed.killSwitch().executionEnabled())
                .as("not re-armed unless asked")
                .isFalse();
        assertThat(Files.readString(release.record()))
                .contains("released_by=sovereign@example.org", "reason=cause fixed, re-plan");
        assertThat(failClosed.runDirectory(RUN).resolve("HOLD.released")).exists();
        failClosed.requireNotOnHold(RUN);

        engage(RUN, "again");
        HoldRelease second = failClosed.release("sovereign@example.org", "re-arm", true);
        assertThat(second.record()).isNotEqualTo(release.record());
        assertThat(failClosed.killSwitch().executionEnabled()).isTrue();
    }

    @Test
    void releaseWithoutHoldOrWithoutReasonIsRefused() {
        assertThatThrownBy(() -> failClosed.release("ops", "why", false))
                .isInstanceOf(InvalidPlanException.class)
                .hasMessageContaining("expected a HOLD to release but found none");
        engage(RUN, "boom");
        assertThatThrownBy(() -> failClosed.release("ops", " ", false))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("reason"));
        assertThat(failClosed.hold()).isPresent();
    }

    @Test
    void aFailingPostSnapshotIsReportedAndTheOtherStepsStillRun() {
        Escalation escalation =
                failClosed.engage(RUN, new Verdict.Refused("enacted units"), Optional.empty(), () -> "", () -> {
                    throw new StoreException(
                            RUN, Path.of("post.json"), "expected a new file (write-once) but it already exists", null);
                });

        assertThat(escalation.postSnapshot()).isEmpty();
        assertThat(escalation.problems())
                .anySatisfy(problem -> assertThat(problem).startsWith("post-failure snapshot"));
        assertThat(failClosed.hold()).isPresent();
        assertThat(failClosed.killSwitch().executionEnabled()).isFalse();
    }
}
