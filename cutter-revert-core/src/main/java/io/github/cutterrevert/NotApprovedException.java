package io.github.cutterrevert;

import java.util.Optional;

/**
 * Execution was refused because the plan lacks the approval it needs: no recorded decision, or one
 * that approves a different fingerprint (the plan changed since review). Nothing was written.
 */
public final class NotApprovedException extends CutterRevertException {
    private static final long serialVersionUID = 1L;

    private final transient Fingerprint planFingerprint;
    private final transient Fingerprint approvedFingerprint;

    /**
     * Creates the exception.
     *
     * @param runId the run
     * @param planFingerprint the fingerprint of the plan that would run
     * @param approvedFingerprint the fingerprint the decision approves, or {@code null} when there is
     *     no decision
     * @param detail why the approval is insufficient
     */
    public NotApprovedException(
            RunId runId, Fingerprint planFingerprint, Fingerprint approvedFingerprint, String detail) {
        super(
                runId,
                prefix(runId)
                        + detail
                        + ": expected a recorded decision approving "
                        + planFingerprint.value()
                        + " but found "
                        + (approvedFingerprint == null ? "none" : approvedFingerprint.value()),
                null);
        this.planFingerprint = planFingerprint;
        this.approvedFingerprint = approvedFingerprint;
    }

    /**
     * The fingerprint of the plan that would have run.
     *
     * @return the plan's fingerprint
     */
    public Fingerprint planFingerprint() {
        return planFingerprint;
    }

    /**
     * The fingerprint the given decision approves.
     *
     * @return the approved fingerprint, empty when no decision was given
     */
    public Optional<Fingerprint> approvedFingerprint() {
        return Optional.ofNullable(approvedFingerprint);
    }
}
