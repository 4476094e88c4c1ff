package io.github.cutterrevert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cutterrevert.Phase;
import io.github.cutterrevert.testkit.CutScenario;
import io.github.cutterrevert.testkit.CutterPostgres;
import io.github.cutterrevert.testkit.PlainJdbc;
import io.github.cutterrevert.testkit.ReferenceWorld;
import io.github.cutterrevert.testkit.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar started as a real process ({@code java -jar}), as an operator would: no
 * classpath but the jar, configuration from the environment, a password from a file.
 */
@CutterPostgres
class JarIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    /** What one process did. */
    private record Run(List<String> args, int exit, String out, String err) {
        JsonNode json() throws IOException {
            return JSON.readTree(out);
        }

        @Override
        public String toString() {
            return String.join(" ", args) + " -> exit " + exit + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    private Run java(Operator operator, String... args) throws Exception {
        Path jar = Path.of(System.getProperty("cutter.cli.jar", "target/cutter-revert-cli.jar"));
        assertThat(jar).as("the packaged jar (failsafe runs after package)").exists();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-XX:TieredStopAtLevel=1"); // start-up speed only
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(home.resolve("out.txt").toFile())
                .redirectError(home.resolve("err.txt").toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("CUTTER_"));
        builder.environment().putAll(operator.environment());
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("finished").isTrue();
        return new Run(
                List.of(args),
                process.exitValue(),
                Files.readString(home.resolve("out.txt"), StandardCharsets.UTF_8),
                Files.readString(home.resolve("err.txt"), StandardCharsets.UTF_8));
    }

    @Test
    void anOperatorWalksACompensationAndAHoldWithTheJar(TestDatabase db) throws Exception {
        ReferenceWorld.seedBaseline(db.dataSource());
        CutScenario.forRun("run-jar")
                .units(4)
                .versionsPerUnit(2)
                .failingAt(Phase.WRITE_VERIFY)
                .apply(db.dataSource());
        Path password = home.resolve("db-password");
        Files.writeString(password, TestDatabase.CUTTER_EXEC + "\n");
        Operator operator = Operator.on(db, home)
                .env("CUTTER_JDBC_PASSWORD", null)
                .env("CUTTER_JDBC_PASSWORD_FILE", password.toString());
        String[] run = {"--run", "run-jar", "--failed-at", "write_verify"};

        Run help = java(operator, "--help");
        assertThat(help.exit()).as(help.toString()).isZero();
        assertThat(help.out()).contains("status", "plan", "approve", "execute", "release", "verify-chain");

        Run status = java(operator, "status");
        assertThat(status.exit()).as(status.toString()).isZero();
        assertThat(status.out()).contains("HOLD:", "none", "execution enabled");

        Run plan = java(operator, Args.of("plan", run, "--json"));
        assertThat(plan.exit()).as(plan.toString()).isZero();
        String fingerprint = plan.json().path("fingerprint").asText();
        assertThat(plan.json().path("kind").asText()).isEqualTo("COMPENSATE");

        Run preview = java(operator, Args.of("preview", run));
        assertThat(preview.exit()).as(preview.toString()).isZero();
        assertThat(preview.out()).contains("public.unit_version", "8", "rolled back");

        Path approval = home.resolve("approval.json");
        Run approve = java(
                operator,
                Args.of(
                        "approve",
                        run,
                        "--fingerprint",
                        fingerprint,
                        "--by",
                        "sovereign@example.org",
                        "--decision-id",
                        "DEC-JAR",
                        "--reason",
                        "reviewed at the console",
                        "--out",
                        approval.toString()));
        assertThat(approve.exit()).as(approve.toString()).isZero();

        Run execute = java(operator, Args.of("execute", run, "--approval", approval.toString()));
        assertThat(execute.exit()).as(execute.toString()).isZero();
        assertThat(execute.out()).contains("COMPENSATED");
        assertThat(PlainJdbc.count(
                        db.dataSource(),
                        "SELECT count(*) FROM public.information_unit iu JOIN cutter_governance.cut_change_set_affected_row a"
                                + " ON a.information_unit_id = iu.id WHERE a.change_set_id = 'cs-run-jar'"
                                + " AND iu.lifecycle_status = 'withdrawn'"))
                .isEqualTo(4);

        Run verify =
                java(operator, "verify-chain", "--keys", home.resolve("keys").toString());
        assertThat(verify.exit()).as(verify.toString()).isZero();
        assertThat(verify.out()).contains("intact (1 signed decision(s) checked)");

        // HOLD -> release: a refused run holds everything, the operator releases it.
        CutScenario.forRun("run-jar-enacted").units(2).enactedUnits(1).apply(db.dataSource());
        Run refused = java(operator, "execute", "--run", "run-jar-enacted", "--failed-at", "lifecycle_enact");
        assertThat(refused.exit()).as(refused.toString()).isEqualTo(ExitCode.REFUSED.code());
        Run held = java(operator, "status");
        assertThat(held.exit()).as(held.toString()).isEqualTo(ExitCode.ON_HOLD.code());
        assertThat(held.out()).contains("ON HOLD by run run-jar-enacted", "escalation");
        Run onHold = java(operator, Args.of("execute", run, "--approval", approval.toString()));
        assertThat(onHold.exit()).as(onHold.toString()).isEqualTo(ExitCode.ON_HOLD.code());

        Run release =
                java(operator, "release", "--by", "sovereign@example.org", "--reason", "enacted unit stays", "--rearm");
        assertThat(release.exit()).as(release.toString()).isZero();
        Run after = java(operator, "status", "--json");
        assertThat(after.exit()).as(after.toString()).isZero();
        assertThat(after.json().path("on_hold").asBoolean()).isFalse();
        assertThat(after.json().path("execution_enabled").asBoolean()).isTrue();
        assertThat(after.err()).doesNotContain(TestDatabase.CUTTER_EXEC + "\n");
    }

    /** Builds argument arrays. */
    private static final class Args {
        static String[] of(String command, String[] run, String... more) {
            List<String> all = new ArrayList<>();
            all.add(command);
            all.addAll(List.of(run));
            all.addAll(List.of(more));
            return all.toArray(String[]::new);
        }
    }
}
