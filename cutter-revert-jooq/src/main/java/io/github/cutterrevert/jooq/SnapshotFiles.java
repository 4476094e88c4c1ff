package io.github.cutterrevert.jooq;

import io.github.cutterrevert.InvalidInputException;
import io.github.cutterrevert.RunId;
import io.github.cutterrevert.Snapshot;
import io.github.cutterrevert.StoreException;
import io.github.cutterrevert.jooq.internal.SnapshotJson;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/**
 * Keeps snapshots as write-once JSON files, {@code <root>/<run>/pre.json} and {@code
 * <root>/<run>/post.json} (seed 000, sections 2 and 5), e.g. under {@code
 * /var/lib/cutter/rollback}.
 *
 * <pre>{@code
 * SnapshotFiles files = SnapshotFiles.in(Path.of("/var/lib/cutter/rollback"));
 * files.write(target.snapshot(runId, "pre"));            // refuses to overwrite
 * Snapshot pre = files.read(runId, "pre");
 * }</pre>
 *
 * <p><b>Write-once and atomic.</b> {@link #write} first reserves the file name with {@code
 * CREATE_NEW} (so an existing file, or a concurrent writer, is refused with {@link StoreException}),
 * writes the JSON to a temporary file in the same directory, forces it to disk, and moves it over
 * the reservation atomically. A reader sees either the complete file or an empty reservation, which
 * {@link #read} reports as incomplete.
 *
 * <p><b>Directory names.</b> A run id may hold any printable character. Its directory name keeps
 * {@code A-Z a-z 0-9 . _ -} and percent-encodes every other UTF-8 byte ({@code run/42 ü} becomes
 * {@code run%2F42%20%C3%BC}); a leading dot is encoded too, so no name is hidden, {@code .} or
 * {@code ..}. A name longer than 120 characters is cut to its first 80 and suffixed with {@code
 * ~} and 32 hex digits of the run id's SHA-256. Distinct run ids give distinct names, except on
 * case-insensitive file systems, where two ids differing only in case share a directory: the
 * write-once rule then refuses the second snapshot instead of overwriting the first, and {@link
 * #read} checks the run id recorded inside the file.
 *
 * <p>Immutable and thread-safe.
 */
public final class SnapshotFiles {
    private static final Set<String> KINDS = Set.of("pre", "post");

    private final Path root;

    private SnapshotFiles(Path root) {
        this.root = root;
    }

    /**
     * Keeps snapshots under a root directory (created on first write).
     *
     * @param root e.g. {@code /var/lib/cutter/rollback}
     * @return the store
     * @throws InvalidInputException if {@code root} is null
     */
    public static SnapshotFiles in(Path root) {
        if (root == null) {
            throw new InvalidInputException("root", "a directory path", null);
        }
        return new SnapshotFiles(root);
    }

    /**
     * The root directory.
     *
     * @return the root
     */
    public Path root() {
        return root;
    }

    /**
     * Where a run's snapshot lives.
     *
     * @param runId the run
     * @param kind {@code pre} or {@code post}
     * @return {@code <root>/<runId.directoryName()>/<kind>.json}
     * @throws InvalidInputException if the kind is neither {@code pre} nor {@code post}
     */
    public Path path(RunId runId, String kind) {
        if (runId == null) {
            throw new InvalidInputException("runId", "a run id", null);
        }
        return root.resolve(runId.directoryName()).resolve(requireKind(kind) + ".json");
    }

    /**
     * Writes a snapshot once; never overwrites.
     *
     * @param snapshot the snapshot
     * @return the file written
     * @throws StoreException if the file exists already, or cannot be written, forced to disk or
     *     moved into place atomically (then no file is left behind)
     */
    public Path write(Snapshot snapshot) {
        if (snapshot == null) {
            throw new InvalidInputException("snapshot", "a snapshot", null);
        }
        RunId runId = snapshot.runId();
        Path target = path(runId, snapshot.kind());
        Path dir = target.getParent();
        byte[] json = SnapshotJson.write(snapshot);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StoreException(runId, dir, "expected to create the snapshot directory but could not", e);
        }
        try {
            // The reservation: atomically refuses an existing file and a concurrent writer.
            Files.newByteChannel(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)
                    .close();
        } catch (FileAlreadyExistsException e) {
            throw new StoreException(
                    runId,
                    target,
                    "expected no " + target.getFileName() + " (snapshots are write-once) but it already exists",
                    e);
        } catch (IOException e) {
            throw new StoreException(runId, target, "expected to create the snapshot file but could not", e);
        }
        Path temp = null;
        try {
            temp = Files.createTempFile(dir, "." + snapshot.kind() + ".json.", ".tmp");
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(json);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            temp = null;
            forceDirectory(dir);
            return target;
        } catch (IOException e) {
            StoreException failure = new StoreException(
                    runId, target, "expected to write the snapshot durably and atomically but could not", e);
            cleanUp(temp, target, failure);
            throw failure;
        }
    }

    /**
     * Reads a snapshot back.
     *
     * @param runId the run
     * @param kind {@code pre} or {@code post}
     * @return the snapshot
     * @throws StoreException if the file is missing, incomplete, not a snapshot, or records another
     *     run or kind
     */
    public Snapshot read(RunId runId, String kind) {
        Path file = path(runId, kind);
        byte[] json;
        try {
            json = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new StoreException(runId, file, "expected a " + kind + " snapshot but the file does not exist", e);
        } catch (IOException e) {
            throw new StoreException(runId, file, "expected to read the snapshot but could not", e);
        }
        if (json.length == 0) {
            throw new StoreException(
                    runId,
                    file,
                    "expected a complete snapshot but the file is empty (being written, or a write was interrupted)",
                    null);
        }
        Snapshot snapshot;
        try {
            snapshot = SnapshotJson.read(json);
        } catch (IllegalArgumentException e) {
            throw new StoreException(runId, file, "expected a snapshot file but " + e.getMessage(), e);
        }
        if (!snapshot.runId().equals(runId) || !snapshot.kind().equals(kind)) {
            throw new StoreException(
                    runId,
                    file,
                    "expected the " + kind + " snapshot of run " + runId.value() + " but the file holds the "
                            + snapshot.kind() + " snapshot of run "
                            + snapshot.runId().value(),
                    null);
        }
        return snapshot;
    }

    private static String requireKind(String kind) {
        if (kind == null || !KINDS.contains(kind)) {
            throw new InvalidInputException("kind", "\"pre\" or \"post\"", kind);
        }
        return kind;
    }

    /** Makes the rename itself durable where the platform allows opening a directory. */
    private static void forceDirectory(Path dir) throws IOException {
        if (System.getProperty("os.name", "").startsWith("Windows")) {
            return; // directories cannot be opened for fsync there; NTFS journals the rename
        }
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private static void cleanUp(Path temp, Path reservation, StoreException failure) {
        try {
            if (temp != null) {
                Files.deleteIfExists(temp);
            }
            // Only our own empty reservation is removed, so a later write can try again.
            if (Files.exists(reservation) && Files.size(reservation) == 0) {
                Files.delete(reservation);
            }
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
