package io.github.cutterrevert;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * What executing a plan did.
 *
 * @param plan the plan that ran (re-planned inside the transaction; same fingerprint as approved)
 * @param verdict the outcome
 * @param rowsAffected rows changed per table (updated or deleted or inserted)
 * @param statements how many SQL statements were sent, guards and re-counts included
 * @param elapsed wall-clock time of the transaction
 * @param escalation for a {@link Verdict.Refused} verdict, what the fail-closed procedure did and
 *     where the bundle, {@code post.json} and the HOLD are; empty otherwise
 */
public record CompensationResult(
        CompensationPlan plan,
        Verdict verdict,
        Map<LogicalTable, Long> rowsAffected,
        int statements,
        Duration elapsed,
        Optional<Escalation> escalation) {

    /** Copies the map; rejects nulls. */
    public CompensationResult {
        Checks.nonNull("plan", plan);
        Checks.nonNull("verdict", verdict);
        Checks.nonNull("elapsed", elapsed);
        Checks.nonNull("escalation", escalation);
        rowsAffected = Map.copyOf(Checks.entries("rowsAffected", rowsAffected));
    }

    /**
     * A result without an escalation (what a target returns; {@code execute()} adds the escalation
     * of a refusal).
     *
     * @param plan the plan that ran
     * @param verdict the outcome
     * @param rowsAffected rows changed per table
     * @param statements how many SQL statements were sent
     * @param elapsed wall-clock time of the transaction
     */
    public CompensationResult(
            CompensationPlan plan,
            Verdict verdict,
            Map<LogicalTable, Long> rowsAffected,
            int statements,
            Duration elapsed) {
        this(plan, verdict, rowsAffected, statements, elapsed, Optional.empty());
    }

    /**
     * This result with the escalation of its refusal.
     *
     * @param done what the fail-closed procedure did
     * @return a copy
     */
    public CompensationResult withEscalation(Escalation done) {
        return new CompensationResult(plan, verdict, rowsAffected, statements, elapsed, Optional.of(done));
    }
}
