package io.github.cutterrevert.failclosed;

import io.github.cutterrevert.RunId;
import io.github.cutterrevert.RunState;
import io.github.cutterrevert.internal.AtomicFiles;
import io.github.cutterrevert.internal.FileRunStateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * The second JVM process of {@link RunStateLockIT}: another writer of the same run-state file,
 * through the library's own file store and lock.
 *
 * <ul>
 *   <li>{@code hold <rollback> <run> <millis>}: writes a RUNNING state, stopping half-way (lock
 *       taken, temporary file synced, not yet moved) for the given time; says {@code locked} then.
 *   <li>{@code loop <rollback> <run>}: writes RUNNING states with a large last error, numbered,
 *       until killed; says {@code started} after the first.
 * </ul>
 */
public final class RunStateWriter {
    /** The last error's padding in {@code loop}, so that a write takes long enough to be cut. */
    static final int PADDING = 400_000;

    private RunStateWriter() {}

    /**
     * Entry point.
     *
     * @param args the mode and its arguments
     * @throws Exception on any failure (the test sees a non-zero exit)
     */
    public static void main(String[] args) throws Exception {
        Path rollback = Path.of(args[1]);
        RunId run = RunId.of(args[2]);
        FileRunStateStore store = new FileRunStateStore(rollback);
        switch (args[0]) {
            case "hold" -> {
                byte[] content = encoded(new RunState(
                        run, RunState.State.RUNNING, Optional.of("written by the other process"), Instant.now()));
                long millis = Long.parseLong(args[3]);
                AtomicFiles.replace(run, store.file(run), content, stage -> {
                    if (stage == AtomicFiles.Stage.TEMP_SYNCED) {
                        System.out.println("locked");
                        System.out.flush();
                        sleep(millis);
                    }
                });
            }
            case "loop" -> {
                String padding = "x".repeat(PADDING);
                for (long n = 1; ; n++) {
                    store.write(new RunState(
                            run, RunState.State.RUNNING, Optional.of("write #" + n + " " + padding), Instant.now()));
                    if (n == 1) {
                        System.out.println("started");
                        System.out.flush();
                    }
                }
            }
            default -> throw new IllegalArgumentException("mode must be hold or loop but was " + args[0]);
        }
    }

    /** The bytes the file store writes for a state (written to a scratch directory, read back). */
    private static byte[] encoded(RunState state) throws Exception {
        Path scratch = Files.createTempDirectory("run-state-");
        FileRunStateStore store = new FileRunStateStore(scratch);
        store.write(state);
        byte[] content = Files.readAllBytes(store.file(state.runId()));
        try (var files = Files.walk(scratch)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
        return content;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
