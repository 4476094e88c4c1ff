package io.github.cutterrevert;

import io.github.cutterrevert.internal.Observation;
import io.github.cutterrevert.spi.CompensationListener;
import io.github.cutterrevert.spi.CompensationTarget;
import io.github.cutterrevert.spi.EvidenceSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The entry point for compensating one failed cut.
 *
 * <pre>{@code
 * Compensator compensator = Compensator.forRun("run-42")
 *     .on(PostgresTarget.of(dataSource))
 *     .failedAt(Phase.WRITE_VERIFY);          // soft revert by default
 * CompensationPlan plan = compensator.plan(); // review plan.summary(), plan.fingerprint()
 * CompensationResult result = compensator
 *     .authorizedBy(Authority.decision("sovereign", "DEC-7", "reviewed", plan.fingerprint(), Instant.now()))
 *     .execute();
 * }</pre>
 *
 * <p>A mutable builder, not thread-safe: configure it on one thread. Each setter validates its
 * argument at once; cross-field rules are checked by {@link #plan()}. {@link #plan()} and
 * {@link #preview()} never write; {@link #execute()} writes only what the plan says, in one
 * transaction, and only with the approval the {@linkplain #approvalPolicy policy} requires.
 */
public final class Compensator {
    private final RunId runId;
    private CompensationTarget target;
    private ChangeSetId changeSet;
    private RunHistory history;
    private Mode mode = Mode.SOFT_REVERT;
    private String softRevertStatus = PlanRequest.DEFAULT_SOFT_REVERT_STATUS;
    private Authority authority = Authority.none();
    private ApprovalPolicy policy = ApprovalPolicy.REVIEWED;
    private RunId revertRunId;
    private Path backupArtifact;
    private FailClosed failClosed = FailClosed.defaults();
    private DecisionSigner signer;
    private TrustStore trust;
    private int requiredApprovers = 1;
    private final List<CompensationListener> listeners = new ArrayList<>();
    private CompensationPlan attempted;
    /** The last {@link #plan()} on this compensator, reused by {@link #execute()} while it fits. */
    private Planned planned;

    private Compensator(RunId runId) {
        this.runId = runId;
    }

    /**
     * Starts a compensation of one run.
     *
     * @param runId the failed run
     * @return a new builder
     * @throws InvalidInputException if the run id is invalid
     */
    public static Compensator forRun(String runId) {
        return new Compensator(RunId.of(runId));
    }

    /**
     * Starts a compensation of one run.
     *
     * @param runId the failed run
     * @return a new builder
     */
    public static Compensator forRun(RunId runId) {
        return new Compensator(Checks.nonNull("runId", runId));
    }

    /**
     * The database the run wrote to (required).
     *
     * @param target the target, e.g. {@code PostgresTarget.of(dataSource)}
     * @return this builder
     */
    public Compensator on(CompensationTarget target) {
        this.target = Checks.nonNull("target", target);
        return this;
    }

    /**
     * The run's change set (default: the one {@code cut_change_set} records for the run).
     *
     * @param changeSet the change set id
     * @return this builder
     */
    public Compensator changeSet(String changeSet) {
        this.changeSet = ChangeSetId.of(changeSet);
        return this;
    }

    /**
     * The run's change set (default: the one {@code cut_change_set} records for the run).
     *
     * @param changeSet the change set id
     * @return this builder
     */
    public Compensator changeSet(ChangeSetId changeSet) {
        this.changeSet = Checks.nonNull("changeSet", changeSet);
        return this;
    }

    /**
     * The orchestrator's report in the usual form: the phases before {@code phase} committed,
     * {@code phase} rolled back (this or {@link #history(RunHistory)} is required).
     *
     * @param phase the phase that failed
     * @return this builder
     */
    public Compensator failedAt(Phase phase) {
        this.history = RunHistory.failedAt(Checks.nonNull("phase", phase));
        return this;
    }

    /**
     * The orchestrator's report, phase by phase (this or {@link #failedAt(Phase)} is required).
     *
     * @param history the outcome of every phase
     * @return this builder
     */
    public Compensator history(RunHistory history) {
        this.history = Checks.nonNull("history", history);
        return this;
    }

    /**
     * Soft revert to {@code withdrawn} (the default).
     *
     * @return this builder
     */
    public Compensator softRevert() {
        return softRevertTo(PlanRequest.DEFAULT_SOFT_REVERT_STATUS);
    }

    /**
     * Soft revert to another status the schema allows, e.g. {@code superseded} (default: {@code
     * withdrawn}).
     *
     * @param status the target status; not {@code draft} or {@code enacted}
     * @return this builder
     * @throws InvalidInputException if the status is malformed, {@code draft} or {@code enacted}
     */
    public Compensator softRevertTo(String status) {
        PlanRequest.requireSoftRevertStatus(status);
        this.mode = Mode.SOFT_REVERT;
        this.softRevertStatus = status;
        return this;
    }

    /**
     * Hard delete, children before parents, never CASCADE (default: soft revert). Executes only
     * with a recorded decision approving the plan's fingerprint, and is planned only while every
     * affected unit is draft.
     *
     * @return this builder
     */
    public Compensator hardDelete() {
        this.mode = Mode.HARD_DELETE;
        return this;
    }

    /**
     * Who authorised the plan (default: {@link Authority#none()}).
     *
     * @param authority a recorded decision approving the plan's fingerprint, or none
     * @return this builder
     */
    public Compensator authorizedBy(Authority authority) {
        this.authority = Checks.nonNull("authority", authority);
        return this;
    }

    /**
     * Which plans need a recorded decision (default: {@link ApprovalPolicy#REVIEWED}: every plan
     * that writes).
     *
     * @param policy the policy
     * @return this builder
     */
    public Compensator approvalPolicy(ApprovalPolicy policy) {
        this.policy = Checks.nonNull("policy", policy);
        return this;
    }

    /**
     * The revert run named in the compensating decision (default: the run id followed by {@code
     * ":revert"}, cut from the front to 200 characters when longer, so a plan's fingerprint is
     * stable between review and execution).
     *
     * @param revertRunId the revert run id
     * @return this builder
     */
    public Compensator revertRunId(RunId revertRunId) {
        this.revertRunId = Checks.nonNull("revertRunId", revertRunId);
        return this;
    }

    /**
     * Where the run's backup artifact is (default: none). When a failure needs no database change,
     * the plan discards it by renaming it to {@code <name>.discarded}; it is never deleted.
     *
     * @param backupArtifact the backup file
     * @return this builder
     */
    public Compensator backupArtifact(Path backupArtifact) {
        this.backupArtifact = Checks.nonNull("backupArtifact", backupArtifact);
        return this;
    }

    /**
     * Where HOLD, the kill switch, run state, snapshots and escalation bundles live (default:
     * {@link FailClosed#defaults()}: files under {@code $cutter.home}, {@code $CUTTER_HOME} or
     * {@code /var/lib/cutter}). Configure it explicitly in production.
     *
     * @param failClosed the fail-closed procedure
     * @return this builder
     */
    public Compensator failClosed(FailClosed failClosed) {
        this.failClosed = Checks.nonNull("failClosed", failClosed);
        return this;
    }

    /**
     * The key that signs the compensating decision (required when the plan appends one; default:
     * none). The library never generates keys.
     *
     * @param signer the signer
     * @return this builder
     */
    public Compensator signedBy(DecisionSigner signer) {
        this.signer = Checks.nonNull("signer", signer);
        return this;
    }

    /**
     * The approvers' public keys (default: none). With a trust store, every plan that needs approval
     * under the {@linkplain #approvalPolicy policy} (always: hard deletes) needs approvals signed with
     * trusted keys ({@link Authority#signed}); an unsigned {@link Authority#decision} is refused.
     * Recommended in production.
     *
     * @param trust the trust store
     * @return this builder
     */
    public Compensator trusting(TrustStore trust) {
        this.trust = Checks.nonNull("trust", trust);
        return this;
    }

    /**
     * How many distinct approvers (distinct keys and approver ids) a hard delete needs (default: 1;
     * 2 is the two-person rule). Needs {@link #trusting(TrustStore)}.
     *
     * @param count at least 1
     * @return this builder
     * @throws InvalidInputException if {@code count} is less than 1
     */
    public Compensator requiredApprovers(int count) {
        this.requiredApprovers = ApprovalRules.requiredApprovers(count);
        return this;
    }

    /**
     * Adds a listener told what {@link #execute()} and {@link #preview()} did, e.g. for metrics
     * (default: none; JFR events and logs are always there, see {@link Observability}).
     *
     * @param listener the listener
     * @return this builder
     */
    public Compensator listener(CompensationListener listener) {
        listeners.add(Checks.nonNull("listener", listener));
        return this;
    }

    /**
     * Reads the evidence and plans; writes nothing. A following {@link #execute()} on this
     * compensator starts from this plan (without reading the evidence again) when it compensates and
     * nothing in the request changed since; its transaction checks it against the database first.
     *
     * @return the plan
     * @throws InvalidPlanException if no target or history was given, the run has no change set, the
     *     history is inconsistent or the soft-revert status is not allowed
     */
    public CompensationPlan plan() {
        PlanRequest request = request();
        CompensationTarget db = requireTarget();
        CutEvidence evidence = evidence(request, db);
        CompensationPlan plan = CompensationPlanner.plan(request, evidence);
        planned = new Planned(db, request, evidence, plan);
        return plan;
    }

    /** A plan with the request and the evidence it was made from, on a target. */
    private record Planned(
            CompensationTarget target, PlanRequest request, CutEvidence evidence, CompensationPlan plan) {}

    /**
     * The last {@link #plan()} when {@link #execute()} may start from it instead of reading the
     * evidence again: a plan that compensates, made on the same target for the same request. The
     * transaction checks it against the database before writing (and reads the whole evidence again
     * when anything differs), so an old plan is never executed blindly.
     */
    private Optional<Planned> reusablePlan() {
        if (planned == null
                || target != planned.target()
                || history == null
                || planned.plan().kind() != PlanKind.COMPENSATE) {
            return Optional.empty();
        }
        ChangeSetId cs = changeSet != null ? changeSet : planned.request().changeSet();
        RunId revert = revertRunId != null ? revertRunId : RunId.of(revertRunIdFor(runId));
        PlanRequest now = new PlanRequest(runId, cs, history, mode, softRevertStatus, revert);
        return now.equals(planned.request()) ? Optional.of(planned) : Optional.empty();
    }

    /**
     * Plans and runs exactly the statements {@link #execute()} would (the re-plan inside the
     * transaction, every guard and write, the signed compensating decision with the configured
     * signer and authority) in a transaction that is always rolled back, reporting the real row
     * counts. Needs no approval and works while on HOLD; never places a HOLD.
     *
     * @return the preview
     * @throws InvalidPlanException if the plan appends a decision and no signer was given
     * @throws SchemaContractException if the database does not meet the binding's contract
     */
    public Preview preview() {
        PlanRequest request = request();
        CompensationTarget db = requireTarget();
        CutEvidence evidence = evidence(request, db);
        CompensationPlan plan = CompensationPlanner.plan(request, evidence);
        if (plan.writes()) {
            requireSignerIfAppending(plan);
        }
        Observation observation = Observation.preview(plan.runId(), listeners);
        try {
            return observation.previewed(db.preview(new io.github.cutterrevert.spi.Execution(
                    plan,
                    source -> plan(request, source),
                    authority,
                    Optional.ofNullable(signer),
                    List.of(),
                    Optional.of(evidence))));
        } catch (RuntimeException e) {
            observation.failed(Optional.of(plan), e);
            throw e;
        }
    }

    /**
     * Plans, checks the approval and executes the plan in one transaction, all on one database
     * session. The plan is the last {@link #plan()}'s when that one compensates and the request is
     * unchanged, else it is made from evidence read now; either way the transaction checks it by its
     * own statements before writing and reads the whole evidence again when anything differs (a plan
     * that changed is refused with {@link NotApprovedException}). After {@code execute()} the next
     * call reads the evidence again.
     *
     * <p>Before connecting it checks that the system is not on HOLD and that it could fail closed
     * (the fail-closed directories can be written, the shared HOLD can be appended to). On a
     * refusal (the plan escalates, or nothing can be undone and the run must be re-run from clean)
     * and on any failure during execution, the {@linkplain #failClosed fail-closed procedure} runs
     * before this method returns or throws: kill switch off, run state STOPPED, HOLD, post-failure
     * snapshot, escalation bundle; the result or the exception carries the {@link Escalation}.
     * Nothing is ever retried; the one exception is internal and writes nothing: when a commit
     * slipped in between the transaction's snapshot and its lock, the target starts its transaction
     * again (at most 3 times in all) before anything is written.
     *
     * @return the result: compensated, nothing to do, or refused (escalated, HOLD placed, {@link
     *     CompensationResult#escalation()} says where)
     * @throws OnHoldException if the system is on HOLD (in a file, in the shared store, or in the
     *     memory of this JVM), also when the target finds a shared HOLD inside its transaction
     * @throws CannotFailClosedException if a place the fail-closed procedure writes to cannot be
     *     written; nothing was written to the database
     * @throws NotApprovedException if the plan needs a recorded decision approving its fingerprint
     *     and has none, or the database changed since it was approved (no HOLD: re-plan)
     * @throws ApprovalRefusedException if a signed approval is refused (unknown key, bad signature,
     *     expired, not yet valid, another plan, decision id already used, too few approvers) or a
     *     trust store is configured and the decision is unsigned (nothing written, no HOLD)
     * @throws LockBusyException if another session is compensating the same change set, or
     *     appending to the decision chain (no HOLD)
     * @throws InvalidPlanException if the plan appends a decision and no signer was given
     * @throws SchemaContractException if the database does not meet the binding's contract or the
     *     role lacks a privilege the plan needs, found before anything was written (no HOLD)
     * @throws CutterRevertException for any failure during execution; the transaction was rolled
     *     back, the system is on HOLD and {@link CutterRevertException#escalation()} says where
     */
    public CompensationResult execute() {
        RunId observed = runId;
        Observation observation = Observation.execute(observed, listeners);
        attempted = null;
        try {
            return observation.executed(decideAndExecute());
        } catch (RuntimeException e) {
            observation.failed(Optional.ofNullable(attempted), e);
            throw e;
        } finally {
            // A plan is executed once: a later execute() reads the evidence again.
            planned = null;
        }
    }

    private CompensationResult decideAndExecute() {
        // Prove we can fail closed before anything could need it; then, on HOLD nothing that could
        // write runs (planning and preview stay available).
        failClosed.requireReady(runId);
        failClosed.requireNotOnHold(runId);
        CompensationTarget db = requireTarget();
        Attempt attempt;
        try {
            // The reads and the writing transaction share one session; the fail-closed procedure
            // below runs after it is released, on sessions of its own.
            attempt = db.withSession(this::attempt);
        } catch (InvalidInputException
                | InvalidPlanException
                | UnsupportedDatabaseException
                | SchemaContractException
                | LockBusyException
                | NotApprovedException
                | ApprovalRefusedException
                | OnHoldException e) {
            throw e;
        } catch (RuntimeException e) {
            // No session could be had: nothing was read or written, but the failure is unrecovered.
            failClosed.engageBeforePlan(db, runId, e);
            throw e;
        }
        return switch (attempt) {
            case Attempt.Done done -> done.result();
            case Attempt.Refused refused -> refuse(db, refused.result());
            case Attempt.Discard discard -> {
                CompensationPlan plan = discard.plan();
                try {
                    discardBackup();
                } catch (StoreException e) {
                    // The HOLD this plan asks for must not depend on the backup being renamed.
                    failClosed.engage(db, runId, plan, authority, FailClosed.failed(e), e);
                    throw e;
                }
                yield refuse(
                        db,
                        result(
                                plan,
                                new Verdict.Refused(plan.rationale() + "; HOLD until a human re-runs from clean")));
            }
            case Attempt.FailedBeforePlan failed -> {
                failClosed.engageBeforePlan(db, runId, failed.failure());
                throw failed.failure();
            }
            case Attempt.Failed failed -> {
                // Recorded, then rethrown as it is: never retried, never replaced by a problem of the
                // fail-closed procedure itself (those are attached to it as suppressed exceptions).
                failClosed.engage(
                        db, runId, failed.plan(), authority, FailClosed.failed(failed.failure()), failed.failure());
                throw failed.failure();
            }
        };
    }

    /**
     * Plans and, when the plan compensates, checks the approval and executes it, all on one
     * session. Throws what needs no HOLD (the request or configuration is wrong, no approval,
     * another compensator at work, a HOLD found inside the transaction); returns every other outcome
     * for the fail-closed procedure to handle once the session is released.
     */
    private Attempt attempt(CompensationTarget session) {
        PlanRequest request;
        CutEvidence evidence;
        CompensationPlan plan;
        try {
            Optional<Planned> reused = reusablePlan();
            if (reused.isPresent()) {
                request = reused.get().request();
                evidence = reused.get().evidence();
                plan = reused.get().plan();
            } else {
                request = request(session);
                evidence = evidence(request, session);
                plan = CompensationPlanner.plan(request, evidence);
            }
            attempted = plan;
        } catch (InvalidInputException
                | InvalidPlanException
                | UnsupportedDatabaseException
                | SchemaContractException e) {
            // The request or the configuration is wrong (no history, unknown change set, status not
            // allowed, a database version the library refuses, a binding the database does not
            // match): nothing was attempted, the caller corrects it.
            throw e;
        } catch (RuntimeException e) {
            // Reading the evidence failed: nothing was written, but the failure is unrecovered.
            return new Attempt.FailedBeforePlan(e);
        }
        return switch (plan.kind()) {
            case NOTHING_TO_DO -> new Attempt.Done(result(plan, new Verdict.NothingToDo(plan.rationale())));
            case ESCALATE -> new Attempt.Refused(result(plan, new Verdict.Refused(plan.rationale())));
            case DISCARD_AND_HOLD -> new Attempt.Discard(plan);
            case COMPENSATE -> {
                ApprovalRules.requireTrustFor(runId, trust, requiredApprovers);
                plan.requireApproval(policy, authority, Optional.ofNullable(trust), requiredApprovers, Instant.now());
                requireSignerIfAppending(plan);
                yield execute(session, plan, evidence, source -> plan(request, source));
            }
        };
    }

    /** What one attempt on a session came to; the fail-closed procedure handles it afterwards. */
    private sealed interface Attempt {
        /** Compensated or nothing to do. */
        record Done(CompensationResult result) implements Attempt {}

        /** Refused: escalate and HOLD. */
        record Refused(CompensationResult result) implements Attempt {}

        /** Nothing can be undone: discard the backup, HOLD, re-run from clean. */
        record Discard(CompensationPlan plan) implements Attempt {}

        /** Reading the evidence failed. */
        record FailedBeforePlan(RuntimeException failure) implements Attempt {}

        /** The execution failed; the transaction was rolled back. */
        record Failed(CompensationPlan plan, RuntimeException failure) implements Attempt {}
    }

    /** Runs the fail-closed procedure for a refusal and returns the result carrying its escalation. */
    private CompensationResult refuse(CompensationTarget db, CompensationResult refused) {
        return failClosed
                .engage(db, runId, refused.plan(), authority, refused.verdict(), null)
                .map(refused::withEscalation)
                .orElse(refused);
    }

    private void requireSignerIfAppending(CompensationPlan plan) {
        if (plan.appendsDecision() && signer == null) {
            throw new InvalidPlanException(
                    runId,
                    "signer-given",
                    "compensation B appends a signed decision: expected signedBy(DecisionSigner) but none was given");
        }
    }

    private Attempt execute(
            CompensationTarget session,
            CompensationPlan plan,
            CutEvidence evidence,
            java.util.function.Function<EvidenceSource, CompensationPlan> replan) {
        CompensationResult result;
        try {
            result = session.execute(new io.github.cutterrevert.spi.Execution(
                    plan,
                    replan,
                    authority,
                    Optional.ofNullable(signer),
                    failClosed.holdStores(),
                    Optional.of(evidence)));
        } catch (LockBusyException
                | NotApprovedException
                | ApprovalRefusedException
                | OnHoldException
                | SchemaContractException e) {
            // Nothing was written and a human is already in the loop (another compensator holds the
            // lock, the plan changed since it was approved, the approval's decision id is already used
            // in the ledger, another host placed a HOLD, or the role lacks a privilege the plan needs,
            // found before the transaction began): no HOLD of our own, the caller re-plans, asks for
            // a new approval, waits for the release or fixes the grants.
            throw e;
        } catch (RuntimeException e) {
            return new Attempt.Failed(plan, e);
        }
        if (result.verdict() instanceof Verdict.Refused) {
            return new Attempt.Refused(result);
        }
        return new Attempt.Done(result);
    }

    private CompensationPlan plan(PlanRequest request, EvidenceSource source) {
        return CompensationPlanner.plan(request, evidence(request, source));
    }

    private CutEvidence evidence(PlanRequest request, EvidenceSource source) {
        return source.cutEvidence(runId, request.changeSet())
                .withBackupArtifactPresent(backupArtifact != null && Files.exists(backupArtifact));
    }

    private void discardBackup() {
        if (backupArtifact == null || !Files.exists(backupArtifact)) {
            return;
        }
        Path discarded = backupArtifact.resolveSibling(backupArtifact.getFileName() + ".discarded");
        try {
            Files.move(backupArtifact, discarded, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (java.io.IOException e) {
            throw new StoreException(
                    runId,
                    backupArtifact,
                    "expected to rename the backup artifact to " + discarded.getFileName() + " but could not",
                    e);
        }
    }

    private static CompensationResult result(CompensationPlan plan, Verdict verdict) {
        return new CompensationResult(plan, verdict, Map.of(), 0, Duration.ZERO);
    }

    private PlanRequest request() {
        requireHistory();
        return request(requireTarget());
    }

    private void requireHistory() {
        if (history == null) {
            throw new InvalidPlanException(
                    runId, "history-given", "expected failedAt(phase) or history(...) but neither was given");
        }
    }

    private PlanRequest request(EvidenceSource db) {
        requireHistory();
        ChangeSetId cs = changeSet != null
                ? changeSet
                : db.changeSetOf(runId)
                        .orElseThrow(() -> new InvalidPlanException(
                                runId,
                                "change-set-known",
                                "expected a cut_change_set row for the run (or changeSet(...)) but found none"));
        RunId revert = revertRunId != null ? revertRunId : RunId.of(revertRunIdFor(runId));
        return new PlanRequest(runId, cs, history, mode, softRevertStatus, revert);
    }

    private static String revertRunIdFor(RunId runId) {
        String value = runId.value() + ":revert";
        if (value.length() <= Identifiers.MAX_LENGTH) {
            return value;
        }
        // Keep the tail, but the cut must itself be a valid id: never start on whitespace or on the
        // second half of a surrogate pair.
        int start = value.length() - Identifiers.MAX_LENGTH;
        while (Character.isWhitespace(value.charAt(start)) || Character.isLowSurrogate(value.charAt(start))) {
            start++;
        }
        return value.substring(start);
    }

    private CompensationTarget requireTarget() {
        if (target == null) {
            throw new InvalidPlanException(runId, "target-given", "expected on(target) but no target was given");
        }
        return target;
    }

    /**
     * The run this compensator compensates.
     *
     * @return the run id
     */
    public RunId runId() {
        return runId;
    }

    /**
     * The configured authority.
     *
     * @return the authority
     */
    public Optional<Authority.RecordedDecision> decision() {
        return authority instanceof Authority.RecordedDecision d ? Optional.of(d) : Optional.empty();
    }
}
