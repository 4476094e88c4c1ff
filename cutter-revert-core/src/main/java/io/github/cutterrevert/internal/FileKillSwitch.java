package io.github.cutterrevert.internal;

import io.github.cutterrevert.RunId;
import io.github.cutterrevert.StoreException;
import io.github.cutterrevert.spi.KillSwitch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The kill switch as a file {@code <locks>/execution_enabled} whose first line is {@code true}
 * or {@code false}; a missing file means enabled, a file whose first line is not exactly {@code
 * true} means disabled. Not API: obtain it through {@code FailClosed}.
 */
public final class FileKillSwitch implements KillSwitch {
    private static final RunId SWITCH = RunId.of("kill-switch");
    private final Path file;

    /**
     * Creates the switch.
     *
     * @param locksDirectory the locks directory
     */
    public FileKillSwitch(Path locksDirectory) {
        this.file = locksDirectory.resolve("execution_enabled");
    }

    @Override
    public boolean executionEnabled() {
        try {
            String content = Files.readString(file, StandardCharsets.UTF_8);
            // Fail closed: a file that is there but does not say "true" (empty, edited by hand,
            // "False", "0") means off.
            return content.lines().findFirst().map(String::strip).orElse("").equals("true");
        } catch (NoSuchFileException e) {
            return true;
        } catch (IOException e) {
            throw new StoreException(SWITCH, file, "expected a readable kill-switch file but could not read it", e);
        }
    }

    @Override
    public void disable(RunId runId, String reason) {
        write(false, "run_id=" + runId.value(), "reason=" + oneLine(reason));
    }

    @Override
    public void enable(String enabledBy, String reason) {
        write(true, "enabled_by=" + oneLine(enabledBy), "reason=" + oneLine(reason));
    }

    private void write(boolean enabled, String... lines) {
        String content = enabled + "\n" + String.join("\n", lines) + "\nat=" + Instant.now() + "\n";
        AtomicFiles.replace(SWITCH, file, content.getBytes(StandardCharsets.UTF_8));
    }

    static String oneLine(String text) {
        return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
    }
}
