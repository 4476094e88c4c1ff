package io.github.cutterrevert;

import java.nio.file.Path;

/**
 * A file the library keeps (snapshot, run state, HOLD, escalation bundle) could not be written as
 * required, for example because it already exists (write-once) or an atomic move is unsupported.
 */
public final class StoreException extends CutterRevertException {
    private static final long serialVersionUID = 1L;

    private final String path;

    /**
     * Creates the exception.
     *
     * @param runId the run, may be {@code null}
     * @param path the file concerned
     * @param detail what was expected and what was found
     * @param cause the I/O error, may be {@code null}
     */
    public StoreException(RunId runId, Path path, String detail, Throwable cause) {
        super(runId, prefix(runId) + path + ": " + detail, cause);
        this.path = path.toString();
    }

    /**
     * The file concerned.
     *
     * @return the path
     */
    public Path path() {
        return Path.of(path);
    }
}
