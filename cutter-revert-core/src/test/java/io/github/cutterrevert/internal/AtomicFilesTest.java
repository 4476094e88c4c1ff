package io.github.cutterrevert.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cutterrevert.RunId;
import io.github.cutterrevert.StoreException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AtomicFilesTest {
    private static final RunId RUN = RunId.of("run-1");

    @TempDir
    Path dir;

    /** Thrown from the stage hook: stands for the process dying at that point. */
    private static final class Crash extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    @ParameterizedTest
    @EnumSource(AtomicFiles.Stage.class)
    void aCrashAtAnyStageLeavesTheOldOrTheNewCompleteFile(AtomicFiles.Stage crashAt) throws Exception {
        Path file = dir.resolve("run-state.properties");
        AtomicFiles.replace(RUN, file, "state=OLD\n".getBytes(StandardCharsets.UTF_8));
        String next = "state=NEW\n" + "x".repeat(10_000) + "\n";

        assertThatThrownBy(() -> AtomicFiles.replace(RUN, file, next.getBytes(StandardCharsets.UTF_8), stage -> {
                    if (stage == crashAt) {
                        throw new Crash();
                    }
                }))
                .isInstanceOf(Crash.class);

        String content = Files.readString(file);
        assertThat(content)
                .as("after a crash at %s the file is the old or the new complete content", crashAt)
                .isIn("state=OLD\n", next);
        if (crashAt == AtomicFiles.Stage.MOVED) {
            assertThat(content).isEqualTo(next);
        } else {
            assertThat(content).isEqualTo("state=OLD\n");
        }
    }

    @Test
    void replaceOverwritesAndLeavesNoTemporaryFilesBehind() throws Exception {
        Path file = dir.resolve("state");
        AtomicFiles.replace(RUN, file, "a".getBytes(StandardCharsets.UTF_8));
        AtomicFiles.replace(RUN, file, "b".getBytes(StandardCharsets.UTF_8));
        assertThat(Files.readString(file)).isEqualTo("b");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("state", "state.lock");
        }
    }

    @Test
    void createNewRefusesAnExistingFileAndLeavesItUnchanged() throws Exception {
        Path file = dir.resolve("HOLD");
        AtomicFiles.createNew(RUN, file, "first".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> AtomicFiles.createNew(RUN, file, "second".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("write-once");
        assertThat(Files.readString(file)).isEqualTo("first");
    }

    @Test
    void aSecondProcessHoldingTheLockKeepsTheWriterOutUntilItReleases() throws Exception {
        Path file = dir.resolve("run-state.properties");
        AtomicFiles.replace(RUN, file, "state=OLD\n".getBytes(StandardCharsets.UTF_8));
        long holdMillis = 1500;
        Process holder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        LockHolder.class.getName(),
                        file.toString(),
                        Long.toString(holdMillis))
                .redirectErrorStream(true)
                .start();
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).as("the second process took the lock").isEqualTo("locked");
            long start = System.nanoTime();

            AtomicFiles.replace(RUN, file, "state=NEW\n".getBytes(StandardCharsets.UTF_8));

            long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(holder.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(holder.exitValue()).isZero();
            assertThat(waitedMillis)
                    .as("the writer waited for the other process to release the lock")
                    .isGreaterThanOrEqualTo(holdMillis - 300);
            assertThat(Files.readString(file)).isEqualTo("state=NEW\n");
        } finally {
            holder.destroyForcibly();
        }
    }

    @Test
    void firstFreeCountsUpPastExistingFiles() throws Exception {
        Files.writeString(dir.resolve("escalation.txt"), "1");
        Files.writeString(dir.resolve("escalation-2.txt"), "2");
        assertThat(AtomicFiles.firstFree(dir, "escalation", ".txt")).isEqualTo(dir.resolve("escalation-3.txt"));
    }
}
