package io.github.cutterrevert;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What the fail-closed procedure did after an unrecovered failure (seed 000, section 5).
 *
 * @param runId the run
 * @param verdict the verdict that triggered it (refused or failed)
 * @param holdCreated whether this call created the HOLD ({@code false} when one already existed;
 *     it was left unchanged)
 * @param postSnapshot the post-failure snapshot, when it could be taken
 * @param bundle the escalation bundle's summary file
 * @param problems steps of the procedure that could not be completed (each is also attached as a
 *     suppressed exception when a failure is rethrown)
 */
public record Escalation(
        RunId runId,
        Verdict verdict,
        boolean holdCreated,
        Optional<Path> postSnapshot,
        Path bundle,
        List<String> problems) {

    /** Copies the list. */
    public Escalation {
        problems = List.copyOf(problems);
    }
}
