package io.github.cutterrevert.internal;

import io.github.cutterrevert.RunId;
import io.github.cutterrevert.StoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Crash-safe file writes: a reader sees the old or the new complete file, never a torn one. Not
 * API.
 *
 * <p>{@link #replace} writes a temporary file, fsyncs it, renames it over the target with an
 * atomic move (failing, never falling back, when the file system cannot) and fsyncs the
 * directory, all under an exclusive lock on {@code <file>.lock} that keeps other threads and
 * other processes out. {@link #createNew} publishes a complete file under a name that must not
 * exist yet (write-once) by hard-linking the fsynced temporary file.
 */
public final class AtomicFiles {
    /** The points of a write at which a crash can be simulated in tests. */
    public enum Stage {
        /** Half of the temporary file is written, not yet synced. */
        TEMP_PARTIAL,
        /** The temporary file is complete and synced, not yet moved. */
        TEMP_SYNCED,
        /** The temporary file was moved over the target; the directory is not yet synced. */
        MOVED
    }

    private static final Duration LOCK_WAIT = Duration.ofSeconds(10);
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private AtomicFiles() {}

    /**
     * Atomically replaces (or creates) a file under an exclusive lock.
     *
     * @param runId the run, for error messages
     * @param file the file
     * @param content the new content
     */
    public static void replace(RunId runId, Path file, byte[] content) {
        replace(runId, file, content, stage -> {});
    }

    /**
     * {@link #replace(RunId, Path, byte[])} with a hook called at each stage, so tests can
     * simulate a crash by throwing from it.
     *
     * @param runId the run, for error messages
     * @param file the file
     * @param content the new content
     * @param hook called at each stage
     */
    public static void replace(RunId runId, Path file, byte[] content, Consumer<Stage> hook) {
        Path target = file.toAbsolutePath().normalize();
        createDirectories(runId, target.getParent());
        withLock(runId, target, () -> {
            Path temp = writeTemp(runId, target, content, hook);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                deleteQuietly(temp);
                throw new StoreException(
                        runId, target, "expected an atomic move but the file system does not support one", e);
            } catch (IOException e) {
                deleteQuietly(temp);
                throw new StoreException(runId, target, "expected to move the new content into place but could not", e);
            }
            hook.accept(Stage.MOVED);
            syncDirectory(runId, target.getParent());
        });
    }

    /**
     * Publishes a complete file under a name that must not exist yet.
     *
     * @param runId the run, for error messages
     * @param file the file
     * @param content the content
     * @throws StoreException with a {@link FileAlreadyExistsException} cause if the file exists
     */
    public static void createNew(RunId runId, Path file, byte[] content) {
        Path target = file.toAbsolutePath().normalize();
        createDirectories(runId, target.getParent());
        if (Files.exists(target)) {
            throw new StoreException(
                    runId,
                    target,
                    "expected a new file (write-once) but it already exists",
                    new FileAlreadyExistsException(target.toString()));
        }
        Path temp = writeTemp(runId, target, content, stage -> {});
        try {
            Files.createLink(target, temp);
        } catch (FileAlreadyExistsException e) {
            throw new StoreException(runId, target, "expected a new file (write-once) but it already exists", e);
        } catch (IOException | UnsupportedOperationException e) {
            throw new StoreException(
                    runId, target, "expected to publish the file atomically (hard link) but could not", e);
        } finally {
            deleteQuietly(temp);
        }
        syncDirectory(runId, target.getParent());
    }

    /**
     * The first of {@code base.ext}, {@code base-2.ext}, {@code base-3.ext}… that does not exist.
     *
     * @param directory the directory
     * @param base the base name
     * @param extension the extension including the dot, may be empty
     * @return the free path
     */
    public static Path firstFree(Path directory, String base, String extension) {
        Path candidate = directory.resolve(base + extension);
        for (int n = 2; Files.exists(candidate); n++) {
            candidate = directory.resolve(base + "-" + n + extension);
        }
        return candidate;
    }

    private static Path writeTemp(RunId runId, Path target, byte[] content, Consumer<Stage> hook) {
        Path temp = target.resolveSibling(
                "." + target.getFileName() + ".tmp-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            int half = content.length / 2;
            buffer.limit(half);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            hook.accept(Stage.TEMP_PARTIAL);
            buffer.limit(content.length);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            out.force(true);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new StoreException(runId, target, "expected to write a temporary file beside it but could not", e);
        }
        hook.accept(Stage.TEMP_SYNCED);
        return temp;
    }

    private static void withLock(RunId runId, Path target, Runnable action) {
        Path lockFile = target.resolveSibling(target.getFileName() + ".lock");
        ReentrantLock local = IN_PROCESS.computeIfAbsent(lockFile, path -> new ReentrantLock());
        local.lock();
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock = acquire(runId, target, channel);
            try {
                action.run();
            } finally {
                lock.release();
            }
        } catch (IOException e) {
            throw new StoreException(
                    runId,
                    target,
                    "expected to take the exclusive lock " + lockFile.getFileName() + " but could not",
                    e);
        } finally {
            local.unlock();
        }
    }

    private static FileLock acquire(RunId runId, Path target, FileChannel channel) throws IOException {
        long deadline = System.nanoTime() + LOCK_WAIT.toNanos();
        while (true) {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock != null) {
                return lock;
            }
            if (System.nanoTime() > deadline) {
                throw new StoreException(
                        runId,
                        target,
                        "expected the exclusive lock within " + LOCK_WAIT.toSeconds()
                                + " s but another process holds it",
                        null);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreException(runId, target, "interrupted while waiting for the exclusive lock", e);
            }
        }
    }

    private static void createDirectories(RunId runId, Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new StoreException(runId, directory, "expected a writable directory but could not create it", e);
        }
    }

    private static void syncDirectory(RunId runId, Path directory) {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            throw new StoreException(runId, directory, "expected to fsync the directory but could not", e);
        }
    }

    private static void deleteQuietly(Path temp) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // A stray temporary file is harmless: its name never collides with a real file.
        }
    }
}
