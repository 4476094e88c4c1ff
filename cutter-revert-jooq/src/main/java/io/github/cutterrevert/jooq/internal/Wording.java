package io.github.cutterrevert.jooq.internal;

import io.github.cutterrevert.CompensatingDecision;
import io.github.cutterrevert.PlanStep;
import io.github.cutterrevert.Precondition;
import io.github.cutterrevert.RowSelector;

/**
 * One line per step or precondition, in the runbook's words but with the database's physical
 * table names, for the psql script and for messages.
 */
final class Wording {
    private final Model model;

    Wording(Model model) {
        this.model = model;
    }

    String describe(Precondition precondition) {
        return switch (precondition) {
            case Precondition.NoUnitEnacted p ->
                "no-unit-enacted: no unit of change set " + p.changeSet().value() + " is enacted";
            case Precondition.AllUnitsDraft p ->
                "all-units-draft: every unit and version of change set "
                        + p.changeSet().value() + " is draft";
            case Precondition.IdentityMatch p ->
                "identity-match: exactly 1 row of " + model.qualified(p.table()) + " where " + p.identity();
            case Precondition.NoDownstreamReferences p ->
                "no-downstream-references: no other table references the rows deleted from "
                        + model.qualified(p.table());
            case Precondition.ExactRowDelta p ->
                String.format("exact-row-delta: %s changes by %+d rows", model.qualified(p.table()), p.delta());
            case Precondition.ImmutabilityTriggersEnabled p -> "immutability-triggers-enabled: " + p.triggers();
            case Precondition.EnactFunctionsPresent p -> "enact-functions-present: " + p.functions();
            case Precondition.StatusAllowed p ->
                "status-allowed: " + model.qualified(p.table()) + " allows status '" + p.status() + "'";
            case Precondition.NotOnHold p -> "not-on-hold";
        };
    }

    String describe(PlanStep step) {
        return switch (step) {
            case PlanStep.Guard g -> "guard " + describe(g.precondition());
            case PlanStep.SoftRevert s ->
                "soft revert " + model.qualified(s.table()) + " " + describe(s.rows()) + ": " + s.column() + " '"
                        + s.fromStatus() + "' -> '" + s.toStatus() + "'";
            case PlanStep.HardDelete d ->
                "hard delete " + model.qualified(d.table()) + " " + describe(d.rows()) + " (no CASCADE)";
            case PlanStep.LedgerAppend a ->
                "append a '" + CompensatingDecision.REVERTED + "' decision to "
                        + model.qualified(io.github.cutterrevert.LogicalTable.REVIEW_DECISION) + " for change set "
                        + a.decision().changeSet().value() + " naming revert run "
                        + a.decision().revertRunId().value();
            case PlanStep.DiscardBackup b ->
                "discard the backup artifact of run " + b.runId().value();
            case PlanStep.Hold h -> "HOLD: " + h.reason();
            case PlanStep.Escalate e -> "ESCALATE to the sovereign: " + e.reason();
        };
    }

    private static String describe(RowSelector rows) {
        return switch (rows) {
            case RowSelector.OfChangeSet c ->
                "rows of change set " + c.changeSet().value();
            case RowSelector.ByIdentity i -> "rows where " + i.identity();
        };
    }
}
