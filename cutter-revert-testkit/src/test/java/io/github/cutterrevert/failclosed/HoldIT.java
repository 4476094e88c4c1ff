package io.github.cutterrevert.failclosed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cutterrevert.CompensationPlan;
import io.github.cutterrevert.CompensationResult;
import io.github.cutterrevert.Compensator;
import io.github.cutterrevert.FailClosed;
import io.github.cutterrevert.HoldRelease;
import io.github.cutterrevert.LogicalTable;
import io.github.cutterrevert.OnHoldException;
import io.github.cutterrevert.Phase;
import io.github.cutterrevert.Preview;
import io.github.cutterrevert.RunId;
import io.github.cutterrevert.SeedRollback;
import io.github.cutterrevert.StepFailedException;
import io.github.cutterrevert.Verdict;
import io.github.cutterrevert.jooq.PostgresTarget;
import io.github.cutterrevert.jooq.SnapshotFiles;
import io.github.cutterrevert.testkit.CutScenario;
import io.github.cutterrevert.testkit.PlainJdbc;
import io.github.cutterrevert.testkit.ReferenceWorld;
import io.github.cutterrevert.testkit.SeedScenario;
import io.github.cutterrevert.testkit.TestDatabase;
import io.github.cutterrevert.testkit.TestGovernance;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * While on HOLD: every execute refuses before touching the database, planning and preview still
 * work, a second HOLD is refused, and only an explicit, recorded release lets execution run again.
 * The HOLD is put in place by a real failure: a trigger that raises on the second unit updated.
 */
class HoldIT {
    private static final RunId RUN_1 = RunId.of("run-1");
    private static final RunId RUN_2 = RunId.of("run-2");

    @TempDir
    Path home;

    private TestDatabase db;
    private WatchedDataSource watched;
    private CountingTarget target;
    private FailClosed failClosed;
    private Path locks;

    @BeforeEach
    void failedRun() {
        db = TestDatabase.create("failclosed-hold");
        ReferenceWorld.seedBaseline(db.dataSource());
        watched = WatchedDataSource.of(db.dataSourceAs(TestDatabase.CUTTER_EXEC));
        target = new CountingTarget(PostgresTarget.of(watched.dataSource()));
        locks = home.resolve("locks");
        failClosed = FailClosed.inDirectories(home.resolve("rollback"), locks);
        CutScenario.forRun(RUN_1.value())
                .changeSet("cs-1")
                .units(3)
                .failingAt(Phase.WRITE_VERIFY)
                .apply(db.dataSource());
        Db.failTheSecondUnitUpdated(db.dataSource(), "");
    }

    @AfterEach
    void drop() {
        db.close();
    }

    private Compensator compensator(RunId run) {
        return Compensator.forRun(run)
                .on(target)
                .failedAt(Phase.WRITE_VERIFY)
                .failClosed(failClosed)
                .signedBy(TestGovernance.signer());
    }

    private Compensator approved(RunId run) {
        Compensator compensator = compensator(run);
        return compensator.authorizedBy(Approvals.approve(compensator.plan()));
    }

    private void failRun1() {
        assertThatThrownBy(() -> approved(RUN_1).execute()).isInstanceOf(StepFailedException.class);
    }

    /** The human fixes the cause. */
    private void dropTrigger() {
        PlainJdbc.run(db.dataSource(), "DROP TRIGGER fail_second_row ON public.information_unit");
    }

