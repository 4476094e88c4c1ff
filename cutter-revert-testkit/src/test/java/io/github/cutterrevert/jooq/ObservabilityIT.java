package io.github.cutterrevert.jooq;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cutterrevert.CompensationPlan;
import io.github.cutterrevert.CompensationResult;
import io.github.cutterrevert.Compensator;
import io.github.cutterrevert.FailClosed;
import io.github.cutterrevert.Observability;
import io.github.cutterrevert.Phase;
import io.github.cutterrevert.spi.CompensationListener;
import io.github.cutterrevert.testkit.CutScenario;
import io.github.cutterrevert.testkit.CutterPostgres;
import io.github.cutterrevert.testkit.ReferenceWorld;
import io.github.cutterrevert.testkit.TestDatabase;
import io.github.cutterrevert.testkit.TestGovernance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;

/**
 * The demo's story under a JDK Flight Recorder recording, read back from the file with {@link
 * RecordingFile}: a compensation after a write_verify failure, a refusal that places a HOLD, and its
 * release, against the real database.
 */
@CutterPostgres
class ObservabilityIT {

    @Test
    void aRecordingShowsTheCompensationTheHoldAndTheRelease(TestDatabase db) throws Exception {
        ReferenceWorld.seedBaseline(db.dataSource());
        CutScenario.forRun("run-jfr")
                .units(3)
                .versionsPerUnit(2)
                .failingAt(Phase.WRITE_VERIFY)
                .apply(db.dataSource());
        CutScenario.forRun("run-jfr-b").units(2).enactedUnits(1).apply(db.dataSource());
        PostgresTarget target = PostgresTarget.of(db.dataSourceAs(TestDatabase.CUTTER_EXEC));
        FailClosed failClosed = TestGovernance.failClosed();
        List<CompensationResult> heard = new ArrayList<>();
        CompensationListener listener = new CompensationListener() {
            @Override
            public void executed(CompensationResult result) {
                heard.add(result);
            }
        };
        Path file = Files.createTempFile("cutter-revert-", ".jfr");

        try (Recording recording = new Recording()) {
            recording.enable(Observability.EVENT_COMPENSATION);
            recording.enable(Observability.EVENT_HOLD_PLACED);
            recording.enable(Observability.EVENT_HOLD_RELEASED);
            recording.start();
            Compensator compensator = Compensator.forRun("run-jfr")
                    .on(target)
                    .failedAt(Phase.WRITE_VERIFY)
                    .failClosed(failClosed)
                    .signedBy(TestGovernance.signer())
                    .listener(listener);
            CompensationPlan plan = compensator.plan();
            compensator.preview();
            compensator.authorizedBy(Sql.approve(plan)).execute();
            Compensator.forRun("run-jfr-b")
                    .on(target)
                    .failedAt(Phase.LIFECYCLE_ENACT)
                    .failClosed(failClosed)
                    .listener(listener)
                    .execute();
            failClosed.release("sovereign@example.org", "enacted unit stays", true);
            recording.stop();
            recording.dump(file);
        }

        List<RecordedEvent> events = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().startsWith("io.github.cutterrevert."))
                .toList();
        List<RecordedEvent> compensations = events.stream()
                .filter(e -> e.getEventType().getName().equals(Observability.EVENT_COMPENSATION))
                .toList();
        assertThat(compensations)
                .extracting(e -> e.getString("action") + " " + e.getString("runId") + " " + e.getString("verdict"))
                .containsExactly(
                        "preview run-jfr PREVIEWED", "execute run-jfr COMPENSATED", "execute run-jfr-b REFUSED");
        RecordedEvent compensated = compensations.get(1);
        assertThat(compensated.getString("changeSet")).isEqualTo("cs-run-jfr");
        assertThat(compensated.getString("kind")).isEqualTo("COMPENSATE");
        assertThat(compensated.getString("mode")).isEqualTo("SOFT_REVERT");
        assertThat(compensated.getString("rows")).isEqualTo("information_unit=3,unit_version=6,review_decision=1");
        assertThat(compensated.getLong("totalRows")).isEqualTo(10);
        assertThat(compensated.getInt("statements"))
                .isEqualTo(heard.get(0).statements())
                .isPositive();
        assertThat(compensated.getDuration()).isPositive();
        assertThat(heard)
                .extracting(r -> r.verdict().getClass().getSimpleName())
                .containsExactly("Compensated", "Refused");
        assertThat(events)
                .filteredOn(e -> e.getEventType().getName().equals(Observability.EVENT_HOLD_PLACED))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.getString("runId")).isEqualTo("run-jfr-b");
                    assertThat(e.getBoolean("created")).isTrue();
                });
        assertThat(events)
                .filteredOn(e -> e.getEventType().getName().equals(Observability.EVENT_HOLD_RELEASED))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.getString("heldRunId")).isEqualTo("run-jfr-b");
                    assertThat(e.getString("releasedBy")).isEqualTo("sovereign@example.org");
                    assertThat(e.getBoolean("rearmed")).isTrue();
                });
    }
}
