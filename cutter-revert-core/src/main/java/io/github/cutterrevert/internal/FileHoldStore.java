package io.github.cutterrevert.internal;

import io.github.cutterrevert.CannotFailClosedException;
import io.github.cutterrevert.HoldNotice;
import io.github.cutterrevert.InvalidInputException;
import io.github.cutterrevert.RunId;
import io.github.cutterrevert.StoreException;
import io.github.cutterrevert.spi.HoldStore;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Properties;

/**
 * The HOLD as the file {@code <locks>/HOLD} (seed 000, section 5, step 3): created write-once,
 * never overwritten; on release it is moved beside the held run's bundle as {@code HOLD.released}.
 * Any file named {@code HOLD} holds, also one written by hand. Not API: configure it through {@code
 * FailClosed}.
 */
public final class FileHoldStore implements HoldStore {
    /** The run a HOLD file names when it names none the library can read (written by hand). */
    public static final RunId UNKNOWN_RUN = RunId.of("unknown");

    private static final RunId PROBE = RunId.of("preflight");

    private final Path file;
    private final Path rollbackDirectory;

    /**
     * Creates the store.
     *
     * @param locksDirectory where {@code HOLD} lives
     * @param rollbackDirectory where released HOLD files are kept, beside the held run's bundle
     */
    public FileHoldStore(Path locksDirectory, Path rollbackDirectory) {
        this.file = locksDirectory.resolve("HOLD").toAbsolutePath().normalize();
        this.rollbackDirectory = rollbackDirectory;
    }

    /**
     * The HOLD file.
     *
     * @return its path
     */
    public Path file() {
        return file;
    }

    @Override
    public String location() {
        return file.toString();
    }

    @Override
    public Optional<HoldNotice> current() {
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            // An unreadable HOLD file is still a HOLD: fail closed.
            return Optional.of(new HoldNotice(
                    UNKNOWN_RUN, "unreadable HOLD file: " + e.getClass().getSimpleName(), Instant.EPOCH, location()));
        }
        return Optional.of(parse(content));
    }

    /**
     * Reads a HOLD file field by field, so that one written by hand (any content, even empty) is a
     * HOLD too, with whatever it names.
     */
    private HoldNotice parse(String content) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(content));
        } catch (IOException | IllegalArgumentException e) {
            properties.clear();
        }
        RunId runId = UNKNOWN_RUN;
        try {
            runId = RunId.of(properties.getProperty("run_id"));
        } catch (InvalidInputException e) {
            // Not written by the library: the run is unknown, the HOLD still holds.
        }
        String reason = properties.getProperty("reason");
        if (reason == null) {
            String firstLine = content.strip().lines().findFirst().orElse("");
            reason = "HOLD file without a reason= line"
                    + (firstLine.isEmpty() ? "" : ": " + firstLine.substring(0, Math.min(firstLine.length(), 200)));
        }
        Instant createdAt = Instant.EPOCH;
        try {
            createdAt = Instant.parse(properties.getProperty("created_at", ""));
        } catch (DateTimeParseException e) {
            // Keep EPOCH: "unknown".
        }
        return new HoldNotice(runId, reason, createdAt, location());
    }

    @Override
    public boolean place(RunId runId, String reason, Instant at) {
        if (Files.exists(file)) {
            return false;
        }
        String hold = "run_id=" + oneLine(runId.value()) + "\nreason=" + oneLine(reason) + "\ncreated_at=" + at + "\n";
        try {
            AtomicFiles.createNew(runId, file, hold.getBytes(StandardCharsets.UTF_8));
        } catch (StoreException e) {
            if (Files.exists(file)) {
                return false; // another process placed one at the same moment: it holds
            }
            throw e;
        }
        return true;
    }

    /**
     * Moves the HOLD file beside the held run's bundle as {@code HOLD.released} ({@code
     * HOLD.released-2}...). The locks and rollback directories may be on different file systems
     * (e.g. locks on a tmpfs), where no atomic move exists: then the HOLD's bytes are published
     * write-once there and the HOLD is deleted after.
     */
    @Override
    public void release(HoldNotice held, String releasedBy, String reason, Instant at) {
        Path runDirectory = rollbackDirectory.resolve(held.runId().directoryName());
        Path kept = AtomicFiles.firstFree(runDirectory, "HOLD.released", "");
        try {
            Files.createDirectories(runDirectory);
            Files.move(file, kept, StandardCopyOption.ATOMIC_MOVE);
            return;
        } catch (AtomicMoveNotSupportedException e) {
            // Across file systems: copy, then delete below.
        } catch (IOException e) {
            throw new StoreException(
                    held.runId(), file, "expected to move the HOLD file to " + kept + " but could not", e);
        }
        try {
            AtomicFiles.createNew(held.runId(), kept, Files.readAllBytes(file));
            Files.delete(file);
        } catch (IOException e) {
            throw new StoreException(
                    held.runId(),
                    file,
                    "expected to copy the HOLD file to " + kept + " and delete it but could not",
                    e);
        }
    }

    @Override
    public void probe() {
        probeDirectory(PROBE, file.getParent());
    }

    /**
     * Proves a directory can take the library's files: it exists or can be created, and a
     * hard-linked file (how HOLD and every write-once file is published) can be created and removed
     * there.
     *
     * @param runId the run about to execute, for the message
     * @param directory the directory
     * @throws CannotFailClosedException naming the directory and the operating system's reason
     */
    public static void probeDirectory(RunId runId, Path directory) {
        Path dir = directory.toAbsolutePath().normalize();
        try {
            // Asking first spares the exceptions createDirectories throws and catches for an
            // existing directory: this runs before every execute().
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
            }
        } catch (IOException e) {
            throw new CannotFailClosedException(
                    runId, dir.toString(), inTheWay(dir).orElse(osReason(e)), e);
        }
        Path probe = dir.resolve(".cutter-preflight-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        Path link = probe.resolveSibling(probe.getFileName() + ".link");
        try {
            Files.write(probe, new byte[] {'\n'});
            Files.createLink(link, probe);
        } catch (IOException | UnsupportedOperationException e) {
            throw new CannotFailClosedException(runId, dir.toString(), osReason(e), e);
        } finally {
            deleteQuietly(link);
            deleteQuietly(probe);
        }
        if (Files.exists(probe) || Files.exists(link)) {
            throw new CannotFailClosedException(
                    runId, dir.toString(), "the probe file " + probe.getFileName() + " could not be removed", null);
        }
    }

    /** The nearest existing ancestor that is not a directory: it keeps the directory from being created. */
    private static Optional<String> inTheWay(Path dir) {
        for (Path path = dir; path != null; path = path.getParent()) {
            if (Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                return Files.isDirectory(path)
                        ? Optional.empty()
                        : Optional.of(path + " exists and is not a directory (Not a directory)");
            }
        }
        return Optional.empty();
    }

    /** The operating system's reason, e.g. {@code Not a directory} or {@code Permission denied}. */
    static String osReason(Throwable e) {
        String kind = e.getClass().getSimpleName();
        if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
            return fs.getReason() + " (" + kind + ")";
        }
        if (e instanceof java.nio.file.FileSystemException) {
            return kind;
        }
        return e.getMessage() == null ? kind : e.getMessage() + " (" + kind + ")";
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // Checked by the caller: a probe that stays behind fails the preflight.
        }
    }

    private static String oneLine(String text) {
        return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
    }
}