    @Test
    void onHoldExecuteRefusesBeforeTouchingTheDatabaseWhilePlanAndPreviewStillWork() throws IOException {
        failRun1();
        dropTrigger();
        io.github.cutterrevert.SeedDelta seed =
                FailClosedIT.delta(SeedScenario.constitutionSource().apply(db.dataSource()));
        String reason = failClosed.hold().orElseThrow().reason();
        Map<String, Object> before = Db.state(db.dataSource());
        Map<Path, String> filesBefore = contents(home);
        Compensator again = approved(RUN_1);
        Compensator hard = approved(RUN_1).hardDelete();
        SeedRollback otherRun =
                SeedRollback.of(seed).runId("rollback-9").on(target).failClosed(failClosed);
        int executes = target.executes.get();
        watched.reset();

        assertThatThrownBy(again::execute).isInstanceOfSatisfying(OnHoldException.class, e -> {
            assertThat(e.heldRunId()).isEqualTo(RUN_1);
            assertThat(e.reason()).isEqualTo(reason).contains("SQLSTATE P0001");
            assertThat(e).hasMessageContaining("found HOLD of run run-1: failed: ");
        });
        assertThatThrownBy(hard::execute).as("any plan, any mode").isInstanceOf(OnHoldException.class);
        assertThatThrownBy(otherRun::execute)
                .as("and any other run, seed rollbacks too")
                .isInstanceOfSatisfying(
                        OnHoldException.class, e -> assertThat(e.heldRunId()).isEqualTo(RUN_1));

        assertThat(watched.connections.get())
                .as("refused before opening any connection")
                .isZero();
        assertThat(target.executes.get()).isEqualTo(executes);
        assertThat(Db.state(db.dataSource())).as("the database is untouched").isEqualTo(before);
        assertThat(contents(home)).as("no fail-closed file changed").isEqualTo(filesBefore);

        CompensationPlan plan = compensator(RUN_1).plan();
        Preview preview = compensator(RUN_1).preview();
        assertThat(plan.writes()).as("planning works on HOLD").isTrue();
        assertThat(preview.rowsAffected())
                .as("preview works on HOLD and reports the real counts")
                .containsEntry(LogicalTable.INFORMATION_UNIT, 3L)
                .containsEntry(LogicalTable.UNIT_VERSION, 3L)
                .containsEntry(LogicalTable.REVIEW_DECISION, 1L);
        assertThat(watched.writeTransactions.get())
                .as("the preview's transaction is the only one that writes, and it rolled back")
                .isEqualTo(1);
        assertThat(Db.state(db.dataSource())).isEqualTo(before);
        assertThat(failClosed.hold()).isPresent();
    }

    @Test
    void aSecondHoldIsRefusedAndTheFirstIsUnchanged() throws IOException {
        CutScenario.forRun(RUN_2.value())
                .changeSet("cs-2")
                .units(2)
                .failingAt(Phase.WRITE_VERIFY)
                .apply(db.dataSource());
        PlainJdbc.count(
                db.dataSource(),
                "SELECT count(public.fn_iu_enact(information_unit_id)) FROM (SELECT information_unit_id"
                        + " FROM cutter_governance.cut_change_set_affected_row WHERE change_set_id = 'cs-2'"
                        + " ORDER BY information_unit_id LIMIT 1) AS first_unit");
        String[] firstHold = {null};
        // Run 1 passes the HOLD check; while it is on its way to the database, run 2 escalates and
        // places the first HOLD. Then run 1 fails.
        target.beforeNextExecute(() -> {
            CompensationResult refused = compensator(RUN_2).execute();
            assertThat(refused.verdict()).isInstanceOf(Verdict.Refused.class);
            firstHold[0] = read(locks.resolve("HOLD"));
        });

        failRun1();

        assertThat(firstHold[0]).startsWith("run_id=run-2\nreason=refused: ");
        assertThat(read(locks.resolve("HOLD")))
                .as("the first HOLD is unchanged")
                .isEqualTo(firstHold[0]);
        assertThat(failClosed.hold().orElseThrow().runId()).isEqualTo(RUN_2);
        try (Stream<Path> files = Files.list(locks)) {
            assertThat(files.map(file -> file.getFileName().toString()))
                    .as("one HOLD, no second one beside it")
                    .containsExactlyInAnyOrder("HOLD", "execution_enabled", "execution_enabled.lock");
        }
        Path run1 = failClosed.runDirectory(RUN_1);
        assertThat(read(run1.resolve("escalation.txt")))
                .as("the second run says why it placed no HOLD")
                .contains("problems while failing closed:\n  - HOLD: a HOLD already exists in "
                        + locks.resolve("HOLD").toAbsolutePath() + "; it was left unchanged")
                .contains("(already on HOLD before this failure; that HOLD was left unchanged)");
        assertThat(failClosed.runState().read(RUN_1).orElseThrow().state())
                .as("the other steps still ran for the second failure")
                .isEqualTo(io.github.cutterrevert.RunState.State.STOPPED);
        assertThat(run1.resolve("post.json")).exists();
        assertThat(failClosed.killSwitch().executionEnabled()).isFalse();
    }

