package io.github.cutterrevert.failclosed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cutterrevert.CompensationPlan;
import io.github.cutterrevert.CompensationResult;
import io.github.cutterrevert.Compensator;
import io.github.cutterrevert.FailClosed;
import io.github.cutterrevert.Phase;
import io.github.cutterrevert.PlanKind;
import io.github.cutterrevert.RunId;
import io.github.cutterrevert.RunState;
import io.github.cutterrevert.SeedDelta;
import io.github.cutterrevert.SeedRollback;
import io.github.cutterrevert.Snapshot;
import io.github.cutterrevert.StepFailedException;
import io.github.cutterrevert.Verdict;
import io.github.cutterrevert.jooq.PostgresTarget;
import io.github.cutterrevert.jooq.SnapshotFiles;
import io.github.cutterrevert.testkit.CutScenario;
import io.github.cutterrevert.testkit.PlainJdbc;
import io.github.cutterrevert.testkit.ReferenceWorld;
import io.github.cutterrevert.testkit.SeedScenario;
import io.github.cutterrevert.testkit.SeedScenarioResult;
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
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seed 000, section 5, end to end through {@link Compensator} and {@link SeedRollback} on the
 * reference schema and a real file system: for a refused run and for a run that fails
 * mid-compensation, (1) the kill switch goes off, (2) the run state is STOPPED with the error, (3)
 * HOLD names the run and the reason, (4) post.json holds the real counts, (5) nothing is retried and
 * the escalation bundle sits beside pre.json and post.json.
 */
class FailClosedIT {
    private static final RunId RUN = RunId.of("run-1");

    @TempDir
    Path home;

    private TestDatabase db;
    private WatchedDataSource watched;
    private CountingTarget target;
    private FailClosed failClosed;
    private Path rollback;
    private Path locks;

    @BeforeEach
    void baseline() {
        db = TestDatabase.create("failclosed");
        ReferenceWorld.seedBaseline(db.dataSource());
        watched = WatchedDataSource.of(db.dataSourceAs(TestDatabase.CUTTER_EXEC));
        target = new CountingTarget(PostgresTarget.of(watched.dataSource()));
        rollback = home.resolve("rollback");
        locks = home.resolve("locks");
        failClosed = FailClosed.inDirectories(rollback, locks);
    }

    @AfterEach
    void drop() {
        db.close();
    }

    private Compensator compensator() {
        return Compensator.forRun(RUN)
                .on(target)
                .failedAt(Phase.WRITE_VERIFY)
                .failClosed(failClosed)
                .signedBy(TestGovernance.signer());
    }

    /** What the orchestrator does before the run: pre.json (seed 000, section 2). */
    private Path writePre(RunId runId) {
        return target.writeSnapshot(target.snapshot(runId, "pre"), rollback);
    }

    @Test
    void aRefusedRunFailsClosedInFiveStepsAndWritesNothing() throws IOException {
        CutScenario.forRun(RUN.value())
                .changeSet("cs-1")
                .units(3)
                .failingAt(Phase.WRITE_VERIFY)
                .apply(db.dataSource());
        Path pre = writePre(RUN);
        // The unit was enacted after the failure: enacted rows are immutable, a human must decide.
        PlainJdbc.count(
                db.dataSource(),
                "SELECT count(public.fn_iu_enact(information_unit_id)) FROM (SELECT information_unit_id"
                        + " FROM cutter_governance.cut_change_set_affected_row WHERE change_set_id = 'cs-1'"
                        + " ORDER BY information_unit_id LIMIT 1) AS first_unit");
        Map<String, Object> before = Db.state(db.dataSource());
        CompensationPlan plan = compensator().plan();
        assertThat(plan.kind()).isEqualTo(PlanKind.ESCALATE);
        watched.reset();

        CompensationResult result = compensator().execute();

        assertThat(result.verdict()).isInstanceOf(Verdict.Refused.class);
        String reason = "refused: " + ((Verdict.Refused) result.verdict()).reason();
        assertThat(reason).contains("enacted");
        assertThat(Db.state(db.dataSource())).as("nothing was written").isEqualTo(before);
        assertThat(target.executes.get()).as("a refusal never reaches execute").isZero();
        assertThat(watched.writeTransactions.get()).as("no write transaction").isZero();

        assertFiveSteps(RUN, reason, pre);
        String bundle = Files.readString(failClosed.runDirectory(RUN).resolve("escalation.txt"));
        assertThat(bundle)
                .contains("verdict:       REFUSED (a human must decide)")
                .contains("fingerprint:   " + plan.fingerprint().value())
                .contains(plan.summary());
        assertThat(withoutTimestamps(
                        Files.readString(failClosed.runDirectory(RUN).resolve("escalation.sql"))))
                .as("the plan's SQL, for reading")
                .isEqualTo(withoutTimestamps(target.render(plan)));
    }

