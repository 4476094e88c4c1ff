package io.github.cutterrevert;

import java.time.Duration;
import java.util.Map;

/**
 * What executing a plan did.
 *
 * @param plan the plan that ran (re-planned inside the transaction; same fingerprint as approved)
 * @param verdict the outcome
 * @param rowsAffected rows changed per table (updated or deleted or inserted)
 * @param statements how many SQL statements were sent, guards and re-counts included
 * @param elapsed wall-clock time of the transaction
 */
public record CompensationResult(
        CompensationPlan plan,
        Verdict verdict,
        Map<LogicalTable, Long> rowsAffected,
        int statements,
        Duration elapsed) {

    /** Copies the map; rejects nulls. */
    public CompensationResult {
        Checks.nonNull("plan", plan);
        Checks.nonNull("verdict", verdict);
        Checks.nonNull("elapsed", elapsed);
        rowsAffected = Map.copyOf(Checks.entries("rowsAffected", rowsAffected));
    }
}
