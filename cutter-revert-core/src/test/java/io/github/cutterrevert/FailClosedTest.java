package io.github.cutterrevert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
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
                () -> snapshot(runId, 7),
                this::writePost,
                null);
    }

    private static Snapshot snapshot(RunId runId, long units) {
        return new Snapshot(
                runId,
                "post",
                Instant.parse("2026-05-21T10:00:00Z"),
                "cutter_exec",
                Map.of(
                        "public.information_unit",
                        new Snapshot.TableCount.Counted(units),
                        "cutter_governance.review_decision",
                        new Snapshot.TableCount.Unreadable("42501")),
                Map.of("trg_iu_enacted_immut", "O"),
                Map.of("fn_iu_create", true));
    }

    /** Write-once, as the jOOQ module's SnapshotFiles. */
    private Path writePost(Snapshot snapshot) {
        Path file = failClosed.runDirectory(snapshot.runId()).resolve("post.json");
        io.github.cutterrevert.internal.AtomicFiles.createNew(
                snapshot.runId(),
                file,
                ("{\"units\":" + snapshot.count("public.information_unit").orElseThrow() + "}")
                        .getBytes(StandardCharsets.UTF_8));
        return file;
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
        Path holdFile = Path.of(failClosed.hold().orElseThrow().location());
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
        Escalation escalation = failClosed.engage(
                RUN,
                new Verdict.Refused("enacted units"),
                Optional.empty(),
                () -> "",
                () -> snapshot(RUN, 1),
                snapshot -> {
                    throw new StoreException(RUN, Path.of("post.json"), "expected a writable directory", null);
                },
                null);

        assertThat(escalation.postSnapshot()).isEmpty();
        assertThat(escalation.problems())
                .anySatisfy(problem -> assertThat(problem).startsWith("post.json: "));
        assertThat(failClosed.hold()).isPresent();
        assertThat(failClosed.killSwitch().executionEnabled()).isFalse();
    }

    @Test
    void aSecondFailureOfTheSameRunAfterAReleaseKeepsTheFirstPostJsonAndListsItsOwnCounts() throws Exception {
        // Regression: post.json is write-once, so a run failing again after a release lost its
        // post-failure counts (the bundle said "not written" and listed the write-once clash).
        engage(RUN, "first failure");
        Path post = failClosed.runDirectory(RUN).resolve("post.json");
        failClosed.release("ops", "cause fixed", false);

        Escalation second = failClosed.engage(
                RUN,
                new Verdict.Failed("second failure", Optional.empty()),
                Optional.empty(),
                () -> "",
                () -> snapshot(RUN, 9),
                this::writePost,
                null);

        assertThat(post).as("the first failure's post.json is kept").hasContent("{\"units\":7}");
        assertThat(second.problems()).isEmpty();
        assertThat(second.bundle()).hasFileName("escalation-2.txt");
        assertThat(Files.readString(second.bundle()))
                .contains("post.json:     " + post + " (kept from an earlier failure of this run")
                .containsPattern("public\\.information_unit +9\n")
                .contains("cutter_governance.review_decision", "unreadable (SQLSTATE 42501)");
    }

    @Test
    void theBundleListsThePostFailureCounts() throws Exception {
        Escalation escalation = engage(RUN, "boom");

        assertThat(Files.readString(escalation.bundle()))
                .contains("post-failure counts (2026-05-21T10:00:00Z, as cutter_exec)")
                .containsPattern("public\\.information_unit +7\n")
                .contains("triggers:  {trg_iu_enacted_immut=O}", "functions: {fn_iu_create=true}");
    }

    @Test
    void aNewlineInAReleaseReasonCannotForgeALineOfTheReleaseRecord() throws Exception {
        engage(RUN, "boom\nkill_switch_rearmed=true");

        HoldRelease release =
                failClosed.release("ops", "fixed\nkill_switch_rearmed=true\nreleased_by=sovereign", false);

        List<String> lines = Files.readAllLines(release.record());
        assertThat(lines)
                .filteredOn(line -> line.startsWith("kill_switch_rearmed="))
                .containsExactly("kill_switch_rearmed=false");
        assertThat(lines).filteredOn(line -> line.startsWith("released_by=")).containsExactly("released_by=ops");
        Properties record = new Properties();
        record.load(new java.io.StringReader(Files.readString(release.record())));
        assertThat(record.getProperty("reason")).isEqualTo("fixed\nkill_switch_rearmed=true\nreleased_by=sovereign");
        assertThat(record.getProperty("hold_reason")).isEqualTo("failed: boom\nkill_switch_rearmed=true");
    }

    @Test
    void aHoldReasonWithNewlinesBackslashesAndUnicodeReadsBackAsWritten() {
        String reason = "line 1\r\nline 2 \\u0041 \\ \u00fc \uD83D\uDE80 a=b: #!";

        engage(RUN, reason);

        assertThat(failClosed.hold().orElseThrow().reason()).isEqualTo("failed: " + reason);
        assertThat(failClosed.runState().read(RUN).orElseThrow().lastError()).contains("failed: " + reason);
    }

    @Test
    void aHoldFileWrittenByHandIsAHoldNamingWhatItCan() throws Exception {
        Path hold = root.resolve("locks").resolve("HOLD");
        Files.createDirectories(hold.getParent());
        for (String content : List.of("", "maintenance window\n", "run_id=run-7\n", "\u0000\\u12")) {
            Files.writeString(hold, content);

            HoldNotice notice = failClosed.hold().orElseThrow();

            assertThat(notice.location()).isEqualTo(hold.toString());
            assertThatThrownBy(() -> failClosed.requireNotOnHold(RUN))
                    .as("content %s", content)
                    .isInstanceOf(OnHoldException.class);
            if (content.startsWith("run_id=")) {
                assertThat(notice.runId()).isEqualTo(RunId.of("run-7"));
                assertThat(notice.reason()).isEqualTo("HOLD file without a reason= line: run_id=run-7");
            } else {
                assertThat(notice.runId()).isEqualTo(FailClosed.UNKNOWN_RUN);
            }
        }
        Files.writeString(hold, "maintenance window\n");
        assertThat(failClosed.hold().orElseThrow().reason())
                .isEqualTo("HOLD file without a reason= line: maintenance window");

        HoldRelease release = failClosed.release("ops", "maintenance over", false);

        assertThat(hold).doesNotExist();
        assertThat(release.record()).hasParent(failClosed.runDirectory(FailClosed.UNKNOWN_RUN));
        assertThat(failClosed.runDirectory(FailClosed.UNKNOWN_RUN).resolve("HOLD.released"))
                .hasContent("maintenance window\n");
    }

    @Test
    void releaseWorksWhenLocksAndRollbackAreOnDifferentFileSystems() throws Exception {
        // Regression: release moved HOLD with ATOMIC_MOVE only, which fails across file systems
        // (locks on a tmpfs, rollback on disk) after the release record was already written.
        Path shm = Path.of("/dev/shm");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(shm) && Files.isWritable(shm));
        Path locks = Files.createTempDirectory(shm, "cutter-locks-");
        try {
            org.junit.jupiter.api.Assumptions.assumeFalse(
                    Files.getFileStore(locks).equals(Files.getFileStore(root)), "needs two file systems");
            FailClosed split = FailClosed.inDirectories(root.resolve("rollback"), locks);
            split.engage(
                    RUN,
                    new Verdict.Refused("enacted"),
                    Optional.empty(),
                    () -> "",
                    () -> snapshot(RUN, 1),
                    s -> split.runDirectory(RUN).resolve("post.json"),
                    null);
            String held = Files.readString(locks.resolve("HOLD"));

            HoldRelease release = split.release("ops", "fixed", false);

            assertThat(split.hold()).isEmpty();
            assertThat(locks.resolve("HOLD")).doesNotExist();
            assertThat(split.runDirectory(RUN).resolve("HOLD.released")).hasContent(held);
            assertThat(release.record()).exists();
        } finally {
            try (var files = Files.walk(locks)) {
                for (Path file :
                        files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    @Test
    void problemsOfTheProcedureAreAttachedToTheFailureBeingRethrown() {
        RuntimeException failure = new IllegalStateException("boom");

        Escalation escalation = failClosed.engage(
                RUN,
                FailClosed.failed(failure),
                Optional.empty(),
                () -> "",
                () -> {
                    throw new IllegalStateException("no database");
                },
                s -> null,
                failure);

        // The snapshot only reads: it is tried twice, and both failures are recorded.
        assertThat(escalation.problems())
                .containsExactly(
                        "post-failure snapshot: no database", "post-failure snapshot, second attempt: no database");
        assertThat(failure.getSuppressed())
                .extracting(Throwable::getMessage)
                .containsExactly("no database", "no database");
    }

    @Test
    void aPostFailureSnapshotWhoseFirstReadFailsIsReadOnceMoreAndWritten() {
        // Regression (found by the soak): one failed read of the post-failure snapshot left no post.json.
        RuntimeException failure = new IllegalStateException("boom");
        int[] reads = {0};
        Snapshot snapshot = new Snapshot(RUN, "post", Instant.EPOCH, "test", Map.of(), Map.of(), Map.of());
        Path written = failClosed.runDirectory(RUN).resolve("post.json");

        Escalation escalation = failClosed.engage(
                RUN,
                FailClosed.failed(failure),
                Optional.empty(),
                () -> "",
                () -> {
                    if (reads[0]++ == 0) {
                        throw new IllegalStateException("connection lost");
                    }
                    return snapshot;
                },
                s -> {
                    try {
                        Files.createDirectories(written.getParent());
                        Files.writeString(written, "{}");
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    return written;
                },
                failure);

        assertThat(reads[0]).isEqualTo(2);
        assertThat(written).exists();
        assertThat(escalation.problems()).containsExactly("post-failure snapshot: connection lost");
    }

    @Test
    void aDatabaseErrorsTextIsNotRecordedButItsSqlStateIs() {
        // Regression: a foreign exception's message went verbatim into HOLD, run state and bundle;
        // a database's text can quote row values ("Key (address)=(...) already exists").
        RuntimeException fromDatabase = new RuntimeException(
                "SQL [update ...]; ERROR: duplicate key\n  Detail: Key (address)=(secret-address) already exists",
                FailClosedTest.sqlException("ERROR: duplicate key", "23505"));

        Verdict.Failed failed = FailClosed.failed(fromDatabase);

        assertThat(failed.error()).doesNotContain("secret-address").contains("RuntimeException", "SQLSTATE 23505");
        assertThat(failed.sqlState()).contains("23505");
        assertThat(FailClosed.failed(new IllegalStateException("first line\nsecond line"))
                        .error())
                .isEqualTo("IllegalStateException: first line");
        assertThat(FailClosed.failed(new NullPointerException()).error()).isEqualTo("NullPointerException");
        StepFailedException step = new StepFailedException(RUN, 5, "public.unit_version", 3, -1, "P0001", null);
        assertThat(FailClosed.failed(step)).isEqualTo(new Verdict.Failed(step.getMessage(), Optional.of("P0001")));
    }

    /**
     * A {@code java.sql.SQLException}, made reflectively: core reads no JDBC module, and neither do
     * its tests.
     */
    static Throwable sqlException(String message, String sqlState) {
        try {
            return (Throwable) Class.forName("java.sql.SQLException")
                    .getConstructor(String.class, String.class)
                    .newInstance(message, sqlState);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("java.sql is part of every JDK", e);
        }
    }
}
