package io.github.cutterrevert.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cutterrevert.RunId;
import io.github.cutterrevert.RunState;
import io.github.cutterrevert.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The run-state file read back through the store after a crash at each point of a write. */
class FileRunStateStoreTest {
    private static final RunId RUN = RunId.of("run/42 \u00fc");
    private static final RunState OLD =
            new RunState(RUN, RunState.State.RUNNING, Optional.empty(), Instant.parse("2026-05-21T10:00:00Z"));
    private static final RunState NEW = new RunState(
            RUN,
            RunState.State.STOPPED,
            Optional.of("failed: step 5 on public.unit_version failed\nsecond line " + "x".repeat(20_000)),
            Instant.parse("2026-05-21T10:00:01Z"));

    @TempDir
    Path rollback;

    /** Thrown from the stage hook: stands for the process dying at that point. */
    private static final class Crash extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    @ParameterizedTest
    @EnumSource(AtomicFiles.Stage.class)
    void aCrashAtAnyStageReadsBackAsTheOldOrTheNewCompleteState(AtomicFiles.Stage crashAt) throws Exception {
        FileRunStateStore store = new FileRunStateStore(rollback);
        store.write(OLD);

        assertThatThrownBy(() -> store.write(NEW, stage -> {
                    if (stage == crashAt) {
                        throw new Crash();
                    }
                }))
                .isInstanceOf(Crash.class);

        assertThat(store.read(RUN))
                .as("after a crash at %s", crashAt)
                .contains(crashAt == AtomicFiles.Stage.MOVED ? NEW : OLD);
        assertThat(new FileRunStateStore(rollback).read(RUN))
                .as("a fresh store (another process) reads the same")
                .isEqualTo(store.read(RUN));
        store.write(NEW);
        assertThat(store.read(RUN))
                .as("the next write after the crash succeeds")
                .contains(NEW);
    }

    @Test
    void writesAndReadsBackEveryStateAndKeepsOnlyTheFileAndItsLock() throws Exception {
        FileRunStateStore store = new FileRunStateStore(rollback);
        assertThat(store.read(RUN)).isEmpty();
        for (RunState.State state : RunState.State.values()) {
            RunState written = new RunState(RUN, state, Optional.of("why: " + state), Instant.now());
            store.write(written);
            assertThat(store.read(RUN)).contains(written);
        }
        try (Stream<Path> files = Files.list(store.file(RUN).getParent())) {
            assertThat(files.map(file -> file.getFileName().toString()))
                    .containsExactlyInAnyOrder("run-state.properties", "run-state.properties.lock");
        }
    }

    @Test
    void aTornFileIsReportedNotMisread() throws Exception {
        FileRunStateStore store = new FileRunStateStore(rollback);
        store.write(NEW);
        byte[] complete = Files.readAllBytes(store.file(RUN));
        // What a non-atomic writer would leave: the file cut short at any byte.
        for (int length : new int[] {0, 1, complete.length / 3, complete.length / 2}) {
            Files.write(store.file(RUN), java.util.Arrays.copyOf(complete, length));
            assertThatThrownBy(() -> store.read(RUN))
                    .as("cut at %d of %d bytes", length, complete.length)
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("expected a complete run-state file");
        }
    }
}
