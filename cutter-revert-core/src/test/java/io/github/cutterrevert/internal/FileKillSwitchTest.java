package io.github.cutterrevert.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cutterrevert.RunId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileKillSwitchTest {
    @TempDir
    Path locks;

    @Test
    void aMissingFileIsOnAndTheSwitchRecordsWhoTurnedItOffAndOn() throws Exception {
        FileKillSwitch killSwitch = new FileKillSwitch(locks);
        assertThat(killSwitch.executionEnabled()).isTrue();

        killSwitch.disable(RunId.of("run-1"), "refused: enacted\nsecond line");

        assertThat(killSwitch.executionEnabled()).isFalse();
        List<String> lines = Files.readAllLines(locks.resolve("execution_enabled"));
        assertThat(lines.subList(0, 3))
                .containsExactly("false", "run_id=run-1", "reason=refused: enacted\\nsecond line");
        killSwitch.enable("ops", "released");
        assertThat(killSwitch.executionEnabled()).isTrue();
        assertThat(Files.readAllLines(locks.resolve("execution_enabled")).subList(0, 3))
                .containsExactly("true", "enabled_by=ops", "reason=released");
    }

    @Test
    void aKillSwitchFileThatDoesNotSayTrueReadsAsOff() throws Exception {
        // Regression: only a file starting with "false" meant off, so an empty file, "False" or "0"
        // (a hand edit, a truncated file) silently re-enabled execution.
        FileKillSwitch killSwitch = new FileKillSwitch(locks);
        for (String content : List.of("", "\n", "False\n", "0\n", "off\n", "disabled", "truex\n", " no")) {
            Files.writeString(locks.resolve("execution_enabled"), content);
            assertThat(killSwitch.executionEnabled()).as("content %s", content).isFalse();
        }
        for (String content : List.of("true", "true\n", " true \nenabled_by=ops\n")) {
            Files.writeString(locks.resolve("execution_enabled"), content);
            assertThat(killSwitch.executionEnabled()).as("content %s", content).isTrue();
        }
    }
}
