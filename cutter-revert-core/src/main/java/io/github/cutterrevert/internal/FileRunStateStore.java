package io.github.cutterrevert.internal;

import io.github.cutterrevert.RunId;
import io.github.cutterrevert.RunState;
import io.github.cutterrevert.StoreException;
import io.github.cutterrevert.spi.RunStateStore;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * Run state as {@code <rollback>/<run>/run-state.properties}, replaced atomically under an
 * exclusive file lock. Not API: obtain it through {@code FailClosed}.
 */
public final class FileRunStateStore implements RunStateStore {
    private final Path rollbackDirectory;

    /**
     * Creates the store.
     *
     * @param rollbackDirectory the rollback directory
     */
    public FileRunStateStore(Path rollbackDirectory) {
        this.rollbackDirectory = rollbackDirectory;
    }

    /**
     * The state file of a run.
     *
     * @param runId the run
     * @return the path
     */
    public Path file(RunId runId) {
        return rollbackDirectory.resolve(runId.directoryName()).resolve("run-state.properties");
    }

    @Override
    public Optional<RunState> read(RunId runId) {
        Path file = file(runId);
        try {
            Properties properties = new Properties();
            properties.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
            String lastError = properties.getProperty("last_error");
            return Optional.of(new RunState(
                    RunId.of(properties.getProperty("run_id")),
                    RunState.State.valueOf(properties.getProperty("state")),
                    Optional.ofNullable(lastError),
                    Instant.parse(properties.getProperty("updated_at"))));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            throw new StoreException(runId, file, "expected a complete run-state file but could not read it", e);
        }
    }

    @Override
    public void write(RunState state) {
        write(state, stage -> {});
    }

    /** {@link #write(RunState)} with a hook at each stage of the atomic write, for crash tests. */
    void write(RunState state, Consumer<AtomicFiles.Stage> hook) {
        Properties properties = new Properties();
        properties.setProperty("run_id", state.runId().value());
        properties.setProperty("state", state.state().name());
        state.lastError().ifPresent(error -> properties.setProperty("last_error", error));
        properties.setProperty("updated_at", state.updatedAt().toString());
        StringWriter out = new StringWriter();
        try {
            properties.store(out, "cutter-revert run state");
        } catch (IOException e) {
            throw new IllegalStateException("writing to a StringWriter cannot fail", e);
        }
        AtomicFiles.replace(state.runId(), file(state.runId()), out.toString().getBytes(StandardCharsets.UTF_8), hook);
    }
}
