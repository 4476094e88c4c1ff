package io.github.cutterrevert;

/**
 * Another session holds the compensation lock of this subject (change set or seed delta); this
 * call gave up at once instead of waiting. Nothing was written.
 */
public final class LockBusyException extends CutterRevertException {
    private static final long serialVersionUID = 1L;

    private final String lockSubject;

    /**
     * Creates the exception.
     *
     * @param runId the run
     * @param lockSubject what the lock protects, e.g. {@code "change set cs-1"}
     */
    public LockBusyException(RunId runId, String lockSubject) {
        super(
                runId,
                prefix(runId) + "expected to hold the compensation lock of " + lockSubject
                        + " but another session holds it; nothing written",
                null);
        this.lockSubject = lockSubject;
    }

    /**
     * What the lock protects.
     *
     * @return the lock subject
     */
    public String lockSubject() {
        return lockSubject;
    }
}
