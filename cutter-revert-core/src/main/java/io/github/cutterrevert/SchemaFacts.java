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
 */
public record SchemaFacts(
        Map<String, Boolean> triggersEnabled,
        Set<String> functionsPresent,
        Set<String> allowedUnitStatuses,
        List<String> hardDeleteBlockers) {

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
    }

    /**
     * The facts of the intact reference schema: both triggers enabled, both functions present, the
     * four unit statuses, no blockers. Useful in tests and examples.
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
