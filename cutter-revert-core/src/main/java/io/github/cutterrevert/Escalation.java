package io.github.cutterrevert;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What the fail-closed procedure did after an unrecovered failure (seed 000, section 5), and where
 * a human finds it. Carried by a {@link CompensationResult} whose verdict is {@link
 * Verdict.Refused} and by the exception {@code execute()} throws after a failure ({@link
 * CutterRevertException#escalation()}).
 *
 * @param runId the run
 * @param verdict the verdict that triggered it (refused or failed)
 * @param holdCreated whether this call placed a HOLD ({@code false} when one already existed
 *     everywhere it is kept; it was left unchanged)
 * @param holds where the system is held now: the HOLD file, the database table, or the memory of
 *     this JVM when the HOLD could not be persisted
 * @param preSnapshot the run's {@code pre.json}, when one was written before the run
 * @param postSnapshot the post-failure snapshot, when it was written (or kept from an earlier
 *     failure of the run)
 * @param bundle the escalation bundle's summary file ({@code escalation.txt})
 * @param script the plan's SQL for reading ({@code escalation.sql})
 * @param problems steps of the procedure that could not be completed (each is also attached as a
 *     suppressed exception when a failure is rethrown)
 */
public record Escalation(
        RunId runId,
        Verdict verdict,
        boolean holdCreated,
        List<String> holds,
        Optional<Path> preSnapshot,
        Optional<Path> postSnapshot,
        Path bundle,
        Path script,
        List<String> problems) {

    /** Copies the lists; rejects nulls. */
    public Escalation {
        Checks.nonNull("runId", runId);
        Checks.nonNull("verdict", verdict);
        Checks.nonNull("preSnapshot", preSnapshot);
        Checks.nonNull("postSnapshot", postSnapshot);
        Checks.nonNull("bundle", bundle);
        Checks.nonNull("script", script);
        holds = List.copyOf(holds);
        problems = List.copyOf(problems);
    }
}
