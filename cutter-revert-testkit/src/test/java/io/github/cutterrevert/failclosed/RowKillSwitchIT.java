package io.github.cutterrevert.failclosed;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cutterrevert.Compensator;
import io.github.cutterrevert.FailClosed;
import io.github.cutterrevert.Phase;
import io.github.cutterrevert.Verdict;
import io.github.cutterrevert.jooq.PostgresTarget;
import io.github.cutterrevert.testkit.CutScenario;
import io.github.cutterrevert.testkit.PlainJdbc;
import io.github.cutterrevert.testkit.ReferenceWorld;
import io.github.cutterrevert.testkit.TestDatabase;
import io.github.cutterrevert.testkit.TestGovernance;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kill switch backed by a database row instead of a file, as the README shows it. */
class RowKillSwitchIT {
    @TempDir
    Path home;

    @Test
    void aRefusalTurnsTheRowOffAndOnlyAReleaseAskingForItTurnsItBackOn() {
        try (TestDatabase db = TestDatabase.create("failclosed-row-switch")) {
            ReferenceWorld.seedBaseline(db.dataSource());
            PlainJdbc.run(db.dataSource(), "CREATE SCHEMA ops");
            PlainJdbc.run(
                    db.dataSource(),
                    "CREATE TABLE ops.kill_switch (one boolean PRIMARY KEY CHECK (one), enabled boolean NOT NULL,"
                            + " changed_by text, reason text, changed_at timestamptz)");
            PlainJdbc.run(db.dataSource(), "GRANT USAGE ON SCHEMA ops TO cutter_exec");
            PlainJdbc.run(db.dataSource(), "GRANT SELECT, INSERT, UPDATE ON ops.kill_switch TO cutter_exec");
            DataSource exec = db.dataSourceAs(TestDatabase.CUTTER_EXEC);
            RowKillSwitch row = new RowKillSwitch(exec);
            assertThat(row.executionEnabled()).as("no row yet: off").isFalse();
            row.enable("installer", "installed");
            assertThat(row.executionEnabled()).isTrue();
            FailClosed failClosed = FailClosed.builder()
                    .rollbackDirectory(home.resolve("rollback"))
                    .locksDirectory(home.resolve("locks"))
                    .killSwitch(row)
                    .build();
            CutScenario.forRun("run-1")
                    .changeSet("cs-1")
                    .units(2)
                    .enactedUnits(1)
                    .apply(db.dataSource());

            Verdict verdict = Compensator.forRun("run-1")
                    .on(PostgresTarget.of(exec))
                    .failedAt(Phase.WRITE_VERIFY)
                    .failClosed(failClosed)
                    .signedBy(TestGovernance.signer())
                    .execute()
                    .verdict();

            assertThat(verdict).isInstanceOf(Verdict.Refused.class);
            assertThat(row.executionEnabled())
                    .as("1. kill switch off, in the row")
                    .isFalse();
            assertThat(PlainJdbc.text(db.dataSource(), "SELECT changed_by || ' / ' || reason FROM ops.kill_switch"))
                    .startsWith("run-1 / refused: ");
            assertThat(home.resolve("locks").resolve("execution_enabled"))
                    .as("no file kill switch beside it")
                    .doesNotExist();
            assertThat(Files.exists(home.resolve("locks").resolve("HOLD"))).isTrue();

            failClosed.release("ops@example.org", "left as it is", false);
            assertThat(row.executionEnabled()).as("not re-armed unless asked").isFalse();
            // The same refusal again places a new HOLD; this time the release re-arms.
            Compensator.forRun("run-1")
                    .on(PostgresTarget.of(exec))
                    .failedAt(Phase.WRITE_VERIFY)
                    .failClosed(failClosed)
                    .execute();
            failClosed.release("ops@example.org", "left as it is, re-armed", true);

            assertThat(row.executionEnabled()).isTrue();
            assertThat(PlainJdbc.text(db.dataSource(), "SELECT changed_by || ' / ' || reason FROM ops.kill_switch"))
                    .isEqualTo("ops@example.org / left as it is, re-armed");
        }
    }
}