    @Test
    void anExplicitReleaseIsRecordedAndLetsExecuteRunAgainReArmingOnlyWhenAsked() throws IOException {
        failRun1();
        dropTrigger();
        String hold = read(locks.resolve("HOLD"));
        String holdReason = failClosed.hold().orElseThrow().reason();
        String killSwitch = read(locks.resolve("execution_enabled"));
        Instant beforeRelease = Instant.now();

        HoldRelease release = failClosed.release(
                "ops@example.org", "trigger fail_second_row dropped; plan re-approved as DEC-9", false);

        Path run1 = failClosed.runDirectory(RUN_1);
        assertThat(release.record()).isEqualTo(run1.resolve("hold-release.txt"));
        List<String> record = Files.readAllLines(release.record());
        assertThat(record.get(0)).isEqualTo("HOLD released");
        Properties fields = properties(release.record());
        assertThat(fields.getProperty("held_run_id")).isEqualTo("run-1");
        assertThat(fields.getProperty("hold_reason")).isEqualTo(holdReason);
        assertThat(fields.getProperty("released_by")).isEqualTo("ops@example.org");
        assertThat(fields.getProperty("reason"))
                .isEqualTo("trigger fail_second_row dropped; plan re-approved as DEC-9");
        assertThat(Instant.parse(fields.getProperty("released_at"))).isAfterOrEqualTo(beforeRelease.minusSeconds(1));
        assertThat(fields.getProperty("kill_switch_rearmed")).isEqualTo("false");
        assertThat(run1.resolve("HOLD.released"))
                .as("the HOLD is kept, not deleted")
                .hasContent(hold);
        assertThat(locks.resolve("HOLD")).doesNotExist();
        assertThat(failClosed.hold()).isEmpty();
        assertThat(read(locks.resolve("execution_enabled")))
                .as("the kill switch is not re-armed unless asked")
                .isEqualTo(killSwitch);
        assertThat(failClosed.killSwitch().executionEnabled()).isFalse();

        CompensationResult result = approved(RUN_1).execute();

        assertThat(result.verdict()).isEqualTo(new Verdict.Compensated());
        assertThat(PlainJdbc.text(
                        db.dataSource(),
                        "SELECT string_agg(DISTINCT lifecycle_status, ',') FROM public.information_unit"
                                + " WHERE address LIKE 'cs-1/%'"))
                .isEqualTo("withdrawn");
        assertThat(PlainJdbc.count(
                        db.dataSource(),
                        "SELECT count(*) FROM cutter_governance.review_decision WHERE change_set_id = 'cs-1'"
                                + " AND decision = 'reverted' AND revert_run_id = 'run-1:revert'"))
                .isEqualTo(1);

        // A later HOLD, released with re-arming.
        CutScenario.forRun(RUN_2.value())
                .changeSet("cs-2")
                .units(2)
                .enactedUnits(1)
                .apply(db.dataSource());
        assertThat(compensator(RUN_2).execute().verdict()).isInstanceOf(Verdict.Refused.class);

        HoldRelease rearmed = failClosed.release("ops@example.org", "run-2 left as it is", true);

        assertThat(properties(rearmed.record()).getProperty("kill_switch_rearmed"))
                .isEqualTo("true");
        assertThat(failClosed.killSwitch().executionEnabled()).isTrue();
        List<String> armed = Files.readAllLines(locks.resolve("execution_enabled"));
        assertThat(armed.get(0)).isEqualTo("true");
        assertThat(armed).contains("enabled_by=ops@example.org", "reason=run-2 left as it is");
    }

    @Test
    void aSecondFailureOfTheSameRunAfterAReleaseKeepsTheFirstPostJsonAndRecordsItsOwnCounts() throws IOException {
        failRun1();
        Path run1 = failClosed.runDirectory(RUN_1);
        String firstPost = read(run1.resolve("post.json"));
        failClosed.release("ops@example.org", "retry once by hand", false);
        // Something else changed before the second attempt: one more unit in another change set.
        CutScenario.forRun("run-3")
                .changeSet("cs-3")
                .units(1)
                .failingAt(Phase.WRITE_VERIFY)
                .apply(db.dataSource());

        assertThatThrownBy(() -> approved(RUN_1).execute()).isInstanceOf(StepFailedException.class);

        assertThat(read(run1.resolve("post.json"))).as("write-once").isEqualTo(firstPost);
        String second = read(run1.resolve("escalation-2.txt"));
        assertThat(second)
                .contains("post.json:     " + run1.resolve("post.json").toAbsolutePath()
                        + " (kept from an earlier failure of this run")
                .doesNotContain("problems while failing closed")
                .containsPattern("public\\.information_unit +" + (ReferenceWorld.UNITS + 4) + "\n");
        assertThat(SnapshotFiles.in(home.resolve("rollback"))
                        .read(RUN_1, "post")
                        .count("public.information_unit"))
                .contains(ReferenceWorld.UNITS + 3);
        assertThat(run1.resolve("escalation-2.sql")).exists();
        assertThat(failClosed.hold().orElseThrow().runId()).isEqualTo(RUN_1);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Properties properties(Path file) throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(read(file)));
        return properties;
    }

    private static Map<Path, String> contents(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .collect(java.util.stream.Collectors.toMap(file -> file, HoldIT::read));
        }
    }
}
