package io.github.cutterrevert.jooq.internal;

import io.github.cutterrevert.ApprovalRefusedException;
import io.github.cutterrevert.Authority;
import io.github.cutterrevert.ChangeSetId;
import io.github.cutterrevert.CompensationPlan;
import io.github.cutterrevert.CompensationResult;
import io.github.cutterrevert.CompensationTimeoutException;
import io.github.cutterrevert.CutEvidence;
import io.github.cutterrevert.CutterRevertException;
import io.github.cutterrevert.DecisionChain;
import io.github.cutterrevert.DecisionSigner;
import io.github.cutterrevert.InvalidPlanException;
import io.github.cutterrevert.LockBusyException;
import io.github.cutterrevert.LogicalTable;
import io.github.cutterrevert.NotApprovedException;
import io.github.cutterrevert.Observability;
import io.github.cutterrevert.OutcomeUnknownException;
import io.github.cutterrevert.PlanKind;
import io.github.cutterrevert.PlanStep;
import io.github.cutterrevert.Precondition;
import io.github.cutterrevert.PreconditionFailedException;
import io.github.cutterrevert.Preview;
import io.github.cutterrevert.RunId;
import io.github.cutterrevert.StepFailedException;
import io.github.cutterrevert.Verdict;
import io.github.cutterrevert.jooq.SchemaBinding.Status;
import io.github.cutterrevert.jooq.SchemaBinding.TableName;
import io.github.cutterrevert.jooq.internal.Catalog.ForeignKey;
import io.github.cutterrevert.jooq.internal.Statements.GuardQuery;
import io.github.cutterrevert.spi.EvidenceSource;
import io.github.cutterrevert.spi.Execution;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jooq.DSLContext;
import org.jooq.ExecuteListener;
import org.jooq.Field;
import org.jooq.Query;
import org.jooq.Record;
import org.jooq.Record1;
import org.jooq.ResultQuery;
import org.jooq.Results;
import org.jooq.Select;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs a plan in one transaction on one connection: {@link #execute} commits when every check
 * holds, {@link #preview} always rolls back.
 *
 * <p><b>Isolation: REPEATABLE READ, with the guard carried in every write.</b> The whole
 * transaction reads one snapshot, so the whole-table counts taken at its start and at its end are
 * exact even while unrelated writers commit (under READ COMMITTED a concurrent cut would make the
 * re-count drift and fail spuriously). Every UPDATE and DELETE carries its guard in its own WHERE
 * clause ({@code AND status = 'draft'}) and must affect exactly the planned number of rows. If
 * another session enacts (or otherwise changes) one of our rows after our snapshot, PostgreSQL
 * refuses our UPDATE or DELETE of that row with SQLSTATE 40001 instead of silently skipping it
 * (which is what READ COMMITTED's re-check would do); a row that changed before our snapshot is
 * excluded by the WHERE clause and the count no longer matches. Either way the transaction rolls
 * back: there is no gap between guard and write, without locking every unit first (which would
 * cost a statement and a lock per unit and block the orchestrator).
 *
 * <p><b>Lock and snapshot.</b> The first statement tries the subject's transaction-scoped advisory
 * lock without waiting ({@link LockBusyException} when another session holds it). The snapshot is
 * taken when that statement starts, so the lock's previous holder may have committed just before
 * we got the lock, unseen by our snapshot; the same statement therefore counts the transactions
 * our snapshot misses that have committed by then (see {@link Statements#lock}). If there are any,
 * the executor rolls back and starts again (a few times), so a change set another session has just
 * compensated is re-planned as nothing to do instead of being compensated twice.
 *
 * <p><b>The plan checked by its own statements.</b> When the execution carries the evidence the
 * plan was made from, the transaction does not read that evidence again: one round trip sets the
 * timeouts and reads the lock, the HOLD, the counts, the change set's ledger facts, every count
 * guard and the catalog the remaining guards need; the plan made again from the reviewed evidence
 * with those ledger facts must keep its fingerprint, and every write must affect exactly the planned
 * rows. Whatever differs rolls back and starts one transaction that reads the whole evidence again
 * and re-plans (see {@code checked}), so the outcome is decided exactly as by a full re-read.
 *
 * <p><b>A broken COMMIT.</b> The transaction id is read with the re-count before COMMIT. When COMMIT fails
 * (the connection broke, the backend was terminated, or the server refused), the executor first
 * rolls back on its own connection if that still works (a no-op after a COMMIT that went through,
 * so the transaction cannot stay open), then asks {@code pg_xact_status} on a fresh connection:
 * {@code committed} is reported as compensated, {@code aborted} as a {@link StepFailedException}
 * on {@code (commit)} carrying the SQLSTATE, and only a transaction that is still {@code in
 * progress} after {@code lock_timeout}, or a status that cannot be read, as {@link
 * OutcomeUnknownException}. The outcome is never guessed and never retried.
 *
 * <p>Not thread-safe: one instance per call.
 */
public final class Executor {
    private static final Logger LOG = LoggerFactory.getLogger(Observability.LOGGER_EXECUTION);

    /** How often a stale snapshot (see the class comment) is retried before giving up. */
    static final int SNAPSHOT_ATTEMPTS = 3;

    private static final String MDC_RUN_ID = Observability.MDC_RUN_ID;
    private static final String MDC_CHANGE_SET_ID = Observability.MDC_CHANGE_SET_ID;
    private static final String MDC_ACTION = Observability.MDC_ACTION;

    /** {@code execute} or {@code preview}: said in every step's log line and in the MDC. */
    private String action = "execute";

    private static final int BEFORE_STEPS = -1;

    /** How often {@code pg_xact_status} is asked again while a broken transaction is still ending. */
    private static final Duration OUTCOME_POLL = Duration.ofMillis(50);

    /**
     * Asks a fresh connection how a transaction ended (see {@link Statements#transactionStatus}).
     * Implementations open their own connection: the executor's connection may be broken.
     */
    @FunctionalInterface
    public interface Outcomes {
        /**
         * The status of a transaction.
         *
         * @param txid the id read inside the transaction before COMMIT
         * @return {@code committed}, {@code aborted} or {@code in progress}; empty when the database
         *     no longer knows
         */
        Optional<String> status(long txid);
    }

    /** What a failed COMMIT turned out to be. */
    private enum Outcome {
        COMMITTED,
        ABORTED,
        UNKNOWN
    }

    private final Connection connection;
    private final Statements statements;
    private final Model model;
    private final Duration lockTimeout;
    private final Duration statementTimeout;
    private final DSLContext dsl;
    private final RunId runId;
    private final Outcomes outcomes;
    /** The target's foreign keys last read per set of referenced tables (see {@link #checked}). */
    private final Map<List<TableName>, List<ForeignKey>> foreignKeysRead;

    private int statementCount;
    private Optional<DecisionSigner> signer = Optional.empty();
    private List<HoldEvents> holds = List.of();
    /** True while the plan is checked by its own statements: a count that differs is {@link Diverged}. */
    private boolean checking;
    /** The transaction id, read with the re-count before COMMIT. */
    private long txid = -1;

    private int stepIndex = BEFORE_STEPS;
    private String stepTable = "(transaction start)";
    private long stepExpected = -1;

    /**
     * Creates an executor for one call.
     *
     * @param connection the connection; the caller has switched autocommit off and chosen the
     *     isolation level, and restores both afterwards
     * @param statements the statements of the binding
     * @param lockTimeout {@code lock_timeout}
     * @param statementTimeout {@code statement_timeout}
     * @param runId the run, for messages
     * @param outcomes how a transaction whose COMMIT failed ended, asked on a fresh connection
     * @param foreignKeysRead where the foreign keys read for a downstream guard are kept between
     *     calls (the target's, thread-safe), so that one call can build the guard from what the last
     *     one read
     */
    public Executor(
            Connection connection,
            Statements statements,
            Duration lockTimeout,
            Duration statementTimeout,
            RunId runId,
            Outcomes outcomes,
            Map<List<TableName>, List<ForeignKey>> foreignKeysRead) {
        this.connection = connection;
        this.statements = statements;
        this.model = statements.model();
        this.lockTimeout = lockTimeout;
        this.statementTimeout = statementTimeout;
        this.dsl = Sessions.on(connection)
                .configuration()
                .derive(ExecuteListener.onExecuteStart(ctx -> statementCount++))
                .dsl();
        this.runId = runId;
        this.outcomes = outcomes;
        this.foreignKeysRead = foreignKeysRead;
    }

    /**
     * The HOLDs kept in this database, read inside the transaction right after the lock: a HOLD
     * placed refuses with {@link io.github.cutterrevert.OnHoldException}, and the transaction is
     * rolled back.
     *
     * @param holds the HOLD tables
     * @return this
     */
    public Executor checkingHolds(List<HoldEvents> holds) {
        this.holds = List.copyOf(holds);
        return this;
    }

    /**
     * Executes a reviewed plan (see {@link io.github.cutterrevert.spi.CompensationTarget#execute}).
     *
     * @param execution the reviewed plan, the re-planner, the authority and the signer
     * @return the result
     */
    public CompensationResult execute(Execution execution) {
        return run(execution, true);
    }

    /**
     * Runs exactly what {@link #execute} runs for the same execution (lock, re-plan, guards,
     * writes, the signed ledger append, re-count) and rolls back instead of committing. Write
     * counts that differ from the plan are reported, not thrown.
     *
     * @param execution the plan, the re-planner, the authority and the signer
     * @param sql the plan's psql script, carried into the preview
     * @return the real row counts per table
     */
    public Preview preview(Execution execution, String sql) {
        CompensationResult result = run(execution, false);
        return new Preview(result.plan(), result.rowsAffected(), sql);
    }

    /** The one path of execute and preview; {@code commit} false rolls back at the end. */
    private CompensationResult run(Execution execution, boolean commit) {
        CompensationPlan reviewed = execution.reviewed();
        Function<EvidenceSource, CompensationPlan> replan = execution.replan();
        Authority authority = execution.authority();
        this.signer = execution.signer();
        long started = System.nanoTime();
        Runnable restoreMdc = mdc(reviewed, commit ? "execute" : "preview");
        boolean byStatements = execution.planned().isPresent()
                && reviewed.kind() == PlanKind.COMPENSATE
                && reviewed.changeSet().isPresent();
        try {
            for (int attempt = 1; attempt <= SNAPSHOT_ATTEMPTS; attempt++) {
                try {
                    if (byStatements) {
                        try {
                            Optional<CompensationResult> checked = checked(execution, started, commit);
                            if (checked.isPresent()) {
                                return checked.get();
                            }
                            logStale(reviewed, attempt);
                            continue;
                        } catch (Diverged diverged) {
                            checking = false;
                            byStatements = false;
                            rollback();
                            LOG.info(
                                    "run {}: {}: {}; reading the evidence again inside the transaction",
                                    runId.value(),
                                    action,
                                    diverged.getMessage());
                        }
                    }
                    long stale = lock(reviewed.subject(), reviewed.appendsDecision());
                    if (stale > 0) {
                        rollback();
                        logStale(reviewed, attempt);
                        continue;
                    }
                    return compensate(reviewed, replan, authority, started, commit);
                } catch (DataAccessException e) {
                    rollbackAfter(e);
                    throw translate(e);
                } catch (RuntimeException | Error e) {
                    rollbackAfter(e);
                    throw e;
                }
            }
            throw new LockBusyException(
                    runId, reviewed.subject() + " (no stable snapshot after " + SNAPSHOT_ATTEMPTS + " attempts)");
        } finally {
            restoreMdc.run();
        }
    }

    private void logStale(CompensationPlan reviewed, int attempt) {
        LOG.info(
                "run {}: a transaction committed between snapshot and lock of {}; starting again ({}/{})",
                runId.value(),
                reviewed.subject(),
                attempt,
                SNAPSHOT_ATTEMPTS);
    }

    /**
     * Checks the reviewed plan by its own statements, as the runbook does: one round trip sets the
     * timeouts and reads, in the transaction's snapshot, the lock (and whether the snapshot is
     * current), the HOLD, the approval's earlier uses, the whole-table counts before, the change
     * set's ledger and log rows and reverted decisions (an index look-up each), every guard that is
     * a count, for a unit table the plan does not write, the rows such a write would touch (which
     * must be none), and, for a signed append, the decision chain's head. The plan made again from
     * the evidence it was reviewed on, with those facts read now, must have the reviewed
     * fingerprint; then the remaining guards run and every write must affect exactly the planned
     * rows. Whatever differs throws {@link Diverged}: the caller rolls back and reads the whole
     * evidence again in a new transaction, which decides between "nothing to do", "changed since
     * review" and a failure exactly as before.
     *
     * @return the result, or empty when the snapshot was older than the lock (rolled back: start
     *     again)
     */
    private Optional<CompensationResult> checked(Execution execution, long started, boolean commit) {
        CompensationPlan reviewed = execution.reviewed();
        CutEvidence planned = execution.planned().orElseThrow();
        ChangeSetId changeSet = reviewed.changeSet().orElseThrow();
        checking = true;
        stepIndex = BEFORE_STEPS;
        stepTable = "(advisory lock)";
        stepExpected = -1;
        Set<LogicalTable> counted = reviewed.expectedDeltas().keySet();
        List<Field<?>> fields = new ArrayList<>();
        fields.add(statements
                .lockState(reviewed.subject(), reviewed.appendsDecision())
                .as("stale"));
        for (int i = 0; i < holds.size(); i++) {
            fields.add(holds.get(i).latestEvent().as("hold_" + i));
        }
        Optional<String> approvalId = approvalDecisionId(execution.authority());
        approvalId.ifPresent(
                id -> fields.add(DSL.field(statements.approvalUses(id)).as("approval_uses")));
        fields.addAll(statements.countFields(counted));
        fields.addAll(new EvidenceReader(dsl, statements).changeSetCountFields(reviewed.runId(), changeSet));
        // Each guard once: a count is read in the first statement, the catalog of an allowed-status
        // guard is sent in the same round trip. A downstream guard is built from the foreign keys
        // this target read last and counted in the first statement too; the foreign keys are read
        // again in the same round trip and must be the same. The first time (nothing read yet) it
        // runs with the steps, from the foreign keys read in the first round trip.
        List<TableName> referenced = referenced(reviewed);
        List<ForeignKey> lastRead = referenced.isEmpty() ? List.of() : foreignKeysRead.get(referenced);
        Map<Integer, GuardQuery.Count> folded = new java.util.LinkedHashMap<>();
        Map<Integer, GuardQuery.AllowedStatus> allowed = new java.util.LinkedHashMap<>();
        List<ResultQuery<?>> catalog = new ArrayList<>();
        List<PlanStep> steps = reviewed.steps();
        boolean downstreamFromMemory = false;
        for (int i = 0; i < steps.size(); i++) {
            if (!(steps.get(i) instanceof PlanStep.Guard guard)
                    || (guard.precondition() instanceof Precondition.NoDownstreamReferences && lastRead == null)) {
                continue;
            }
            downstreamFromMemory |= guard.precondition() instanceof Precondition.NoDownstreamReferences;
            switch (statements.guard(guard.precondition(), reviewed, lastRead == null ? List.of() : lastRead)) {
                case GuardQuery.Count count -> {
                    folded.put(i, count);
                    fields.add(scalar(count.query()).as("guard_" + i));
                }
                case GuardQuery.AllowedStatus status -> {
                    allowed.put(i, status);
                    catalog.add(status.query());
                }
                case GuardQuery.AtCommit atCommit -> {
                    // Checked by the re-count before COMMIT.
                }
                case GuardQuery.OutsideDatabase outside -> {
                    // The caller checks it.
                }
            }
        }
        List<LogicalTable> unwritten = unwritten(reviewed);
        boolean deletes = steps.stream().anyMatch(step -> step instanceof PlanStep.HardDelete);
        for (LogicalTable table : unwritten) {
            fields.add(DSL.field(statements.rowsOfChangeSet(
                            table, changeSet, deletes ? Optional.empty() : Optional.of(Status.DRAFT)))
                    .as("unwritten_" + Statements.countAlias(table)));
        }
        if (!referenced.isEmpty()) {
            catalog.add(Catalog.foreignKeys(referenced));
        }
        // The chain's head, after the statement that took the chain's lock and in its snapshot: what
        // a read just before the append would return, since nobody else can append meanwhile.
        long appends =
                steps.stream().filter(PlanStep.LedgerAppend.class::isInstance).count();
        int headIndex = -1;
        if (signer.isPresent() && appends == 1) {
            headIndex = 2 + catalog.size();
            catalog.add(statements.chainHead());
        }
        Results results;
        try {
            results =
                    dsl.fetchMany(statements.timeoutsThen(lockTimeout, statementTimeout, DSL.select(fields), catalog));
        } catch (DataAccessException e) {
            String state = e.sqlState();
            if (downstreamFromMemory && state != null && state.startsWith("42")) {
                // A table or column the remembered foreign keys name is gone or no longer readable:
                // nothing was written; forget them and read everything again.
                foreignKeysRead.remove(referenced);
                throw new Diverged(
                        "the downstream count built from the foreign keys read before failed (SQLSTATE " + state + ")");
            }
            throw e;
        }
        Record first = results.get(1).get(0);
        long stale = first.get("stale", Long.class);
        if (stale == -1) {
            rollback();
            throw new LockBusyException(runId, reviewed.subject());
        }
        if (stale == -2) {
            rollback();
            throw new LockBusyException(
                    runId, Statements.DECISION_CHAIN + " (another compensation is appending a decision)");
        }
        if (stale > 0) {
            rollback();
            return Optional.empty();
        }
        stepTable = "(HOLD)";
        for (int i = 0; i < holds.size(); i++) {
            if (HoldEvents.PLACED.equals(first.get("hold_" + i, String.class))) {
                holds.get(i).requireNone(dsl, runId);
            }
        }
        if (approvalId.isPresent()) {
            requireUnused(approvalId.get(), first.get("approval_uses", Long.class));
        }
        // The foreign keys come after the allowed-status catalogs.
        List<ForeignKey> foreignKeys =
                referenced.isEmpty() ? List.of() : Catalog.foreignKeys(results.get(2 + allowed.size()));
        if (!referenced.isEmpty()) {
            foreignKeysRead.put(referenced, foreignKeys);
            if (lastRead != null && !lastRead.equals(foreignKeys)) {
                throw new Diverged("the foreign keys referencing " + referenced
                        + " changed since the downstream guard was built from them");
            }
        }
        stepTable = "(re-plan)";
        CutEvidence now = EvidenceReader.withChangeSetCounts(planned, first)
                .orElseThrow(() -> new Diverged("the change set is now recorded for another run"));
        CompensationPlan plan = execution.replan().apply(new Refreshed(now));
        if (!plan.fingerprint().equals(reviewed.fingerprint())) {
            throw new Diverged("the change set's ledger or log rows changed since the plan was reviewed");
        }
        for (Map.Entry<Integer, GuardQuery.Count> guard : folded.entrySet()) {
            stepIndex = guard.getKey();
            Precondition precondition = ((PlanStep.Guard) steps.get(guard.getKey())).precondition();
            long found = first.get("guard_" + guard.getKey(), Long.class);
            logGuard(precondition, found, guard.getValue().expected());
            if (found != guard.getValue().expected()) {
                throw new Diverged("guard " + precondition.name() + " found " + found + ", expected "
                        + guard.getValue().expected());
            }
        }
        Set<Integer> checkedGuards = new java.util.HashSet<>(folded.keySet());
        int next = 2;
        for (Map.Entry<Integer, GuardQuery.AllowedStatus> guard : allowed.entrySet()) {
            stepIndex = guard.getKey();
            GuardQuery.AllowedStatus status = guard.getValue();
            Set<String> values =
                    EvidenceReader.intersection(model, Catalog.allowedValues(results.get(next++), status.columns()));
            LOG.info(
                    "run {}: {} step {} guard {}: allowed {}",
                    runId.value(),
                    action,
                    stepIndex + 1,
                    ((PlanStep.Guard) steps.get(guard.getKey())).precondition().name(),
                    values);
            if (!values.contains(status.status())) {
                throw new Diverged("status '" + status.status() + "' is no longer allowed");
            }
            checkedGuards.add(guard.getKey());
        }
        for (LogicalTable table : unwritten) {
            long found = first.get("unwritten_" + Statements.countAlias(table), Long.class);
            if (found != 0) {
                throw new Diverged(found + " row(s) of " + model.qualified(table)
                        + " that the plan, made when there were none, does not write");
            }
        }
        Map<LogicalTable, Long> affected = runSteps(
                plan,
                execution.authority(),
                commit,
                counted.isEmpty() ? null : first,
                checkedGuards,
                foreignKeys,
                headIndex < 0 ? null : results.get(headIndex));
        checking = false;
        return Optional.of(finish(plan, affected, started, commit));
    }

    /**
     * The unit tables a plan's writes would touch but that it does not write: for a hard delete the
     * units and versions (the log's rows are counted again with the ledger's), else the draft units
     * and versions.
     */
    private static List<LogicalTable> unwritten(CompensationPlan plan) {
        List<LogicalTable> unwritten = new ArrayList<>();
        for (LogicalTable table : List.of(LogicalTable.INFORMATION_UNIT, LogicalTable.UNIT_VERSION)) {
            boolean written = plan.steps().stream()
                    .anyMatch(step -> (step instanceof PlanStep.SoftRevert soft && soft.table() == table)
                            || (step instanceof PlanStep.HardDelete delete && delete.table() == table));
            if (!written) {
                unwritten.add(table);
            }
        }
        return unwritten;
    }

    /** A one-column query as a scalar sub-query. */
    @SuppressWarnings("unchecked")
    private static Field<Object> scalar(Select<? extends Record1<?>> query) {
        return DSL.field((Select<Record1<Object>>) query);
    }

    /** The evidence the plan was reviewed on, with the facts read inside the transaction. */
    private record Refreshed(CutEvidence evidence) implements EvidenceSource {
        @Override
        public Optional<io.github.cutterrevert.ChangeSetId> changeSetOf(RunId runId) {
            return Optional.of(evidence.changeSet());
        }

        @Override
        public CutEvidence cutEvidence(RunId runId, ChangeSetId changeSet) {
            return evidence;
        }

        @Override
        public io.github.cutterrevert.SeedEvidence seedEvidence(io.github.cutterrevert.SeedDelta delta) {
            throw new IllegalStateException("a cut's plan is checked with the cut's evidence");
        }
    }

    /**
     * The plan cannot be shown to hold by its own statements: roll back and read the evidence again.
     * Never leaves the executor.
     */
    private static final class Diverged extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Diverged(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Puts the run and change set ids and the action in the MDC; returns what restores the previous
     * values.
     */
    private Runnable mdc(CompensationPlan plan, String action) {
        this.action = action;
        String previousRun = MDC.get(MDC_RUN_ID);
        String previousChangeSet = MDC.get(MDC_CHANGE_SET_ID);
        String previousAction = MDC.get(MDC_ACTION);
        MDC.put(MDC_RUN_ID, runId.value());
        MDC.put(MDC_ACTION, action);
        plan.changeSet()
                .ifPresentOrElse(id -> MDC.put(MDC_CHANGE_SET_ID, id.value()), () -> MDC.remove(MDC_CHANGE_SET_ID));
        return () -> {
            restoreMdc(MDC_RUN_ID, previousRun);
            restoreMdc(MDC_CHANGE_SET_ID, previousChangeSet);
            restoreMdc(MDC_ACTION, previousAction);
        };
    }

    private static void restoreMdc(String key, String previous) {
        if (previous == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, previous);
        }
    }

    private CompensationResult compensate(
            CompensationPlan reviewed,
            Function<EvidenceSource, CompensationPlan> replan,
            Authority authority,
            long started,
            boolean commit) {
        fetch(statements.timeouts(lockTimeout, statementTimeout));
        stepTable = "(HOLD)";
        for (HoldEvents hold : holds) {
            hold.requireNone(dsl, runId);
        }
        stepTable = "(re-plan)";
        CompensationPlan plan = replan.apply(new EvidenceReader(dsl, statements));
        if (!plan.fingerprint().equals(reviewed.fingerprint())) {
            rollback();
            if (plan.kind() == io.github.cutterrevert.PlanKind.NOTHING_TO_DO) {
                LOG.info("run {}: nothing to do: {}", runId.value(), plan.rationale());
                return result(plan, new Verdict.NothingToDo(plan.rationale()), Map.of(), started);
            }
            throw new NotApprovedException(
                    runId,
                    plan.fingerprint(),
                    reviewed.fingerprint(),
                    "the database changed since the plan was reviewed (" + plan.kind() + ": " + plan.rationale() + ")");
        }
        switch (plan.kind()) {
            case NOTHING_TO_DO, DISCARD_AND_HOLD -> {
                rollback();
                return result(plan, new Verdict.NothingToDo(plan.rationale()), Map.of(), started);
            }
            case ESCALATE -> {
                rollback();
                return result(plan, new Verdict.Refused(plan.rationale()), Map.of(), started);
            }
            case COMPENSATE -> {
                Optional<String> approvalId = approvalDecisionId(authority);
                if (approvalId.isPresent()) {
                    stepTable = "(approval replay check)";
                    requireUnused(approvalId.get(), fetchLong(statements.approvalUses(approvalId.get())));
                }
                Set<LogicalTable> counted = plan.expectedDeltas().keySet();
                stepTable = "(re-count)";
                Record before = counted.isEmpty()
                        ? null
                        : fetch(statements.counts(counted)).get(0);
                Map<LogicalTable, Long> affected = runSteps(plan, authority, commit, before, Set.of(), null, null);
                return finish(plan, affected, started, commit);
            }
        }
        throw new IllegalStateException("unreachable: every plan kind is handled above");
    }

    /** Rolls a preview back, or commits (see {@link #commit}). */
    private CompensationResult finish(
            CompensationPlan plan, Map<LogicalTable, Long> affected, long started, boolean commit) {
        if (!commit) {
            rollback();
            LOG.info(
                    "run {}: preview of {} rolled back: nothing written ({} statements)",
                    runId.value(),
                    plan.subject(),
                    statementCount);
            return result(plan, new Verdict.NothingToDo("preview: rolled back"), affected, started);
        }
        if (txid < 0) {
            txid = fetchLong(statements.transactionId());
        }
        commit(plan, txid);
        LOG.info(
                "run {}: compensated {} in transaction {} ({} statements)",
                runId.value(),
                plan.subject(),
                txid,
                statementCount);
        return result(plan, new Verdict.Compensated(), affected, started);
    }

    /**
     * Refuses signed approvals whose decision id the ledger already records (a replay), before any
     * write. Inside the transaction and, for a plan that records its approvals, under the decision
     * chain's lock, so two concurrent uses of one decision id cannot both pass; the partial unique
     * index on {@code approval_decision_id} refuses it at the database too.
     *
     * @param decisionId the approvals' decision id
     * @param uses how many compensating decisions the ledger records under it, read in this transaction
     */
    private void requireUnused(String decisionId, long uses) {
        if (uses > 0) {
            rollback();
            throw new ApprovalRefusedException(
                    runId,
                    ApprovalRefusedException.Reason.REPLAYED,
                    decisionId,
                    null,
                    "a decision id not yet used in the ledger",
                    uses + " compensating decision(s) already recorded under it");
        }
    }

    /** The decision id of signed approvals, whose earlier uses are looked up in the transaction. */
    private static Optional<String> approvalDecisionId(Authority authority) {
        return authority instanceof Authority.SignedApprovals signed
                ? Optional.of(signed.decisionId())
                : Optional.empty();
    }

    /**
     * Takes the subject's lock or throws {@link LockBusyException}.
     *
     * @return how many transactions our snapshot misses that committed before we held the lock
     */
    private long lock(String subject, boolean decisionChain) {
        stepTable = "(advisory lock)";
        long stale = fetchLong(statements.lock(subject, decisionChain));
        if (stale == -1) {
            rollback();
            throw new LockBusyException(runId, subject);
        }
        if (stale == -2) {
            rollback();
            throw new LockBusyException(
                    runId, Statements.DECISION_CHAIN + " (another compensation is appending a decision)");
        }
        return stale;
    }

    /**
     * Appends the compensating decision, signed when a signer is given: reads the chain's head
     * unless the first round trip read it (we hold the chain's lock and our snapshot is current, see
     * {@link Statements#lock}, so both reads see the same head), signs the canonical encoding naming
     * its hash, and inserts the row with key id, previous hash and signature.
     */
    private Query ledgerAppend(
            PlanStep.LedgerAppend append, Authority authority, CompensationPlan plan, List<? extends Record> readHead) {
        Statements.DecisionRow row = statements.decisionRow(append, authority, plan.fingerprint(), Instant.now());
        if (signer.isEmpty()) {
            return statements.ledgerAppend(row, Optional.empty());
        }
        List<? extends Record> head = readHead;
        if (head == null) {
            stepTable = "(decision chain head)";
            head = fetch(statements.chainHead());
        }
        String prevHash = head.isEmpty() ? DecisionChain.GENESIS : DecisionChain.hash(Statements.decision(head.get(0)));
        DecisionSigner key = signer.get();
        String signature = DecisionChain.sign(key, row.canonical(key.keyId(), prevHash));
        return statements.ledgerAppend(
                row, Optional.of(new Statements.DecisionSignature(key.keyId(), prevHash, signature)));
    }

    /**
     * Runs the guards and writes, then re-counts. Strict: any count mismatch throws. Lenient
     * (preview): write counts are reported as they are. {@code readForeignKeys} and {@code
     * readHead} are what the first round trip read (null: read them here).
     */
    private Map<LogicalTable, Long> runSteps(
            CompensationPlan plan,
            Authority authority,
            boolean strict,
            Record before,
            Set<Integer> checkedGuards,
            List<ForeignKey> readForeignKeys,
            List<? extends Record> readHead) {
        Set<LogicalTable> counted = plan.expectedDeltas().keySet();
        List<ForeignKey> foreignKeys = readForeignKeys != null ? readForeignKeys : foreignKeysFor(plan);
        Map<LogicalTable, Long> affected = new EnumMap<>(LogicalTable.class);
        List<PlanStep> steps = plan.steps();
        for (int i = 0; i < steps.size(); i++) {
            PlanStep step = steps.get(i);
            stepIndex = i;
            if (checkedGuards.contains(i)) {
                continue; // read with the lock, in the transaction's first statement
            }
            switch (step) {
                case PlanStep.Guard guard -> guard(plan, guard.precondition(), foreignKeys);
                case PlanStep.SoftRevert soft ->
                    write(
                            steps.size(),
                            soft.table(),
                            statements.softRevert(soft),
                            soft.expectedRows(),
                            affected,
                            strict);
                case PlanStep.HardDelete delete ->
                    write(
                            steps.size(),
                            delete.table(),
                            statements.hardDelete(delete),
                            delete.expectedRows(),
                            affected,
                            strict);
                case PlanStep.LedgerAppend append ->
                    write(
                            steps.size(),
                            LogicalTable.REVIEW_DECISION,
                            ledgerAppend(append, authority, plan, readHead),
                            1,
                            affected,
                            strict);
                case PlanStep.DiscardBackup discard ->
                    LOG.info(
                            "run {}: step {}: the backup artifact is not in the database; the caller discards it",
                            runId.value(),
                            i + 1);
                case PlanStep.Hold hold -> refuseInCompensation(plan, "HOLD", strict);
                case PlanStep.Escalate escalate -> refuseInCompensation(plan, "ESCALATE", strict);
            }
        }
        stepIndex = steps.size();
        stepTable = "(re-count)";
        if (before != null) {
            List<Field<?>> fields = new ArrayList<>(statements.countFields(counted));
            if (strict) {
                // The transaction id, for pg_xact_status should COMMIT fail, in the same round trip.
                fields.add(statements.transactionIdField());
            }
            Record after = fetch(DSL.select(fields)).get(0);
            if (strict) {
                txid = after.get("txid", Long.class);
            }
            for (Map.Entry<LogicalTable, Long> delta : plan.expectedDeltas().entrySet()) {
                String alias = Statements.countAlias(delta.getKey());
                long actual = after.get(alias, Long.class) - before.get(alias, Long.class);
                if (actual != delta.getValue()) {
                    LOG.warn(
                            "run {}: {} re-count of {}: row count changed by {} but the plan expects {}",
                            runId.value(),
                            action,
                            model.qualified(delta.getKey()),
                            actual,
                            delta.getValue());
                    if (strict) {
                        throw new StepFailedException(
                                runId,
                                stepIndex,
                                model.qualified(delta.getKey()),
                                delta.getValue(),
                                actual,
                                null,
                                null);
                    }
                }
            }
        }
        return affected;
    }

    private void refuseInCompensation(CompensationPlan plan, String what, boolean strict) {
        if (strict) {
            throw new InvalidPlanException(
                    runId,
                    "compensation-steps",
                    "expected only database steps in a " + plan.kind() + " plan but found " + what);
        }
    }

    private List<TableName> referenced(CompensationPlan plan) {
        List<TableName> targets = new ArrayList<>();
        for (Precondition precondition : plan.preconditions()) {
            if (precondition instanceof Precondition.NoDownstreamReferences p) {
                targets.add(model.binding().table(p.table()));
            }
        }
        return List.copyOf(targets);
    }

    private List<ForeignKey> foreignKeysFor(CompensationPlan plan) {
        List<TableName> targets = referenced(plan);
        if (targets.isEmpty()) {
            return List.of();
        }
        stepTable = "(catalog)";
        List<ForeignKey> read = Catalog.readForeignKeys(dsl, targets);
        foreignKeysRead.put(targets, read);
        return read;
    }

    private void guard(CompensationPlan plan, Precondition precondition, List<ForeignKey> foreignKeys) {
        stepTable = "(guard " + precondition.name() + ")";
        stepExpected = -1;
        GuardQuery query = statements.guard(precondition, plan, foreignKeys);
        switch (query) {
            case GuardQuery.Count count -> {
                long found = fetchLong(count.query());
                logGuard(precondition, found, count.expected());
                if (found != count.expected() && checking) {
                    throw new Diverged(
                            "guard " + precondition.name() + " found " + found + ", expected " + count.expected());
                }
                if (found != count.expected()) {
                    throw new PreconditionFailedException(
                            runId,
                            precondition,
                            count.expectation(),
                            found + " (" + new Wording(model).describe(precondition) + ")");
                }
            }
            case GuardQuery.AllowedStatus allowed -> {
                Set<String> values = new EvidenceReader(dsl, statements).allowedStatuses(allowed.columns());
                LOG.info(
                        "run {}: {} step {} guard {}: allowed {}",
                        runId.value(),
                        action,
                        stepIndex + 1,
                        precondition.name(),
                        values);
                if (!values.contains(allowed.status()) && checking) {
                    throw new Diverged("status '" + allowed.status() + "' is no longer allowed");
                }
                if (!values.contains(allowed.status())) {
                    throw new PreconditionFailedException(
                            runId,
                            precondition,
                            "status '" + allowed.status() + "' to be one of "
                                    + values.stream().sorted().toList(),
                            "'" + allowed.status() + "' is not allowed");
                }
            }
            case GuardQuery.AtCommit atCommit -> {
                // Checked by the re-count before COMMIT.
            }
            case GuardQuery.OutsideDatabase outside -> {
                // The HOLD is kept outside the database; the orchestrator checks it before calling us.
            }
        }
    }

    private void logGuard(Precondition precondition, long found, long expected) {
        LOG.info(
                "run {}: {} step {} guard {}: found {}, expected {}",
                runId.value(),
                action,
                stepIndex + 1,
                precondition.name(),
                found,
                expected);
    }

    private void write(
            int stepCount,
            LogicalTable table,
            Query query,
            long expected,
            Map<LogicalTable, Long> affected,
            boolean strict) {
        stepTable = model.qualified(table);
        stepExpected = expected;
        long rows = dsl.execute(query);
        affected.merge(table, rows, Long::sum);
        LOG.info(
                "run {}: {} step {}/{} on {}: {} row(s), expected {}",
                runId.value(),
                action,
                stepIndex + 1,
                stepCount,
                stepTable,
                rows,
                expected);
        if (rows != expected && checking && table != LogicalTable.REVIEW_DECISION) {
            throw new Diverged(stepTable + ": " + rows + " row(s), the reviewed plan expects " + expected);
        }
        if (strict && rows != expected) {
            throw new StepFailedException(runId, stepIndex, stepTable, expected, rows, null, null);
        }
    }

    /**
     * Commits, or finds out on a fresh connection how the transaction ended (see the class
     * comment): returns normally only when it committed.
     */
    private void commit(CompensationPlan plan, long txid) {
        stepIndex = plan.steps().size();
        stepTable = "(commit)";
        stepExpected = -1;
        try {
            connection.commit();
        } catch (SQLException e) {
            // A failed COMMIT may still have committed (the reply was lost) or may leave the transaction
            // open on a connection that still works: end it here first, so that the status read below
            // is final. A ROLLBACK after a COMMIT that went through changes nothing.
            rollbackAfter(e);
            Outcome outcome = resolve(txid, e);
            LOG.warn(
                    "run {}: COMMIT of transaction {} failed (SQLSTATE {}); pg_xact_status on a fresh connection: {}",
                    runId.value(),
                    txid,
                    e.getSQLState(),
                    outcome);
            switch (outcome) {
                case COMMITTED -> {
                    return;
                }
                case ABORTED ->
                    // A COMMIT failing without a SQLSTATE failed in the driver: a connection exception.
                    throw new StepFailedException(
                            runId,
                            stepIndex,
                            stepTable,
                            -1,
                            -1,
                            e.getSQLState() != null ? e.getSQLState() : "08000",
                            e);
                case UNKNOWN -> throw new OutcomeUnknownException(runId, Long.toString(txid), e);
            }
        }
    }

    /**
     * Asks {@code pg_xact_status} on a fresh connection, again while the transaction is still in
     * progress (a terminated backend aborts a moment after it was signalled), for at most {@code
     * lock_timeout}.
     */
    private Outcome resolve(long txid, SQLException failure) {
        long deadline = System.nanoTime() + lockTimeout.toNanos();
        while (true) {
            Optional<String> status;
            try {
                status = outcomes.status(txid);
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
                return Outcome.UNKNOWN;
            }
            if (status.isEmpty()) {
                return Outcome.UNKNOWN;
            }
            switch (status.get()) {
                case "committed" -> {
                    return Outcome.COMMITTED;
                }
                case "aborted" -> {
                    return Outcome.ABORTED;
                }
                default -> {
                    // "in progress": wait below.
                }
            }
            if (System.nanoTime() >= deadline) {
                return Outcome.UNKNOWN;
            }
            try {
                Thread.sleep(OUTCOME_POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Outcome.UNKNOWN;
            }
        }
    }

    private CompensationResult result(
            CompensationPlan plan, Verdict verdict, Map<LogicalTable, Long> affected, long started) {
        return new CompensationResult(
                plan, verdict, affected, statementCount, Duration.ofNanos(System.nanoTime() - started));
    }

    // ---- statements --------------------------------------------------------------------------

    private org.jooq.Result<Record> fetch(Select<Record> query) {
        return dsl.fetch(query);
    }

    private long fetchLong(Select<? extends Record1<?>> query) {
        Long value = dsl.fetchSingle(query).get(0, Long.class);
        return value == null ? 0 : value;
    }

    private void rollback() {
        try {
            connection.rollback();
        } catch (SQLException e) {
            throw new DataAccessException("rollback failed", e);
        }
    }

    private void rollbackAfter(Throwable failure) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    /** Maps a database error to the library's exceptions, naming the step it happened in. */
    private CutterRevertException translate(DataAccessException e) {
        String state = e.sqlState();
        return switch (state == null ? "" : state) {
            case "55P03" -> new CompensationTimeoutException(runId, state, lockTimeout, e);
            case "57014" -> new CompensationTimeoutException(runId, state, statementTimeout, e);
            default -> new StepFailedException(runId, stepIndex, stepTable, stepExpected, -1, state, e);
        };
    }
}
