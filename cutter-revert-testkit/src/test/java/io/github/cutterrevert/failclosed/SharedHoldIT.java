package io.github.cutterrevert.failclosed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cutterrevert.Compensator;
import io.github.cutterrevert.Escalation;
import io.github.cutterrevert.FailClosed;
import io.github.cutterrevert.HoldRelease;
import io.github.cutterrevert.OnHoldException;
import io.github.cutterrevert.Phase;
import io.github.cutterrevert.RunId;
import io.github.cutterrevert.StepFailedException;
import io.github.cutterrevert.Verdict;
import io.github.cutterrevert.jooq.DatabaseHold;
import io.github.cutterrevert.jooq.PostgresTarget;
import io.github.cutterrevert.testkit.CutScenario;
import io.github.cutterrevert.testkit.PlainJdbc;
import io.github.cutterrevert.testkit.ReferenceWorld;
import io.github.cutterrevert.testkit.TestDatabase;
import io.github.cutterrevert.testkit.TestGovernance;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HOLD kept in PostgreSQL stops every host. Two hosts are two targets with fail-closed
 * directories of their own over one database (and, for the restart, a second JVM with an empty
 * directory). Host A's compensation of run-1 fails for real (a trigger raises on the second unit);
 * host B compensates another cut, run-2.
 */
class SharedHoldIT {
    private static final String HOLD_TABLE = "cutter_governance.cutter_hold_event";

    @TempDir
    Path homes;

    private TestDatabase db;
    private PostgresTarget targetA;
    private PostgresTarget targetB;

    @BeforeEach
    void twoFailedCuts() {
        db = TestDatabase.create("failclosed-shared-hold");
        ReferenceWorld.seedBaseline(db.dataSource());
        CutScenario.forRun("run-1")
                .changeSet("cs-1")
                .units(3)
                .failingAt(Phase.WRITE_VERIFY)
                .apply(db.dataSource());
        CutScenario.forRun("run-2")
                .changeSet("cs-2")
                .units(2)
                .failingAt(Phase.WRITE_VERIFY)
                .apply(db.dataSource());
        Db.failTheSecondUnitUpdated(db.dataSource(), "cs-1/");
        targetA = PostgresTarget.of(db.dataSourceAs(TestDatabase.CUTTER_EXEC));
        targetB = PostgresTarget.of(db.dataSourceAs(TestDatabase.CUTTER_EXEC));
    }

    @AfterEach
    void drop() {
        db.close();
    }

    private FailClosed host(String name, PostgresTarget target, boolean fileHold) {
        return FailClosed.builder()
                .home(homes.resolve(name))
                .sharedHold(DatabaseHold.of(target))
                .fileHold(fileHold)
                .build();
    }

    private static Compensator approved(String run, PostgresTarget target, FailClosed failClosed) {
        Compensator compensator = Compensator.forRun(run)
                .on(target)
                .failedAt(Phase.WRITE_VERIFY)
                .failClosed(failClosed)
                .signedBy(TestGovernance.signer());
        return compensator.authorizedBy(Approvals.approve(compensator.plan()));
    }

    private List<String> events() {
        String all = PlainJdbc.text(
                db.dataSource(), "SELECT string_agg(event || ':' || run_id, ',' ORDER BY id) FROM " + HOLD_TABLE);
        return all == null ? List.of() : List.of(all.split(","));
    }

    private void failOnHostA(FailClosed hostA) {
        assertThatThrownBy(() -> approved("run-1", targetA, hostA).execute())
                .isInstanceOfSatisfying(StepFailedException.class, e -> {
                    Escalation escalation = e.escalation().orElseThrow();
                    assertThat(escalation.holds()).contains("table " + HOLD_TABLE);
                });
    }

    private void fixTheCause() {
        PlainJdbc.run(db.dataSource(), "DROP TRIGGER fail_second_row ON public.information_unit");
    }

    @Test
    void aFailureOnOneHostMakesTheOtherRefuseAndAReleaseOnTheFirstLetsBothProceed() throws IOException {
        FailClosed hostA = host("host-a", targetA, true);
        FailClosed hostB = host("host-b", targetB, true);

        failOnHostA(hostA);

        assertThat(events()).containsExactly("placed:run-1");
        assertThat(hostA.locksDirectory().resolve("HOLD"))
                .as("host A keeps its HOLD file too")
                .exists();
        Map<String, Object> before = Db.state(db.dataSource());
        assertThatThrownBy(() -> approved("run-2", targetB, hostB).execute())
                .as("host B has no HOLD file, but the row stops it")
                .isInstanceOfSatisfying(OnHoldException.class, e -> {
                    assertThat(e.heldRunId()).isEqualTo(RunId.of("run-1"));
                    assertThat(e.hold().location()).isEqualTo("table " + HOLD_TABLE);
                    assertThat(e).hasMessageContaining("kept in table " + HOLD_TABLE);
                });
        assertThat(Db.state(db.dataSource())).as("nothing written on host B").isEqualTo(before);
        assertThat(hostB.locksDirectory().resolve("HOLD")).doesNotExist();
        assertThat(hostB.holds()).extracting(hold -> hold.location()).containsExactly("table " + HOLD_TABLE);

        fixTheCause();
        HoldRelease release = hostA.release("ops@example.org", "trigger dropped, DEC-9", true);

        assertThat(release.releasedFrom())
                .containsExactly(
                        hostA.locksDirectory().resolve("HOLD").toAbsolutePath().toString(), "table " + HOLD_TABLE);
        assertThat(events()).containsExactly("placed:run-1", "released:run-1");
        assertThat(PlainJdbc.text(
                        db.dataSource(),
                        "SELECT actor || ' / ' || reason FROM " + HOLD_TABLE + " WHERE event = 'released'"))
                .isEqualTo("ops@example.org / trigger dropped, DEC-9");
        assertThat(approved("run-2", targetB, hostB).execute().verdict()).isEqualTo(new Verdict.Compensated());
        assertThat(approved("run-1", targetA, hostA).execute().verdict()).isEqualTo(new Verdict.Compensated());
    }

