package io.github.cutterrevert.internal;

import io.github.cutterrevert.CompensationPlan;
import io.github.cutterrevert.RunId;
import io.github.cutterrevert.Snapshot;
import io.github.cutterrevert.Verdict;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The text of {@code escalation.txt}: what happened, where every file of the run is (only files
 * that exist are named as files), the post-failure counts, the plan, and what a human can do next.
 * Mutable, one instance per bundle; not API.
 */
public final class EscalationBundle {
    /** How a human releases a HOLD, in Java and on the command line. */
    public static final String RELEASE_CALLS = "   failClosed.release(\"<who>\", \"<why>\", <re-arm kill switch?>)\n"
            + "   (the FailClosed this run was executed with), or on the command line:\n"
            + "   cutter-revert release --by <who> --reason <why> [--rearm]\n";

    private final RunId runId;
    private final Verdict verdict;
    private final Optional<CompensationPlan> plan;
    private final Instant now;
    private Optional<Path> pre = Optional.empty();
    private Path post;
    private boolean postKept;
    private Snapshot snapshot;
    private boolean switchedOff;
    private boolean holdPlaced;
    private List<String> holds = List.of();

    /**
     * Starts a bundle.
     *
     * @param runId the run
     * @param verdict why it escalated
     * @param plan the plan, when there was one
     * @param now when
     */
    public EscalationBundle(RunId runId, Verdict verdict, Optional<CompensationPlan> plan, Instant now) {
        this.runId = runId;
        this.verdict = verdict;
        this.plan = plan;
        this.now = now;
    }

    /**
     * The snapshots.
     *
     * @param preFile {@code pre.json} when it exists
     * @param postFile {@code post.json} when it exists, else {@code null}
     * @param kept whether {@code post.json} is kept from an earlier failure of the run
     * @param taken this failure's snapshot, or {@code null} when it could not be taken
     * @return this
     */
    public EscalationBundle snapshots(Optional<Path> preFile, Path postFile, boolean kept, Snapshot taken) {
        this.pre = preFile;
        this.post = postFile;
        this.postKept = kept;
        this.snapshot = taken;
        return this;
    }

    /**
     * The HOLD and the kill switch.
     *
     * @param placed whether this failure placed the HOLD
     * @param where where the system is held now
     * @param off whether the kill switch was turned off
     * @return this
     */
    public EscalationBundle hold(boolean placed, List<String> where, boolean off) {
        this.holdPlaced = placed;
        this.holds = List.copyOf(where);
        this.switchedOff = off;
        return this;
    }

    /**
     * The text.
     *
     * @param problems steps of the procedure that could not be completed
     * @return the bundle's text
     */
    public String text(List<String> problems) {
        StringBuilder out = new StringBuilder();
        out.append("cutter-revert escalation bundle\n");
        out.append("==============================\n");
        out.append("run:           ").append(runId.value()).append('\n');
        out.append("at:            ").append(now).append('\n');
        switch (verdict) {
            case Verdict.Refused refused ->
                out.append("verdict:       REFUSED (a human must decide)\nreason:        ")
                        .append(refused.reason())
                        .append('\n');
            case Verdict.Failed failed -> {
                out.append("verdict:       FAILED (rolled back; nothing partial was committed)\nerror:         ")
                        .append(failed.error())
                        .append('\n');
                failed.sqlState()
                        .ifPresent(state ->
                                out.append("sqlstate:      ").append(state).append('\n'));
            }
            case Verdict.NothingToDo nothing ->
                out.append("verdict:       HOLD\nreason:        ")
                        .append(nothing.reason())
                        .append('\n');
            case Verdict.Compensated compensated -> out.append("verdict:       COMPENSATED\n");
        }
        plan.ifPresent(p ->
                out.append("fingerprint:   ").append(p.fingerprint().value()).append('\n'));
        out.append("pre.json:      ");
        pre.ifPresentOrElse(file -> out.append(file), () -> out.append(
                        "none: no pre.json was written for this run before it started, so there is no\n")
                .append("               before-run baseline; compare post.json with the change set's rows\n")
                .append("               and the ledger instead (write one with SnapshotFiles before every run)"));
        out.append('\n');
        out.append("post.json:     ");
        if (post == null) {
            out.append("none: not written, see problems");
        } else {
            out.append(post);
            if (postKept) {
                out.append(" (kept from an earlier failure of this run: write-once; this failure's counts are below)");
            }
        }
        out.append('\n');
        if (holds.isEmpty()) {
            out.append("HOLD:          none could be placed, see problems\n");
        }
        for (String where : holds) {
            out.append("HOLD:          ").append(where).append('\n');
        }
        if (!holdPlaced && !holds.isEmpty()) {
            out.append("               (already on HOLD before this failure; that HOLD was left unchanged)\n");
        }
        out.append("kill switch:   ")
                .append(switchedOff ? "execution_enabled = false" : "could not be turned off, see problems")
                .append('\n');
        if (!problems.isEmpty()) {
            out.append("\nproblems while failing closed:\n");
            problems.forEach(problem -> out.append("  - ").append(problem).append('\n'));
        }
        if (snapshot != null) {
            appendCounts(out);
        }
        plan.ifPresent(p -> out.append("\nplan\n----\n").append(p.summary()));
        out.append(
                plan.isPresent()
                        ? "\nthe plan's SQL is in the escalation .sql file beside this one (for reading; do not run it blindly)\n"
                        : "\nthere was no plan (the failure came before planning): the escalation .sql file says so\n");
        out.append("\nwhat a human can do next\n------------------------\n");
        out.append(
                pre.isPresent()
                        ? "1. Nothing was retried and nothing will be: compare pre.json with post.json.\n"
                        : "1. Nothing was retried and nothing will be: read post.json and the counts below.\n");
        out.append("2. Decide with the sovereign/reviewer: fix the cause, or approve a different plan\n");
        out.append("   (soft revert, hard delete with a recorded decision, or leave the data as it is).\n");
        out.append("3. Release the HOLD explicitly, recording who and why:\n");
        out.append(RELEASE_CALLS);
        out.append("4. Plan again (the plan is re-derived from the database) and execute with the new approval.\n");
        return out.toString();
    }

    private void appendCounts(StringBuilder out) {
        out.append("\npost-failure counts (")
                .append(snapshot.takenAt())
                .append(", as ")
                .append(snapshot.role())
                .append(")\n-------------------\n");
        snapshot.counts().forEach((table, count) -> {
            String value =
                    switch (count) {
                        case Snapshot.TableCount.Counted counted -> Long.toString(counted.rows());
                        case Snapshot.TableCount.Unreadable unreadable ->
                            "unreadable (SQLSTATE " + unreadable.sqlState() + ")";
                    };
            out.append("  ").append(table).append(" ".repeat(Math.max(1, 50 - table.length())));
            out.append(value).append('\n');
        });
        out.append("  triggers:  ").append(snapshot.triggers()).append('\n');
        out.append("  functions: ").append(snapshot.functions()).append('\n');
    }
}
