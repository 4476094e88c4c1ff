package io.github.cutterrevert.failclosed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cutterrevert.CannotFailClosedException;
import io.github.cutterrevert.CompensationPlan;
import io.github.cutterrevert.CompensationResult;
import io.github.cutterrevert.Compensator;
import io.github.cutterrevert.Escalation;
import io.github.cutterrevert.FailClosed;
import io.github.cutterrevert.OnHoldException;
import io.github.cutterrevert.Phase;
import io.github.cutterrevert.RunId;
import io.github.cutterrevert.SeedRollback;
import io.github.cutterrevert.StepFailedException;
import io.github.cutterrevert.Verdict;
import io.github.cutterrevert.jooq.PostgresTarget;
import io.github.cutterrevert.testkit.CutScenario;
import io.github.cutterrevert.testkit.PlainJdbc;
import io.github.cutterrevert.testkit.ReferenceWorld;
import io.github.cutterrevert.testkit.SeedScenario;
import io.github.cutterrevert.testkit.TestDatabase;
import io.github.cutterrevert.testkit.TestGovernance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fail-closed procedure cannot fail open: directories it cannot write are refused before
 * connecting (as root too, where permissions do not stop a write: a regular file stands where a
 * directory's parent should be), a HOLD that cannot be persisted mid-failure is held in memory and
 * said so, and the bundle names only files that exist.
 */
class CannotFailOpenIT {
    @TempDir
    Path home;

    private TestDatabase db;
    private WatchedDataSource watched;
    private CountingTarget target;

    @BeforeEach
    void failedCut() {
        db = TestDatabase.create("failclosed-cannot-fail-open");
        ReferenceWorld.seedBaseline(db.dataSource());
        CutScenario.forRun("run-1")
                .changeSet("cs-1")
                .units(3)
                .failingAt(Phase.WRITE_VERIFY)
                .apply(db.dataSource());
        watched = WatchedDataSource.of(db.dataSourceAs(TestDatabase.CUTTER_EXEC));
        target = new CountingTarget(PostgresTarget.of(watched.dataSource()));
    }

    @AfterEach
    void drop() {
        db.close();
    }

    private Compensator approved(FailClosed failClosed) {
        Compensator compensator = Compensator.forRun("run-1")
                .on(target)
                .failedAt(Phase.WRITE_VERIFY)
                .failClosed(failClosed)
                .signedBy(TestGovernance.signer());
        return compensator.authorizedBy(Approvals.approve(compensator.plan()));
    }

    private void failTheSecondUnit() {
        Db.failTheSecondUnitUpdated(db.dataSource(), "");
    }

    @Test
    void directoriesUnderARegularFileAreRefusedBeforeConnectingNamingPathAndReason() throws IOException {
        Files.writeString(home.resolve("var"), "a regular file where the parent directory should be");
        FailClosed failClosed =
                FailClosed.builder().home(home.resolve("var/lib/cutter")).build();
        Compensator compensator = approved(failClosed);
        SeedRollback seed = SeedRollback.of(
                        FailClosedIT.delta(SeedScenario.constitutionSource().apply(db.dataSource())))
                .runId("rollback-1")
                .on(target)
                .failClosed(failClosed);
        Map<String, Object> before = Db.state(db.dataSource());
        watched.reset();

        for (Runnable execute : new Runnable[] {compensator::execute, seed::execute}) {
            assertThatThrownBy(execute::run).isInstanceOfSatisfying(CannotFailClosedException.class, e -> {
                assertThat(e.location())
                        .isEqualTo(home.resolve("var/lib/cutter/rollback").toString());
                assertThat(e.reason())
                        .isEqualTo(home.resolve("var") + " exists and is not a directory (Not a directory)");
                assertThat(e)
                        .hasMessageContaining("expected to be able to fail closed")
                        .hasMessageContaining("nothing was executed");
            });
        }

        assertThat(watched.connections.get()).as("refused before connecting").isZero();
        assertThat(target.executes.get()).isZero();
        assertThat(Db.state(db.dataSource()))
                .as("nothing written to the database")
                .isEqualTo(before);
        assertThat(home.resolve("var")).isRegularFile();
    }

    @Test
    void aLocksDirectoryThatIsARegularFileIsRefusedToo() throws IOException {
        Files.writeString(home.resolve("locks"), "not a directory");
        Map<String, Object> before = Db.state(db.dataSource());
        Compensator compensator = approved(FailClosed.builder().home(home).build());
        watched.reset();

        assertThatThrownBy(compensator::execute)
                .isInstanceOfSatisfying(CannotFailClosedException.class, e -> assertThat(e.location())
                        .isEqualTo(home.resolve("locks").toString()));
        assertThat(watched.connections.get()).isZero();
        assertThat(Db.state(db.dataSource())).isEqualTo(before);
    }

    @Test
    void aHoldThatCannotBePersistedMidFailureIsHeldInMemoryAndTheFailureSaysSo() throws IOException {
        failTheSecondUnit();
        FailClosed failClosed = FailClosed.builder().home(home).build();
        Path locks = home.resolve("locks");
        // The preflight passed; then the locks directory is lost (as to a full disk or a changed
        // permission) before the failure has to place its HOLD.
        target.beforeNextExecute(() -> replaceWithFile(locks));

        assertThatThrownBy(approved(failClosed)::execute).isInstanceOfSatisfying(StepFailedException.class, e -> {
            assertThat(e)
                    .hasMessageContaining("database error SQLSTATE P0001")
                    .hasMessageContaining("the HOLD could not be persisted to " + locks.resolve("HOLD"))
                    .hasMessageContaining("held in the memory of this JVM only");
            Escalation escalation = e.escalation().orElseThrow();
            assertThat(escalation.holds()).singleElement().asString().startsWith("the memory of this JVM");
            assertThat(escalation.problems())
                    .anySatisfy(problem -> assertThat(problem).startsWith("HOLD in " + locks.resolve("HOLD")));
        });
        assertThat(locks).isRegularFile();

        // Every later execute in this JVM refuses, with any FailClosed on the same place, before connecting.
        Compensator again = approved(FailClosed.builder().home(home).build());
        watched.reset();
        assertThatThrownBy(again::execute).isInstanceOfSatisfying(OnHoldException.class, e -> assertThat(e)
                .hasMessageContaining("found HOLD of run run-1")
                .hasMessageContaining("kept in the memory of this JVM (could not be persisted to "));
        assertThat(watched.connections.get()).as("refused before connecting").isZero();

        // The disk is fixed, the cause too; an explicit release lets it run.
        Files.delete(locks);
        PlainJdbc.run(db.dataSource(), "DROP TRIGGER fail_second_row ON public.information_unit");
        failClosed.release("ops@example.org", "locks directory restored", true);
        assertThat(approved(failClosed).execute().verdict()).isEqualTo(new Verdict.Compensated());
    }

    @Test
    void theBundleNamesOnlyFilesThatExistAndTheRefusalCarriesItsEscalation() throws IOException {
        PlainJdbc.count(
                db.dataSource(),
                "SELECT count(public.fn_iu_enact(id)) FROM public.information_unit WHERE address = 'cs-1/iu-1'");
        FailClosed failClosed = FailClosed.builder().home(home).build();
        Compensator compensator = Compensator.forRun("run-1")
                .on(target)
                .failedAt(Phase.WRITE_VERIFY)
                .failClosed(failClosed)
                .signedBy(TestGovernance.signer());
        CompensationPlan plan = compensator.plan();

        CompensationResult result =
                compensator.authorizedBy(Approvals.approve(plan)).execute();

        assertThat(result.verdict()).isInstanceOf(Verdict.Refused.class);
        Escalation escalation = result.escalation().orElseThrow();
        Path run = failClosed.runDirectory(plan.runId());
        assertThat(escalation.preSnapshot()).as("no pre.json was written").isEmpty();
        assertThat(escalation.postSnapshot())
                .hasValueSatisfying(post -> assertThat(post).exists().hasFileName("post.json"));
        assertThat(escalation.bundle()).isEqualTo(run.resolve("escalation.txt")).exists();
        assertThat(escalation.script()).isEqualTo(run.resolve("escalation.sql")).exists();
        assertThat(escalation.holds())
                .containsExactly(home.resolve("locks/HOLD").toString());
        String bundle = Files.readString(escalation.bundle());
        assertThat(bundle)
                .contains("pre.json:      none: no pre.json was written for this run")
                .doesNotContain(run.resolve("pre.json").toString())
                .contains("post.json:     " + escalation.postSnapshot().orElseThrow())
                .contains("HOLD:          " + home.resolve("locks/HOLD"))
                .contains("cutter-revert release --by <who> --reason <why> [--rearm]");
    }

    @Test
    void whereTheFilesLiveIsLoggedOnceAtInfoAndPlacingAHoldIsOneErrorLine() {
        failTheSecondUnit();
        Logger jul = Logger.getLogger(FailClosed.class.getName());
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord logRecord) {
                records.add(logRecord);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        jul.addHandler(handler);
        try {
            FailClosed failClosed = FailClosed.builder().home(home).build();
            failClosed.requireReady(RunId.of("run-0"));
            assertThatThrownBy(approved(failClosed)::execute).isInstanceOf(StepFailedException.class);

            assertThat(records)
                    .filteredOn(r -> r.getLevel() == Level.INFO)
                    .as("where the files live, once per home")
                    .singleElement()
                    .satisfies(r -> assertThat(r.getMessage())
                            .contains("rollback " + home.resolve("rollback"), "locks " + home.resolve("locks")));
            assertThat(records)
                    .filteredOn(r -> r.getLevel() == Level.SEVERE)
                    .as("one ERROR line naming run, reason and where")
                    .singleElement()
                    .satisfies(r -> assertThat(r.getMessage())
                            .contains("run run-1: HOLD placed in " + home.resolve("locks/HOLD"))
                            .contains("failed: run run-1: step ")
                            .contains("bundle " + failClosed.runDirectory(RunId.of("run-1")))
                            .doesNotContain("\n"));
        } finally {
            jul.removeHandler(handler);
        }
    }

    private static void replaceWithFile(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
            Files.writeString(directory, "not a directory any more");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
