package io.github.cutterrevert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cutterrevert.cli.Operator.Result;
import io.github.cutterrevert.testkit.CutterPostgres;
import io.github.cutterrevert.testkit.PlainJdbc;
import io.github.cutterrevert.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code validate} on the reference schema, on one with a renamed column, and with a binding naming it. */
@CutterPostgres
class ValidateIT {
    @TempDir
    Path home;

    @Test
    void aRenamedColumnIsNamedAndTheBindingFromTheConfigFileFixesIt(TestDatabase db) throws Exception {
        Operator operator = Operator.on(db, home);
        Result valid = operator.run("validate");
        assertThat(valid.exit()).as(valid.toString()).isZero();
        assertThat(valid.out()).contains("holds");

        PlainJdbc.run(db.dataSource(), "ALTER TABLE public.unit_version RENAME COLUMN lifecycle_status TO state");
        Result broken = operator.json("validate");
        assertThat(broken.exit()).as(broken.toString()).isEqualTo(ExitCode.INVALID_INPUT.code());
        assertThat(broken.json().path("error").path("problems").toString()).contains("lifecycle_status");

        Path config = home.resolve("cutter.properties");
        Files.writeString(config, "binding.column.version-status=state\n");
        Result bound = operator.run("validate", "--config", config.toString());
        assertThat(bound.exit()).as(bound.toString()).isZero();
    }
}
