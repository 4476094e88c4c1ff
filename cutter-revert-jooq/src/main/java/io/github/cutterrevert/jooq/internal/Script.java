package io.github.cutterrevert.jooq.internal;

import io.github.cutterrevert.Authority;
import io.github.cutterrevert.CompensationPlan;
import io.github.cutterrevert.LogicalTable;
import io.github.cutterrevert.PlanStep;
import io.github.cutterrevert.jooq.internal.Catalog.ForeignKey;
import io.github.cutterrevert.jooq.internal.Statements.GuardQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.jooq.QueryPart;
import org.jooq.Select;

/**
 * Renders a plan as a psql script that does what {@link Executor#execute} does, from the very same
 * jOOQ statements ({@code renderInlined}: values inlined as quoted literals for reading; the
 * executor binds them). Each check is a {@code SELECT 1 ... WHERE <check> \gset}: when the check
 * fails the query returns no row, psql reports {@code no rows returned for \gset}, stops ({@code
 * ON_ERROR_STOP}) with exit status 3 and the transaction is rolled back.
 */
public final class Script {
    private final Statements statements;
    private final Duration lockTimeout;
    private final Duration statementTimeout;
    private final DSLContext renderer = Sessions.renderer();
    private final Wording wording;

    /**
     * Creates a renderer.
     *
     * @param statements the statements of the binding
     * @param lockTimeout {@code lock_timeout}
     * @param statementTimeout {@code statement_timeout}
     */
    public Script(Statements statements, Duration lockTimeout, Duration statementTimeout) {
        this.statements = statements;
        this.lockTimeout = lockTimeout;
        this.statementTimeout = statementTimeout;
        this.wording = new Wording(statements.model());
    }

    /**
     * Renders the plan.
     *
     * @param plan the plan
     * @param authority who will authorise it (names the decider in the compensating decision)
     * @param foreignKeys the foreign keys referencing the tables of the plan's downstream-reference
     *     guards, as read from the catalog
     * @return the script
     */
    public String render(CompensationPlan plan, Authority authority, List<ForeignKey> foreignKeys) {
        StringBuilder out = new StringBuilder();
        comment(out, "cutter-revert compensation script");
        comment(out, "run:         " + plan.runId().value());
        comment(out, "subject:     " + plan.subject());
        comment(out, "kind:        " + plan.kind() + " (" + plan.mode() + ")");
        comment(out, "fingerprint: " + plan.fingerprint().value());
        comment(out, "why:         " + plan.rationale());
        comment(out, "");
        comment(out, "Values are inlined for reading; execute() runs the same checks and writes with bound values,");
        comment(out, "the guards and counts read together with the lock in its first round trip.");
        comment(out, "A failed check stops psql (\"no rows returned for \\gset\", exit status 3): nothing commits.");
        if (!plan.writes()) {
            comment(out, "");
            comment(out, "This plan writes nothing to the database; there is nothing to run:");
            for (PlanStep step : plan.steps()) {
                comment(out, "  " + wording.describe(step));
            }
            return out.toString();
        }
        out.append("\\set ON_ERROR_STOP on\n");
        out.append("BEGIN ISOLATION LEVEL REPEATABLE READ;\n\n");

        comment(out, "the compensation lock of '" + plan.subject() + "': taken at once or not at all");
        comment(out, "stale = -1: another session holds it; > 0: a commit raced the lock, run the script again");
        statement(out, statements.lock(plan.subject(), plan.appendsDecision()), "\\gset");
        check(out, "lock_taken", ":stale = 0");
        out.append('\n');
        comment(out, "SET LOCAL lock_timeout and statement_timeout");
        statement(out, statements.timeouts(lockTimeout, statementTimeout), ";");
        out.append('\n');

        Map<LogicalTable, Long> deltas = plan.expectedDeltas();
        if (!deltas.isEmpty()) {
            comment(out, "row counts before the writes, re-counted before COMMIT");
            statement(out, statements.counts(deltas.keySet()), "\\gset before_");
            out.append('\n');
        }

        List<PlanStep> steps = plan.steps();
        for (int i = 0; i < steps.size(); i++) {
            PlanStep step = steps.get(i);
            String label = "step" + (i + 1);
            comment(out, "step " + (i + 1) + "/" + steps.size() + ": " + wording.describe(step));
            switch (step) {
                case PlanStep.Guard guard -> guard(out, label, plan, guard, foreignKeys);
                case PlanStep.SoftRevert soft -> write(out, label, statements.softRevert(soft), soft.expectedRows());
                case PlanStep.HardDelete delete ->
                    write(out, label, statements.hardDelete(delete), delete.expectedRows());
                case PlanStep.LedgerAppend append -> {
                    // The signature (key_id, prev_hash, signature) is computed at execution from the
                    // chain's head; a hand-run script appends an unsigned decision, which the
                    // verifier reports.
                    comment(out, "signed at execution (key_id, prev_hash, signature); unsigned when run by hand");
                    write(
                            out,
                            label,
                            statements.ledgerAppend(
                                    statements.decisionRow(append, authority, plan.fingerprint(), Instant.now()),
                                    Optional.empty()),
                            1);
                }
                case PlanStep.DiscardBackup discard -> comment(out, "(not a database step)");
                case PlanStep.Hold hold -> comment(out, "(not a database step)");
                case PlanStep.Escalate escalate -> comment(out, "(not a database step)");
            }
            out.append('\n');
        }

        if (!deltas.isEmpty()) {
            comment(out, "re-count: every table must change by exactly the planned delta");
            statement(out, statements.counts(deltas.keySet()), "\\gset after_");
            List<String> conditions = new ArrayList<>();
            deltas.forEach((table, delta) -> {
                String alias = Statements.countAlias(table);
                conditions.add(":after_" + alias + " - :before_" + alias + " = " + delta);
            });
            check(out, "deltas_hold", String.join(" AND ", conditions));
            out.append('\n');
        }
        comment(out, "the transaction id, to resolve an unknown outcome later with pg_xact_status");
        statement(out, statements.transactionId(), ";");
        out.append("COMMIT;\n");
        return out.toString();
    }

