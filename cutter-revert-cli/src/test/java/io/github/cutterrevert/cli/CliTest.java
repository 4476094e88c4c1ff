package io.github.cutterrevert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cutterrevert.cli.Operator.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parsing, configuration and the file-only commands, without a database. */
class CliTest {
    @TempDir
    Path home;

    private Operator operator;

    @BeforeEach
    void setUp() {
        operator = new Operator(home);
    }

    @Test
    void helpListsEveryCommandAndTheExitCodes() {
        Result help = operator.run("--help");

        assertThat(help.exit()).as(help.toString()).isZero();
        assertThat(help.out())
                .contains(
                        "status",
                        "validate",
                        "snapshot",
                        "plan",
                        "preview",
                        "script",
                        "approve",
                        "execute",
                        "release",
                        "decisions",
                        "verify-chain",
                        "seed-rollback")
                .contains("Exit codes: 0 done, 1 failed, 2 invalid input, 3 refused");
    }

    @Test
    void eachCommandHasItsOwnHelp() {
        for (String command : new String[] {
            "status",
            "snapshot",
            "plan",
            "preview",
            "script",
            "approve",
            "execute",
            "release",
            "decisions",
            "verify-chain",
            "seed-rollback"
        }) {
            Result help = operator.run(command, "--help");
            assertThat(help.exit()).as(help.toString()).isZero();
            assertThat(help.out()).as(command).contains("Usage: cutter-revert " + command);
        }
        assertThat(operator.run("seed-rollback", "execute", "--help").out())
                .contains("--parent=COLUMN=VALUE", "--approval=FILE");
    }

    @Test
    void noCommandOrAnUnknownOneIsAUsageError() {
        assertThat(operator.run().exit()).isEqualTo(ExitCode.INVALID_INPUT.code());
        Result unknown = operator.run("undo-everything");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("undo-everything");
        assertThat(operator.run("seed-rollback").exit()).isEqualTo(2);
    }

    @Test
    void aPasswordOnTheCommandLineIsRefusedWithoutEchoingIt() {
        Result refused = operator.run("status", "--password", "s3cret-Pa55");

        assertThat(refused.exit()).isEqualTo(ExitCode.INVALID_INPUT.code());
        assertThat(refused.err())
                .contains("never taken on the command line", "CUTTER_JDBC_PASSWORD_FILE")
                .doesNotContain("s3cret-Pa55");
        assertThat(refused.out()).doesNotContain("s3cret-Pa55");
    }

    @Test
    void aUrlCarryingAPasswordIsRefusedWithoutEchoingIt() {
        for (String url : new String[] {
            "jdbc:postgresql://db:5432/app?user=x&password=s3cret-Pa55", "jdbc:postgresql://x:s3cret-Pa55@db:5432/app"
        }) {
            Result refused = operator.run("status", "--jdbc-url", url);
            assertThat(refused.exit()).as(url).isEqualTo(2);
            assertThat(refused.err()).contains("without a password").doesNotContain("s3cret-Pa55");
        }
        Result notPostgres = operator.run("status", "--jdbc-url", "jdbc:h2:mem:x");
        assertThat(notPostgres.exit()).isEqualTo(2);
        assertThat(notPostgres.err()).contains("jdbc:postgresql:");
    }

    @Test
    void aCommandThatNeedsTheDatabaseSaysWhereToConfigureIt() {
        Result missing = operator.run("plan", "--run", "run-1", "--failed-at", "write_verify");

        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("jdbc-url", "CUTTER_JDBC_URL", "jdbc.url");
    }

    @Test
    void theConfigFileRefusesUnknownKeysAndAPassword() throws Exception {
        Path typo = home.resolve("typo.properties");
        Files.writeString(typo, "jdbc.usr=cutter_exec\n");
        Result unknown = operator.run("status", "--config", typo.toString());
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("jdbc.usr", "jdbc.user");

        Path secret = home.resolve("secret.properties");
        Files.writeString(secret, "jdbc.password=s3cret-Pa55\n");
        Result password = operator.env("CUTTER_CONFIG", secret.toString()).run("status");
        assertThat(password.exit()).isEqualTo(2);
        assertThat(password.err()).contains("jdbc.password-file").doesNotContain("s3cret-Pa55");

        Path badBinding = home.resolve("binding.properties");
        Files.writeString(badBinding, "binding.table.information-units=public.iu\n");
        Result binding = operator.run("status", "--config", badBinding.toString());
        assertThat(binding.exit()).isEqualTo(2);
        assertThat(binding.err()).contains("binding.table.information-units", "information-unit");
    }

    @Test
    void flagsWinOverTheEnvironmentWhichWinsOverTheFile() throws Exception {
        Path config = home.resolve("c.properties");
        Files.writeString(
                config, "home=" + home.resolve("from-file") + "\nlocks-dir=" + home.resolve("locks-file") + "\n");
        operator.env("CUTTER_HOME", null).env("CUTTER_CONFIG", config.toString());

        assertThat(operator.json("status").json().path("rollback_directory").asText())
                .isEqualTo(home.resolve("from-file/rollback").toString());
        assertThat(operator.json("status").json().path("locks_directory").asText())
                .isEqualTo(home.resolve("locks-file").toString());
        operator.env("CUTTER_LOCKS_DIR", home.resolve("locks-env").toString());
        assertThat(operator.json("status").json().path("locks_directory").asText())
                .isEqualTo(home.resolve("locks-env").toString());
        assertThat(operator.json(
                                "status",
                                "--locks-dir",
                                home.resolve("locks-flag").toString())
                        .json()
                        .path("locks_directory")
                        .asText())
                .isEqualTo(home.resolve("locks-flag").toString());
    }

