package io.github.cutterrevert.jooq;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cutterrevert.Authority;
import io.github.cutterrevert.CompensationPlan;
import io.github.cutterrevert.Compensator;
import io.github.cutterrevert.Mode;
import io.github.cutterrevert.Phase;
import io.github.cutterrevert.Verdict;
import io.github.cutterrevert.testkit.CutScenario;
import io.github.cutterrevert.testkit.PlainJdbc;
import io.github.cutterrevert.testkit.ReferenceWorld;
import io.github.cutterrevert.testkit.TestDatabase;
import io.github.cutterrevert.testkit.TestGovernance;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The rendered psql script does what {@code execute()} does: run on an identical database it
 * reaches the same state, and its checks stop it (committing nothing) when a guard fails. Needs
 * {@code psql} on the PATH; skipped otherwise.
 */
class ScriptIT {
    @TempDir
    Path dir;

    private static TestDatabase halfFailedCut(String name) {
        TestDatabase db = TestDatabase.create(name);
        ReferenceWorld.seedBaseline(db.dataSource());
        CutScenario.forRun("run-1")
                .changeSet("cs-1")
                .units(4)
                .versionsPerUnit(2)
                .failingAt(Phase.WRITE_VERIFY)
                .apply(db.dataSource());
        return db;
    }

    private static Compensator compensator(TestDatabase db, Mode mode) {
        Compensator compensator = Compensator.forRun("run-1")
                .failClosed(TestGovernance.failClosed())
                .signedBy(TestGovernance.signer())
                .on(PostgresTarget.of(db.dataSourceAs(TestDatabase.CUTTER_EXEC)))
                .failedAt(Phase.WRITE_VERIFY);
        return mode == Mode.HARD_DELETE ? compensator.hardDelete() : compensator;
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void theScriptAndExecuteReachTheSameState(Mode mode) throws Exception {
        Assumptions.assumeTrue(psqlAvailable(), "psql is not on the PATH");
        try (TestDatabase executed = halfFailedCut("jooq-script-exec");
                TestDatabase scripted = halfFailedCut("jooq-script-psql")) {
            Compensator viaExecute = compensator(executed, mode);
            CompensationPlan plan = viaExecute.plan();
            Authority.RecordedDecision decision = Sql.approve(plan);
            assertThat(viaExecute.authorizedBy(decision).execute().verdict()).isEqualTo(new Verdict.Compensated());

            CompensationPlan same = compensator(scripted, mode).plan();
            assertThat(same.fingerprint()).isEqualTo(plan.fingerprint());
            String script = PostgresTarget.of(scripted.dataSourceAs(TestDatabase.CUTTER_EXEC))
                    .render(same, decision);
            Psql run = psql(scripted, script);

            assertThat(run.exitCode()).as(run.output()).isZero();
            Map<String, Object> state = Sql.state(scripted.dataSource());
            assertThat(state).isEqualTo(Sql.state(executed.dataSource()));
            assertThat(state.get("decisions").toString()).contains("sovereign@example.org");
        }
    }

    @Test
    void aScriptWhoseGuardNoLongerHoldsStopsAndCommitsNothing() throws Exception {
        Assumptions.assumeTrue(psqlAvailable(), "psql is not on the PATH");
        try (TestDatabase db = halfFailedCut("jooq-script-guard")) {
            CompensationPlan plan = compensator(db, Mode.SOFT_REVERT).plan();
            String script =
                    PostgresTarget.of(db.dataSourceAs(TestDatabase.CUTTER_EXEC)).render(plan, Sql.approve(plan));
            PlainJdbc.count(
                    db.dataSource(),
                    "SELECT count(public.fn_iu_enact(id)) FROM public.information_unit WHERE address = 'cs-1/iu-1'");
            Map<String, Object> before = Sql.state(db.dataSource());

            Psql run = psql(db, script);

            assertThat(run.exitCode()).as(run.output()).isEqualTo(3);
            assertThat(run.output()).contains("no rows returned for \\gset");
            assertThat(Sql.state(db.dataSource())).isEqualTo(before);
        }
    }

    private record Psql(int exitCode, String output) {}

    private Psql psql(TestDatabase db, String script) throws IOException, InterruptedException {
        Path file = Files.writeString(dir.resolve(db.name() + ".sql"), script, StandardCharsets.UTF_8);
        URI url = URI.create(db.jdbcUrl().substring("jdbc:".length()));
        ProcessBuilder builder = new ProcessBuilder(List.of(
                        "psql",
                        "-X",
                        "--no-password",
                        "-h",
                        url.getHost(),
                        "-p",
                        Integer.toString(url.getPort()),
                        "-U",
                        TestDatabase.CUTTER_EXEC,
                        "-d",
                        url.getPath().substring(1),
                        "-f",
                        file.toString()))
                .redirectErrorStream(true);
        builder.environment().put("PGPASSWORD", TestDatabase.CUTTER_EXEC);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("psql did not finish: " + output);
        }
        return new Psql(process.exitValue(), output);
    }

    private static boolean psqlAvailable() {
        try {
            Process process = new ProcessBuilder("psql", "--version")
                    .redirectErrorStream(true)
                    .start();
            process.getInputStream().readAllBytes();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