    private void guard(
            StringBuilder out, String label, CompensationPlan plan, PlanStep.Guard guard, List<ForeignKey> keys) {
        GuardQuery query = statements.guard(guard.precondition(), plan, keys);
        switch (query) {
            case GuardQuery.Count count -> {
                comment(out, "expect: " + count.expectation());
                Select<?> select = count.query();
                String column = select.field(0).getName();
                statement(out, select, "\\gset " + label + "_");
                check(out, label + "_ok", ":" + label + "_" + column + " = " + count.expected());
            }
            case GuardQuery.AllowedStatus allowed -> {
                comment(
                        out,
                        "expect: '" + allowed.status()
                                + "' among the values these enums / CHECK constraints allow (checked by execute();"
                                + " the constraint itself also refuses any other value)");
                statement(out, allowed.query(), ";");
            }
            case GuardQuery.AtCommit atCommit -> comment(out, "(checked by the re-count before COMMIT)");
            case GuardQuery.OutsideDatabase outside ->
                comment(out, "(checked by the orchestrator: not in the database)");
        }
    }

    private void write(StringBuilder out, String label, Query query, long expected) {
        comment(out, "expect: " + expected + " row" + (expected == 1 ? "" : "s"));
        statement(out, query, ";");
        check(out, label + "_ok", ":ROW_COUNT = " + expected);
    }

    private void statement(StringBuilder out, QueryPart query, String terminator) {
        out.append(renderer.renderInlined(query));
        out.append(terminator.startsWith("\\") ? "\n" + terminator : terminator).append('\n');
    }

    /** A psql check: returns one row when it holds; none (and psql stops) when it does not. */
    private static void check(StringBuilder out, String name, String condition) {
        out.append("SELECT 1 AS ")
                .append(name)
                .append(" WHERE ")
                .append(condition)
                .append(" \\gset\n");
    }

    /** One comment line; control characters become spaces so no text can end the comment. */
    private static void comment(StringBuilder out, String text) {
        StringBuilder safe = new StringBuilder(text.length());
        text.codePoints().forEach(c -> safe.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
        out.append("-- ").append(safe.toString().stripTrailing()).append('\n');
    }
}