    @Test
    void withTheHoldInTheDatabaseOnlyAReleaseOnTheOtherHostLetsBothProceed() {
        FailClosed hostA = host("host-a", targetA, false);
        FailClosed hostB = host("host-b", targetB, false);

        failOnHostA(hostA);

        assertThat(hostA.locksDirectory().resolve("HOLD"))
                .as("no HOLD file when the file is off")
                .doesNotExist();
        assertThatThrownBy(() -> approved("run-1", targetA, hostA).execute()).isInstanceOf(OnHoldException.class);
        assertThatThrownBy(() -> approved("run-2", targetB, hostB).execute()).isInstanceOf(OnHoldException.class);

        fixTheCause();
        hostB.release("ops@example.org", "released from host B", false);

        assertThat(hostA.hold()).isEmpty();
        assertThat(approved("run-1", targetA, hostA).execute().verdict()).isEqualTo(new Verdict.Compensated());
        assertThat(approved("run-2", targetB, hostB).execute().verdict()).isEqualTo(new Verdict.Compensated());
    }

    @Test
    void aHoldAnotherHostPlacesAfterTheChecksIsSeenInsideTheTransaction() {
        FailClosed hostB = host("host-b", targetB, true);
        CountingTarget watched = new CountingTarget(targetB);
        Compensator compensator = Compensator.forRun("run-2")
                .on(watched)
                .failedAt(Phase.WRITE_VERIFY)
                .failClosed(hostB)
                .signedBy(TestGovernance.signer());
        compensator.authorizedBy(Approvals.approve(compensator.plan()));
        // Host B passed its checks before connecting; host A places a HOLD before B's transaction.
        watched.beforeNextExecute(() -> assertThat(
                        DatabaseHold.of(targetA).place(RunId.of("run-9"), "failed: placed by host A", Instant.now()))
                .isTrue());
        Map<String, Object> before = Db.state(db.dataSource());

        assertThatThrownBy(compensator::execute).isInstanceOfSatisfying(OnHoldException.class, e -> {
            assertThat(e.heldRunId()).isEqualTo(RunId.of("run-9"));
            assertThat(e.escalation())
                    .as("another host's HOLD: no fail-closed procedure of our own")
                    .isEmpty();
        });

        assertThat(watched.executes.get()).isEqualTo(1);
        assertThat(Db.state(db.dataSource())).as("nothing written").isEqualTo(before);
        assertThat(events()).containsExactly("placed:run-9");
        assertThat(hostB.locksDirectory().resolve("HOLD")).doesNotExist();
    }

    @Test
    void aDatabaseHeldHoldSurvivesARestartOfTheJvm() throws Exception {
        FailClosed hostA = host("host-a", targetA, true);
        failOnHostA(hostA);

        // A new JVM, an empty directory: only the row can stop it.
        assertThat(secondJvm("fresh-1", "run-2")).isEqualTo("ON_HOLD run-1 table " + HOLD_TABLE);
        assertThat(secondJvm("fresh-2", "run-2")).as("and every restart").startsWith("ON_HOLD run-1 ");
        assertThat(homes.resolve("fresh-1").resolve("locks").resolve("HOLD")).doesNotExist();

        fixTheCause();
        hostA.release("ops@example.org", "fixed", false);

        assertThat(secondJvm("fresh-3", "run-2")).isEqualTo("EXECUTED Compensated[]");
    }

    @Test
    void theHoldHistoryIsAppendOnly() {
        FailClosed hostA = host("host-a", targetA, true);
        failOnHostA(hostA);
        hostA.release("ops@example.org", "fixed", false);

        for (String change : List.of(
                "UPDATE " + HOLD_TABLE + " SET event = 'released'",
                "DELETE FROM " + HOLD_TABLE,
                "TRUNCATE " + HOLD_TABLE)) {
            assertThat(sqlStateOf(db.dataSource(), change))
                    .as("superuser: %s", change)
                    .isEqualTo("CR002");
            assertThat(sqlStateOf(db.dataSourceAs(TestDatabase.CUTTER_EXEC), change))
                    .as("cutter_exec: %s", change)
                    .isEqualTo("42501");
        }
        assertThat(events()).containsExactly("placed:run-1", "released:run-1");
    }

    private static String sqlStateOf(javax.sql.DataSource dataSource, String sql) {
        try {
            PlainJdbc.run(dataSource, sql);
            return "no error";
        } catch (RuntimeException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof java.sql.SQLException failed && failed.getSQLState() != null) {
                    return failed.getSQLState();
                }
            }
            throw e;
        }
    }

    private String secondJvm(String home, String run) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        SecondHost.class.getName(),
                        db.jdbcUrl(),
                        homes.resolve(home).toString(),
                        run)
                .redirectErrorStream(true)
                .start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS))
                .as("the second JVM ends")
                .isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isZero();
        try (Stream<String> lines = output.lines()) {
            return lines.filter(line -> line.startsWith("ON_HOLD ") || line.startsWith("EXECUTED "))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no outcome in: " + output));
        }
    }
}
