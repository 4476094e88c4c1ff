package io.github.cutterrevert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cutterrevert.spi.CompensationListener;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JFR events and listeners of {@link Compensator} and {@link SeedRollback}, against a {@link FakeTarget}. */
class ObservationTest {
    private final FakeTarget target = new FakeTarget();
    private final List<String> heard = new ArrayList<>();

    @TempDir
    Path home;

    private final CompensationListener listener = new CompensationListener() {
        @Override
        public void executed(CompensationResult result) {
            heard.add("executed " + result.verdict().getClass().getSimpleName());
        }

        @Override
        public void failed(RunId runId, RuntimeException failure, Duration elapsed) {
            heard.add("failed " + runId.value() + " " + failure.getClass().getSimpleName());
        }

        @Override
        public void previewed(Preview preview, Duration elapsed) {
            heard.add("previewed " + preview.plan().kind());
        }

        @Override
        public void approvalRefused(RunId runId, CutterRevertException refusal) {
            heard.add("approvalRefused " + refusal.getClass().getSimpleName());
        }
    };

    private Compensator compensator() {
        return Compensator.forRun("run-42")
                .on(target)
                .failedAt(Phase.WRITE_VERIFY)
                .failClosed(FailClosed.inDirectories(home.resolve("rollback"), home.resolve("locks")))
                .signedBy(Fixtures.SIGNER)
                .listener(listener);
    }

    private static Authority approving(CompensationPlan plan) {
        return Authority.decision("sovereign", "DEC-1", "reviewed", plan.fingerprint(), Instant.now());
    }

    /** Runs work under a JFR recording of cutter-revert's events and reads them back from the file. */
    private List<RecordedEvent> recorded(Runnable work) throws Exception {
        Path file = home.resolve("recording.jfr");
        try (Recording recording = new Recording()) {
            for (String name : List.of(
                    Observability.EVENT_COMPENSATION,
                    Observability.EVENT_APPROVAL_REFUSED,
                    Observability.EVENT_HOLD_PLACED,
                    Observability.EVENT_HOLD_RELEASED)) {
                recording.enable(name);
            }
            recording.start();
            work.run();
            recording.stop();
            recording.dump(file);
        }
        return RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().startsWith("io.github.cutterrevert."))
                .toList();
    }

    @Test
    void anExecutionIsOneCompensationEventAndTheListenerHearsIt() throws Exception {
        Compensator compensator = compensator();
        CompensationPlan plan = compensator.plan();

        List<RecordedEvent> events =
                recorded(() -> compensator.authorizedBy(approving(plan)).execute());

        assertThat(events).hasSize(1);
        RecordedEvent event = events.get(0);
        assertThat(event.getEventType().getName()).isEqualTo(Observability.EVENT_COMPENSATION);
        assertThat(event.getString("action")).isEqualTo("execute");
        assertThat(event.getString("runId")).isEqualTo("run-42");
        assertThat(event.getString("changeSet")).isEqualTo("cs-42");
        assertThat(event.getString("kind")).isEqualTo("COMPENSATE");
        assertThat(event.getString("mode")).isEqualTo("SOFT_REVERT");
        assertThat(event.getString("verdict")).isEqualTo("COMPENSATED");
        assertThat(event.getString("fingerprint")).isEqualTo(plan.fingerprint().value());
        assertThat(event.getInt("statements")).isEqualTo(plan.steps().size());
        assertThat(event.getDuration()).isPositive();
        assertThat(heard).containsExactly("executed Compensated");
    }

    @Test
    void aPreviewSaysPreview() throws Exception {
        List<RecordedEvent> events = recorded(() -> compensator().preview());

        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.getString("action")).isEqualTo("preview");
            assertThat(event.getString("verdict")).isEqualTo("PREVIEWED");
            assertThat(event.getString("rows")).contains("information_unit=", "unit_version=");
        });
        assertThat(heard).containsExactly("previewed COMPENSATE");
    }

    @Test
    void aMissingApprovalIsAnApprovalRefusedEventAndAFailedCompensation() throws Exception {
        List<RecordedEvent> events = recorded(
                () -> assertThatThrownBy(() -> compensator().execute()).isInstanceOf(NotApprovedException.class));

        assertThat(events)
                .extracting(e -> e.getEventType().getName())
                .containsExactlyInAnyOrder(Observability.EVENT_COMPENSATION, Observability.EVENT_APPROVAL_REFUSED);
        RecordedEvent refused = events.stream()
                .filter(e -> e.getEventType().getName().equals(Observability.EVENT_APPROVAL_REFUSED))
                .findFirst()
                .orElseThrow();
        assertThat(refused.getString("reason")).isEqualTo("NOT_APPROVED");
        assertThat(refused.getString("runId")).isEqualTo("run-42");
        assertThat(heard).containsExactly("approvalRefused NotApprovedException", "failed run-42 NotApprovedException");
        assertThat(target.executed).as("nothing reached the database").isEmpty();
    }

    @Test
    void aFailureRecordsItsTypeAndSqlStateNeverItsMessage() throws Exception {
        Compensator compensator = compensator();
        CompensationPlan plan = compensator.plan();
        target.failure = new StepFailedException(
                RunId.of("run-42"),
                4,
                "public.unit_version",
                6,
                -1,
                "40001",
                new IllegalStateException("row 'secret'"));

        List<RecordedEvent> events = recorded(() -> assertThatThrownBy(
                        () -> compensator.authorizedBy(approving(plan)).execute())
                .isInstanceOf(StepFailedException.class));

        RecordedEvent event = events.stream()
                .filter(e -> e.getEventType().getName().equals(Observability.EVENT_COMPENSATION))
                .findFirst()
                .orElseThrow();
        assertThat(event.getString("verdict")).isEqualTo("FAILED");
        assertThat(event.getString("error")).isEqualTo("StepFailedException SQLSTATE 40001");
        assertThat(event.getString("kind")).as("the plan that was attempted").isEqualTo("COMPENSATE");
        assertThat(heard).containsExactly("failed run-42 StepFailedException");
    }

    @Test
    void aListenerThatThrowsDoesNotChangeTheOutcome() {
        Compensator compensator = compensator().listener(new CompensationListener() {
            @Override
            public void executed(CompensationResult result) {
                throw new IllegalStateException("metrics registry closed");
            }
        });
        CompensationPlan plan = compensator.plan();

        CompensationResult result = compensator.authorizedBy(approving(plan)).execute();

        assertThat(result.verdict()).isInstanceOf(Verdict.Compensated.class);
        assertThat(heard).as("the other listener still hears it").containsExactly("executed Compensated");
    }

    @Test
    void aSeedRollbackIsObservedToo() throws Exception {
        SeedRollback rollback = SeedRollback.of(Fixtures.constitutionSeed())
                .runId("rollback-1")
                .on(target)
                .failClosed(FailClosed.inDirectories(home.resolve("rollback"), home.resolve("locks")))
                .listener(listener);
        CompensationPlan plan = rollback.plan();

        List<RecordedEvent> events =
                recorded(() -> rollback.authorizedBy(approving(plan)).execute());

        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.getString("runId")).isEqualTo("rollback-1");
            assertThat(event.getString("changeSet")).isNull();
            assertThat(event.getString("verdict")).isEqualTo("COMPENSATED");
        });
        assertThat(heard).containsExactly("executed Compensated");
    }
}
