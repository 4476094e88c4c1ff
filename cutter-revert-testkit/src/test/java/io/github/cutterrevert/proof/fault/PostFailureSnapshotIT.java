package io.github.cutterrevert.proof.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cutterrevert.Compensator;
import io.github.cutterrevert.FailClosed;
import io.github.cutterrevert.Phase;
import io.github.cutterrevert.RunId;
import io.github.cutterrevert.Verdict;
import io.github.cutterrevert.jooq.PostgresTarget;
import io.github.cutterrevert.testkit.CutScenario;
import io.github.cutterrevert.testkit.ReferenceWorld;
import io.github.cutterrevert.testkit.TestDatabase;
import io.github.cutterrevert.testkit.TestGovernance;
import java.nio.file.Files;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Found by the soak: one failed statement inside the post-failure snapshot of a refused run left
 * no {@code post.json} (the snapshot was read once). Every statement of a refused {@code
 * execute()} (the evidence reads, then the fail-closed procedure's snapshot) is failed in turn:
 * each time the run is held and {@code post.json} is there.
 */
class PostFailureSnapshotIT {
    private static final String RUN = "run-post";

    private TestDatabase db;

    @BeforeEach
    void refusableCut() {
        db = TestDatabase.create("proof-post-snapshot");
        ReferenceWorld.seedBaseline(db.dataSource());
        // One of two units enacted while the orchestrator reports lifecycle_enact failed: refused.
        CutScenario.forRun(RUN).changeSet("cs-post").units(2).enactedUnits(1).apply(db.dataSource());
    }

    @AfterEach
    void drop() {
        db.close();
    }

    @Test
    void aFailedReadInThePostFailureSnapshotStillLeavesPostJson() {
        FaultyDataSource faulty = new FaultyDataSource(db.dataSourceAs(TestDatabase.CUTTER_EXEC));
        faulty.failAt(Integer.MAX_VALUE);
        FailClosed counting = TestGovernance.failClosed();
        assertThat(compensator(faulty, counting).execute().verdict()).isInstanceOf(Verdict.Refused.class);
        List<String> statements = faulty.statements();
        assertThat(Files.exists(counting.runDirectory(RunId.of(RUN)).resolve("post.json")))
                .isTrue();

        SoftAssertions softly = new SoftAssertions();
        for (int n = 1; n <= statements.size(); n++) {
            FailClosed failClosed = TestGovernance.failClosed();
            faulty.failAt(n);
            Object outcome;
            try {
                outcome = compensator(faulty, failClosed).execute().verdict();
            } catch (RuntimeException e) {
                outcome = e.getClass().getSimpleName();
            }
            softly.assertThat(faulty.injected()).as("statement %d injected", n).isTrue();
            softly.assertThat(failClosed.hold())
                    .as("statement %d (%s): HOLD", n, outcome)
                    .isPresent();
            softly.assertThat(
                            Files.exists(failClosed.runDirectory(RunId.of(RUN)).resolve("post.json")))
                    .as(
                            "statement %d of %d failed (%s, %s): post.json",
                            n, statements.size(), statements.get(n - 1), outcome)
                    .isTrue();
        }
        softly.assertAll();
    }

    private static Compensator compensator(FaultyDataSource faulty, FailClosed failClosed) {
        return Compensator.forRun(RUN)
                .on(PostgresTarget.of(faulty))
                .failedAt(Phase.LIFECYCLE_ENACT)
                .failClosed(failClosed)
                .signedBy(TestGovernance.signer());
    }
}
