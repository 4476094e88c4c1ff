package io.github.cutterrevert;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the catalog shows about the schema a plan will run against.
 *
 * @param triggersEnabled immutability trigger name to whether it is enabled; a missing trigger
 *     has no entry
 * @param functionsPresent the orchestrator functions that exist
 * @param allowedUnitStatuses the values the unit status column allows (CHECK constraint or enum)
 * @param hardDeleteBlockers reasons the hard path is unsafe (a CASCADE or SET NULL foreign key on
 *     the delete path, or rows of a table the plan does not cover referencing the targets); empty
 *     when hard delete is safe
 * @param phaseOwnership which phase writes each ledger table, as the schema's binding declares
 */
public record SchemaFacts(
        Map<String, Boolean> triggersEnabled,
        Set<String> functionsPresent,
        Set<String> allowedUnitStatuses,
        List<String> hardDeleteBlockers,
        PhaseOwnership phaseOwnership) {

    /** The immutability triggers the runbook relies on. */
    public static final List<String> IMMUTABILITY_TRIGGERS = List.of("trg_iu_enacted_immut", "trg_uv_enacted_immut");

    /** The orchestrator functions the runbook checks for. */
    public static final List<String> ENACT_FUNCTIONS = List.of("fn_iu_create", "fn_iu_enact");

    /** Copies every collection; rejects nulls. */
    public SchemaFacts {
        triggersEnabled = Map.copyOf(Checks.entries("triggersEnabled", triggersEnabled));
        functionsPresent = Checks.setCopy("functionsPresent", functionsPresent);
        allowedUnitStatuses = Checks.setCopy("allowedUnitStatuses", allowedUnitStatuses);
        hardDeleteBlockers = Checks.listCopy("hardDeleteBlockers", hardDeleteBlockers);
        Checks.nonNull("phaseOwnership", phaseOwnership);
    }

    /**
     * Facts of a schema whose ledger tables are written as {@link PhaseOwnership#defaults()} says.
     *
     * @param triggersEnabled immutability trigger name to whether it is enabled
     * @param functionsPresent the orchestrator functions that exist
     * @param allowedUnitStatuses the values the unit status column allows
     * @param hardDeleteBlockers reasons the hard path is unsafe
     */
    public SchemaFacts(
            Map<String, Boolean> triggersEnabled,
            Set<String> functionsPresent,
            Set<String> allowedUnitStatuses,
            List<String> hardDeleteBlockers) {
        this(triggersEnabled, functionsPresent, allowedUnitStatuses, hardDeleteBlockers, PhaseOwnership.defaults());
    }

    /**
     * Returns a copy with another phase ownership.
     *
     * @param ownership which phase writes each ledger table
     * @return the new facts
     */
    public SchemaFacts withPhaseOwnership(PhaseOwnership ownership) {
        return new SchemaFacts(triggersEnabled, functionsPresent, allowedUnitStatuses, hardDeleteBlockers, ownership);
    }

    /**
     * The facts of the intact reference schema: both triggers enabled, both functions present, the
     * four unit statuses, no blockers, the default phase ownership. Useful in tests and examples.
     *
     * @return the facts
     */
    public static SchemaFacts intact() {
        return new SchemaFacts(
                Map.of("trg_iu_enacted_immut", true, "trg_uv_enacted_immut", true),
                Set.copyOf(ENACT_FUNCTIONS),
                Set.of("draft", "enacted", "superseded", "withdrawn"),
                List.of());
    }
}
