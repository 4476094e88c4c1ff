package io.github.cutterrevert;

import java.util.Optional;

/**
 * One step of a compensation plan. A closed set: the executor interprets it with an exhaustive
 * {@code switch}, so a new kind of step breaks the build instead of slipping through.
 */
public sealed interface PlanStep {

    /**
     * Whether executing this step writes to the database.
     *
     * @return {@code true} for writes
     */
    boolean writes();

    /**
     * Re-checks a precondition inside the transaction; any violation rolls back.
     *
     * @param precondition the condition
     */
    record Guard(Precondition precondition) implements PlanStep {
        /** Rejects null. */
        public Guard {
            Checks.nonNull("precondition", precondition);
        }

        @Override
        public boolean writes() {
            return false;
        }
    }

    /**
     * Sets a status column of the selected rows from one status to another, carrying the guard in
     * its own WHERE clause; exactly {@code expectedRows} must change.
     *
     * @param table the table (never a ledger table)
     * @param rows the rows
     * @param column the status column
     * @param fromStatus the status the rows must have
     * @param toStatus the new status
     * @param expectedRows exactly how many rows must change
     * @param note a note to record with the change, if the table keeps one
     */
    record SoftRevert(
            LogicalTable table,
            RowSelector rows,
            String column,
            String fromStatus,
            String toStatus,
            long expectedRows,
            Optional<String> note)
            implements PlanStep {
        /** Refuses ledger tables, nulls and negative counts. */
        public SoftRevert {
            Checks.nonNull("rows", rows);
            Checks.nonNull("column", column);
            Checks.nonNull("fromStatus", fromStatus);
            Checks.nonNull("toStatus", toStatus);
            Checks.nonNull("note", note);
            Checks.count("expectedRows", expectedRows);
            Checks.notLedger(table);
        }

        @Override
        public boolean writes() {
            return true;
        }
    }

    /**
     * Deletes the selected rows, never with CASCADE; exactly {@code expectedRows} must go. Plans
     * order hard deletes child before parent.
     *
     * @param table the table (never a ledger table)
     * @param rows the rows
     * @param expectedRows exactly how many rows must be deleted
     */
    record HardDelete(LogicalTable table, RowSelector rows, long expectedRows) implements PlanStep {
        /** Refuses ledger tables, nulls and negative counts. */
        public HardDelete {
            Checks.nonNull("rows", rows);
            Checks.count("expectedRows", expectedRows);
            Checks.notLedger(table);
        }

        @Override
        public boolean writes() {
            return true;
        }
    }

    /**
     * Appends the compensating decision to the ledger (compensation B).
     *
     * @param decision the decision
     */
    record LedgerAppend(CompensatingDecision decision) implements PlanStep {
        /** Rejects null. */
        public LedgerAppend {
            Checks.nonNull("decision", decision);
        }

        @Override
        public boolean writes() {
            return true;
        }
    }

    /**
     * Discards the run's backup artifact (no database state changed).
     *
     * @param runId the run whose backup is discarded
     */
    record DiscardBackup(RunId runId) implements PlanStep {
        /** Rejects null. */
        public DiscardBackup {
            Checks.nonNull("runId", runId);
        }

        @Override
        public boolean writes() {
            return false;
        }
    }

    /**
     * Puts the system on HOLD: no automatic retry.
     *
     * @param reason why
     */
    record Hold(String reason) implements PlanStep {
        /** Rejects null. */
        public Hold {
            Checks.nonNull("reason", reason);
        }

        @Override
        public boolean writes() {
            return false;
        }
    }

    /**
     * Hands the decision to a human (sovereign / reviewer) with the reason.
     *
     * @param reason what the human must decide and why the library refused
     */
    record Escalate(String reason) implements PlanStep {
        /** Rejects null. */
        public Escalate {
            Checks.nonNull("reason", reason);
        }

        @Override
        public boolean writes() {
            return false;
        }
    }
}
