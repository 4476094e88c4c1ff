package io.github.cutterrevert.internal;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A second JVM process for {@link AtomicFilesTest}: takes the exclusive lock of a file's {@code
 * .lock} sibling, says {@code locked}, holds it for the given milliseconds, then exits.
 */
public final class LockHolder {
    private LockHolder() {}

    /**
     * Entry point.
     *
     * @param args the target file and how long to hold its lock in milliseconds
     * @throws Exception on any failure (the test sees a non-zero exit)
     */
    public static void main(String[] args) throws Exception {
        Path target = Path.of(args[0]);
        Path lockFile = target.resolveSibling(target.getFileName() + ".lock");
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock = channel.lock();
            System.out.println(lock.isValid() ? "locked" : "not locked");
            System.out.flush();
            Thread.sleep(Long.parseLong(args[1]));
        }
    }
}
