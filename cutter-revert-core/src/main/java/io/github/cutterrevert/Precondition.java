package io.github.cutterrevert;

import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A condition that must hold before (and, for guards, at the moment of) a compensating write.
 * A closed set: interpret it with an exhaustive {@code switch}.
 */
public sealed interface Precondition {

    /**
     * A short stable name, used in messages and in the plan fingerprint.
     *
     * @return e.g. {@code "no-unit-enacted"}
     */
    String name();

    /**
     * No unit of the change set is enacted: enacted rows are immutable (seed 000, compensation A).
     *
     * @param changeSet the change set
     */
    record NoUnitEnacted(ChangeSetId changeSet) implements Precondition {
        /** Rejects null. */
        public NoUnitEnacted {
            Checks.nonNull("changeSet", changeSet);
        }

        @Override
        public String name() {
            return "no-unit-enacted";
        }
    }

    /**
     * Every unit of the change set is draft: the only state in which hard delete is allowed.
     *
     * @param changeSet the change set
     */
    record AllUnitsDraft(ChangeSetId changeSet) implements Precondition {
        /** Rejects null. */
        public AllUnitsDraft {
            Checks.nonNull("changeSet", changeSet);
        }

        @Override
        public String name() {
            return "all-units-draft";
        }
    }

    /**
     * Exactly one row matches the identity columns (compared as values, never as rendered strings).
     *
     * @param table the table
     * @param identity column name to expected value, sorted by column
     */
    record IdentityMatch(LogicalTable table, SortedMap<String, String> identity) implements Precondition {
        /** Copies the identity; rejects nulls. */
        public IdentityMatch {
            Checks.nonNull("table", table);
            identity = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(Checks.entries("identity", identity)));
        }

        @Override
        public String name() {
            return "identity-match";
        }
    }

    /**
     * No row of another table references the rows to be deleted.
     *
     * @param table the table whose rows would be deleted
     */
    record NoDownstreamReferences(LogicalTable table) implements Precondition {
        /** Rejects null. */
        public NoDownstreamReferences {
            Checks.nonNull("table", table);
        }

        @Override
        public String name() {
            return "no-downstream-references";
        }
    }

    /**
     * A table's row count changes by exactly this much (checked by re-counting before COMMIT).
     *
     * @param table the table
     * @param delta the expected change in row count
     */
    record ExactRowDelta(LogicalTable table, long delta) implements Precondition {
        /** Rejects null. */
        public ExactRowDelta {
            Checks.nonNull("table", table);
        }

        @Override
        public String name() {
            return "exact-row-delta";
        }
    }

    /**
     * The immutability triggers are present and enabled.
     *
     * @param triggers the trigger names
     */
    record ImmutabilityTriggersEnabled(List<String> triggers) implements Precondition {
        /** Copies the list; rejects nulls. */
        public ImmutabilityTriggersEnabled {
            triggers = Checks.listCopy("triggers", triggers);
        }

        @Override
        public String name() {
            return "immutability-triggers-enabled";
        }
    }

    /**
     * The orchestrator's functions exist.
     *
     * @param functions the function names
     */
    record EnactFunctionsPresent(List<String> functions) implements Precondition {
        /** Copies the list; rejects nulls. */
        public EnactFunctionsPresent {
            functions = Checks.listCopy("functions", functions);
        }

        @Override
        public String name() {
            return "enact-functions-present";
        }
    }

    /**
     * The schema allows the soft-revert target status.
     *
     * @param table the table
     * @param status the target status
     */
    record StatusAllowed(LogicalTable table, String status) implements Precondition {
        /** Rejects nulls. */
        public StatusAllowed {
            Checks.nonNull("table", table);
            Checks.nonNull("status", status);
        }

        @Override
        public String name() {
            return "status-allowed";
        }
    }

    /** The system is not on HOLD. */
    record NotOnHold() implements Precondition {
        @Override
        public String name() {
            return "not-on-hold";
        }
    }
}