    @Test
    void aRunFailingMidCompensationFailsClosedInFiveStepsAndIsNotRetried() throws Exception {
        CutScenario.forRun(RUN.value())
                .changeSet("cs-1")
                .units(3)
                .failingAt(Phase.WRITE_VERIFY)
                .apply(db.dataSource());
        Path pre = writePre(RUN);
        // A real failure inside the transaction: the second unit updated raises, quoting its address.
        Db.failTheSecondUnitUpdated(db.dataSource(), "");
        Map<String, Object> before = Db.state(db.dataSource());
        Compensator compensator = compensator();
        CompensationPlan plan = compensator.plan();
        compensator.authorizedBy(Approvals.approve(plan));
        watched.reset();

        assertThatThrownBy(compensator::execute).isInstanceOfSatisfying(StepFailedException.class, e -> {
            assertThat(e.sqlState()).contains("P0001");
            assertThat(e.table()).isEqualTo("public.information_unit");
        });

        assertThat(Db.state(db.dataSource()))
                .as("the steps before the failing one rolled back too")
                .isEqualTo(before);
        assertThat(target.executes.get()).as("executed once").isEqualTo(1);
        assertThat(watched.writeTransactions.get()).as("one write transaction").isEqualTo(1);
        int statements = watched.writeStatements.get();
        assertThat(statements)
                .as("the steps ran up to the failing one (the first round trip, the versions, the units)")
                .isGreaterThanOrEqualTo(3);
        Thread.sleep(500);
        assertThat(watched.writeTransactions.get())
                .as("nothing is retried later either")
                .isEqualTo(1);
        assertThat(watched.writeStatements.get()).isEqualTo(statements);

        String error = failClosed.runState().read(RUN).orElseThrow().lastError().orElseThrow();
        assertThat(error)
                .startsWith("failed: ")
                .contains("step ", "on public.information_unit failed: database error SQLSTATE P0001; rolled back");
        assertFiveSteps(RUN, error, pre);
        String bundle = Files.readString(failClosed.runDirectory(RUN).resolve("escalation.txt"));
        assertThat(bundle)
                .contains("verdict:       FAILED (rolled back; nothing partial was committed)")
                .contains("sqlstate:      P0001")
                .contains("fingerprint:   " + plan.fingerprint().value())
                .contains(plan.summary());
        String script = Files.readString(failClosed.runDirectory(RUN).resolve("escalation.sql"));
        assertThat(withoutTimestamps(script))
                .as("rendered for the authority the plan was executed with")
                .isEqualTo(withoutTimestamps(target.render(plan, Approvals.approve(plan))));
        assertThat(script).contains("sovereign@example.org").doesNotContain("cutter-revert:automatic");
        for (Path file : filesUnder(home)) {
            assertThat(Files.readString(file))
                    .as("the database's message quotes a row; %s must not", file)
                    .doesNotContain("cs-1/iu-2");
        }
        System.out.println("---- escalation.txt of a run failing mid-compensation ----\n" + bundle);
    }

    @Test
    void aSeedRollbackThatMustEscalateFailsClosedToo() throws IOException {
        SeedScenarioResult seed =
                SeedScenario.constitutionSource().downstreamReferences(2).apply(db.dataSource());
        RunId run = RunId.of("rollback-1");
        Path pre = writePre(run);
        Map<String, Object> before = Db.state(db.dataSource());
        SeedRollback rollbackRun =
                SeedRollback.of(delta(seed)).runId(run.value()).on(target).failClosed(failClosed);
        CompensationPlan plan = rollbackRun.plan();
        watched.reset();

        CompensationResult result = rollbackRun.execute();

        assertThat(result.verdict()).isInstanceOf(Verdict.Refused.class);
        String reason = "refused: " + ((Verdict.Refused) result.verdict()).reason();
        assertThat(reason).contains("STOP_AND_ESCALATE", "public.iu_provenance=2");
        assertThat(Db.state(db.dataSource())).isEqualTo(before);
        assertThat(target.executes.get()).isZero();
        assertThat(watched.writeTransactions.get()).isZero();
        assertFiveSteps(run, reason, pre);
        assertThat(Files.readString(failClosed.runDirectory(run).resolve("escalation.txt")))
                .contains("verdict:       REFUSED", plan.fingerprint().value(), plan.summary());
        assertThat(withoutTimestamps(
                        Files.readString(failClosed.runDirectory(run).resolve("escalation.sql"))))
                .isEqualTo(withoutTimestamps(target.render(plan)));
    }