    @Test
    void badArgumentsAreTypedErrorsNamingTheField() {
        Result phase = operator.env("CUTTER_JDBC_URL", "jdbc:postgresql://localhost:1/x")
                .run("plan", "--run", "run-1", "--failed-at", "write-verified");
        assertThat(phase.exit()).isEqualTo(2);
        assertThat(phase.err()).contains("--failed-at", "write_verify");

        Result both = operator.run("plan", "--run", "run-1", "--failed-at", "write_verify", "--hard", "--soft-to", "x");
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err()).contains("--soft-to");

        Result duration = operator.run("status", "--lock-timeout", "five seconds");
        assertThat(duration.exit()).isEqualTo(2);
        assertThat(duration.err()).contains("lock-timeout", "5s");

        Result signer =
                operator.run("status", "--signer-key", home.resolve("k.pem").toString());
        assertThat(signer.exit()).isEqualTo(0).as("status needs no signer");
        Result signerWithoutId = operator.run(
                "plan",
                "--run",
                "run-1",
                "--failed-at",
                "write_verify",
                "--signer-key",
                home.resolve("k.pem").toString());
        assertThat(signerWithoutId.exit()).isEqualTo(2);
        assertThat(signerWithoutId.err()).contains("--signer-key-id");
    }

    @Test
    void statusOnACleanHomeIsOkAndOnAHoldWrittenByHandIsOnHold() throws Exception {
        Result clean = operator.json("status");
        assertThat(clean.exit()).as(clean.toString()).isZero();
        assertThat(clean.json().path("on_hold").asBoolean()).isFalse();
        assertThat(clean.json().path("execution_enabled").asBoolean()).isTrue();

        Path locks = home.resolve("cutter/locks");
        Files.createDirectories(locks);
        Files.writeString(locks.resolve("HOLD"), "maintenance window, ask ops\n");

        Result held = operator.run("status");
        assertThat(held.exit()).isEqualTo(ExitCode.ON_HOLD.code());
        assertThat(held.out()).contains("ON HOLD by run unknown", "maintenance window", "release --by");
        Result heldJson = operator.json("status");
        assertThat(heldJson.json().path("hold").path("location").asText())
                .isEqualTo(locks.resolve("HOLD").toString());
    }

    @Test
    void releaseWithoutAHoldIsRefusedAndWithOneIsRecorded() throws Exception {
        Result nothing = operator.run("release", "--by", "ops@example.org", "--reason", "done");
        assertThat(nothing.exit()).isEqualTo(2);
        assertThat(nothing.err()).contains("expected a HOLD to release but found none");

        Path locks = home.resolve("cutter/locks");
        Files.createDirectories(locks);
        Files.writeString(locks.resolve("HOLD"), "run_id=run-9\nreason=by hand\ncreated_at=2026-12-01T05:00:00Z\n");
        Result missingReason = operator.run("release", "--by", "ops@example.org");
        assertThat(missingReason.exit()).isEqualTo(2);
        assertThat(Files.exists(locks.resolve("HOLD"))).as("still held").isTrue();

        Result released = operator.json("release", "--by", "ops@example.org", "--reason", "checked by hand", "--rearm");
        assertThat(released.exit()).as(released.toString()).isZero();
        assertThat(released.json().path("held_run").asText()).isEqualTo("run-9");
        assertThat(released.json().path("kill_switch_rearmed").asBoolean()).isTrue();
        assertThat(Files.exists(locks.resolve("HOLD"))).isFalse();
        assertThat(Files.readString(Path.of(released.json().path("record").asText())))
                .contains("released_by=ops@example.org", "reason=checked by hand");
        assertThat(operator.run("status").exit()).isZero();
    }

    @Test
    void thePromptIsUsedOnlyWhenAskedAndItsAbsenceIsAnInputError() {
        Result noTerminal = operator.env("CUTTER_JDBC_URL", "jdbc:postgresql://localhost:1/x")
                .run("plan", "--run", "run-1", "--failed-at", "write_verify", "--password-prompt");
        assertThat(noTerminal.exit()).isEqualTo(2);
        assertThat(noTerminal.err()).contains("a terminal to ask on");

        Result asked = operator.prompt(prompt -> Optional.of("wrong".toCharArray()))
                .run("plan", "--run", "run-1", "--failed-at", "write_verify", "--password-prompt");
        assertThat(asked.exit()).as("asked, then the connection was refused").isEqualTo(ExitCode.FAILED.code());
        assertThat(asked.err()).doesNotContain("wrong");
    }

    @Test
    void anErrorInJsonModeIsOneDocumentOnStandardOutput() {
        Result error = operator.json("release", "--by", "ops", "--reason", "x");

        assertThat(error.exit()).isEqualTo(2);
        assertThat(error.json().path("outcome").asText()).isEqualTo("invalid_input");
        assertThat(error.json().path("exit_code").asInt()).isEqualTo(2);
        assertThat(error.json().path("error").path("type").asText()).isEqualTo("InvalidPlanException");
        assertThat(error.json().path("error").path("rule").asText()).isEqualTo("hold-present");
        assertThat(error.err()).isEmpty();
    }
}
