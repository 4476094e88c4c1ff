package io.github.cutterrevert;

import java.util.Map;
import java.util.Optional;

/**
 * What the database shows for a seed delta (seed 004, RB-P1 to RB-P3).
 *
 * @param parentMatches rows of {@code source_document_registry} matching the parent identity
 * @param childMatches rows of {@code source_document_version_registry} matching the child identity
 * @param otherChildRows other version rows of the same document (RB-P2: must be 0)
 * @param downstreamReferences referencing table to the number of rows referencing the parent or
 *     child (RB-P2: must all be 0)
 * @param parentLifecycle the parent's current lifecycle value, when it exists
 * @param childVersionStatus the child's current version status, when it exists
 */
public record SeedEvidence(
        long parentMatches,
        long childMatches,
        long otherChildRows,
        Map<String, Long> downstreamReferences,
        Optional<String> parentLifecycle,
        Optional<String> childVersionStatus) {

    /** Copies the map, dropping zero counts; rejects nulls. */
    public SeedEvidence {
        Checks.nonNull("parentLifecycle", parentLifecycle);
        Checks.nonNull("childVersionStatus", childVersionStatus);
        java.util.TreeMap<String, Long> refs = new java.util.TreeMap<>();
        Checks.entries("downstreamReferences", downstreamReferences).forEach((table, count) -> {
            if (count != 0) {
                refs.put(table, count);
            }
        });
        downstreamReferences = java.util.Collections.unmodifiableMap(refs);
    }

    /**
     * All downstream references together.
     *
     * @return the total
     */
    public long downstreamTotal() {
        return downstreamReferences.values().stream().mapToLong(Long::longValue).sum();
    }
}