    /** The five steps, read back from the files themselves. */
    private void assertFiveSteps(RunId run, String reason, Path pre) throws IOException {
        // 1. Kill switch off, naming the run and the reason.
        assertThat(failClosed.killSwitch().executionEnabled())
                .as("1. kill switch")
                .isFalse();
        List<String> killSwitch = Files.readAllLines(locks.resolve("execution_enabled"));
        assertThat(killSwitch.get(0)).isEqualTo("false");
        assertThat(killSwitch).contains("run_id=" + run.value(), "reason=" + oneLine(reason));

        // 2. Run state STOPPED with the error, as a complete properties file.
        Path runDirectory = failClosed.runDirectory(run);
        Properties state = properties(runDirectory.resolve("run-state.properties"));
        assertThat(state.getProperty("run_id")).isEqualTo(run.value());
        assertThat(state.getProperty("state")).as("2. run state").isEqualTo("STOPPED");
        assertThat(state.getProperty("last_error")).isEqualTo(reason);
        Instant stopped = Instant.parse(state.getProperty("updated_at"));
        assertThat(failClosed.runState().read(run))
                .contains(new RunState(run, RunState.State.STOPPED, java.util.Optional.of(reason), stopped));

        // 3. HOLD with run id and reason.
        Properties hold = properties(locks.resolve("HOLD"));
        assertThat(hold.getProperty("run_id")).as("3. HOLD").isEqualTo(run.value());
        assertThat(hold.getProperty("reason")).isEqualTo(reason);
        assertThat(Instant.parse(hold.getProperty("created_at"))).isEqualTo(stopped);
        assertThat(failClosed.hold().orElseThrow().runId()).isEqualTo(run);

        // 4. post.json, write-once, with the database's real counts now.
        Snapshot post = SnapshotFiles.in(rollback).read(run, "post");
        assertThat(post.counts()).as("4. post.json").isNotEmpty();
        post.counts().forEach((table, count) -> assertThat(count)
                .as("post.json count of %s", table)
                .isEqualTo(new Snapshot.TableCount.Counted(
                        PlainJdbc.count(db.dataSource(), "SELECT count(*) FROM " + table))));
        assertThat(post.triggers())
                .containsEntry("trg_iu_enacted_immut", "O")
                .containsEntry("trg_uv_enacted_immut", "O");

        // 5. The bundle beside pre.json and post.json, naming them and what to do next.
        try (Stream<Path> files = Files.list(runDirectory)) {
            assertThat(files.map(file -> file.getFileName().toString()))
                    .as("5. the run directory")
                    .containsExactlyInAnyOrder(
                            "pre.json",
                            "post.json",
                            "run-state.properties",
                            "run-state.properties.lock",
                            "escalation.txt",
                            "escalation.sql");
        }
        assertThat(pre).hasParent(runDirectory);
        String bundle = Files.readString(runDirectory.resolve("escalation.txt"));
        assertThat(bundle)
                .contains("run:           " + run.value())
                .contains("pre.json:      " + pre.toAbsolutePath())
                .contains("post.json:     " + runDirectory.resolve("post.json").toAbsolutePath())
                .contains("HOLD:          " + locks.resolve("HOLD"))
                .contains("what a human can do next", "Nothing was retried", ".release(\"<who>\", \"<why>\"")
                .doesNotContain("problems while failing closed");
    }

    /** The rendered decision carries the time of rendering. */
    static String withoutTimestamps(String sql) {
        return sql.replaceAll("timestamp with time zone '[^']*'", "timestamp with time zone '<now>'");
    }

    private static Properties properties(Path file) throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
        return properties;
    }

    private static String oneLine(String text) {
        return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
    }

    private static List<Path> filesUnder(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    static SeedDelta delta(SeedScenarioResult seed) {
        TreeMap<String, String> parent = new TreeMap<>();
        parent.put("source_document_ref", seed.sourceDocumentRef());
        parent.put("address_docprefix", seed.addressDocprefix());
        parent.put("registered_by", seed.registeredBy());
        TreeMap<String, String> child = new TreeMap<>();
        child.put("source_document_ref", seed.sourceDocumentRef());
        child.put("content_checksum", seed.contentChecksum());
        child.put("document_version_id", seed.documentVersionId());
        child.put("registered_by", seed.registeredBy());
        return new SeedDelta(parent, child);
    }
}
