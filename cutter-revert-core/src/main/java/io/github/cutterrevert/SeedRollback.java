package io.github.cutterrevert;

import io.github.cutterrevert.internal.Observation;
import io.github.cutterrevert.spi.CompensationListener;
import io.github.cutterrevert.spi.CompensationTarget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The entry point for rolling back a registry seed delta (seed 004): path A (exact inverse,
 * child before parent, each DELETE exactly 1 row) when RB-P1..RB-P3 hold; path B (retire the
 * parent, optionally void the version) only with pre-approved rulings; otherwise escalate.
 *
 * <pre>{@code
 * SeedRollback rollback = SeedRollback.of(delta).runId("rollback-1").on(PostgresTarget.of(ds));
 * CompensationPlan plan = rollback.plan();
 * rollback.authorizedBy(Authority.decision(..., plan.fingerprint(), ...)).execute();
 * }</pre>
 *
 * <p>A mutable builder, not thread-safe. Every plan that writes needs a recorded decision
 * approving its fingerprint.
 */
public final class SeedRollback {
    private final SeedDelta delta;
    private RunId runId;
    private CompensationTarget target;
    private String pathBRuling;
    private String voidVersionRuling;
    private Authority authority = Authority.none();
    private FailClosed failClosed = FailClosed.defaults();
    private TrustStore trust;
    private int requiredApprovers = 1;
    private final List<CompensationListener> listeners = new ArrayList<>();
    private CompensationPlan attempted;

    private SeedRollback(SeedDelta delta) {
        this.delta = delta;
    }

    /**
     * Starts a rollback of one seed delta.
     *
     * @param delta the delta, by exact identity
     * @return a new builder
     */
    public static SeedRollback of(SeedDelta delta) {
        return new SeedRollback(Checks.nonNull("delta", delta));
    }

    /**
     * The rollback run's id (required).
     *
     * @param runId the run id
     * @return this builder
     */
    public SeedRollback runId(String runId) {
        this.runId = RunId.of(runId);
        return this;
    }

    /**
     * The database (required).
     *
     * @param target the target
     * @return this builder
     */
    public SeedRollback on(CompensationTarget target) {
        this.target = Checks.nonNull("target", target);
        return this;
    }

    /**
     * Pre-approves path B (retire the parent to {@code deprecated}) should downstream references
     * exist (default: none, so such a rollback escalates with no write).
     *
     * @param decisionId the id of the explicit ruling
     * @return this builder
     */
    public SeedRollback pathBApprovedBy(String decisionId) {
        this.pathBRuling = Identifiers.require("pathBRuling", decisionId);
        return this;
    }

    /**
     * Separately pre-approves voiding the child version with a rollback note on path B (default:
     * none).
     *
     * @param decisionId the id of the separate ruling
     * @return this builder
     */
    public SeedRollback voidVersionApprovedBy(String decisionId) {
        this.voidVersionRuling = Identifiers.require("voidVersionRuling", decisionId);
        return this;
    }

    /**
     * The recorded decision approving the plan's fingerprint (default: none).
     *
     * @param authority the authority
     * @return this builder
     */
    public SeedRollback authorizedBy(Authority authority) {
        this.authority = Checks.nonNull("authority", authority);
        return this;
    }

    /**
     * The approvers' public keys (default: none). With a trust store, every rollback that writes
     * needs approvals signed with trusted keys ({@link Authority#signed}); an unsigned {@link
     * Authority#decision} is refused. Recommended in production.
     *
     * @param trust the trust store
     * @return this builder
     */
    public SeedRollback trusting(TrustStore trust) {
        this.trust = Checks.nonNull("trust", trust);
        return this;
    }

    /**
     * How many distinct approvers (distinct keys and approver ids) a rollback needs (default: 1; 2
     * is the two-person rule). Needs {@link #trusting(TrustStore)}.
     *
     * @param count at least 1
     * @return this builder
     * @throws InvalidInputException if {@code count} is less than 1
     */
    public SeedRollback requiredApprovers(int count) {
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
    public SeedRollback listener(CompensationListener listener) {
        listeners.add(Checks.nonNull("listener", listener));
        return this;
    }

    /**
     * Reads the evidence and plans; writes nothing.
     *
     * @return the plan
     */
    public CompensationPlan plan() {
        return CompensationPlanner.plan(request(), requireTarget().seedEvidence(delta));
    }

    /**
     * Plans and runs exactly the statements {@link #execute()} would in a transaction that is
     * always rolled back; never places a HOLD.
     *
     * @return the preview
     * @throws SchemaContractException if the database does not meet the binding's contract
     */
    public Preview preview() {
        SeedRollbackRequest request = request();
        CompensationTarget db = requireTarget();
        CompensationPlan plan = CompensationPlanner.plan(request, db.seedEvidence(delta));
        Observation observation = Observation.preview(plan.runId(), listeners);
        try {
            return observation.previewed(db.preview(new io.github.cutterrevert.spi.Execution(
                    plan,
                    source -> CompensationPlanner.plan(request, source.seedEvidence(delta)),
                    authority,
                    Optional.empty())));
        } catch (RuntimeException e) {
            observation.failed(Optional.of(plan), e);
            throw e;
        }
    }

    /**
     * Plans, checks the approval and executes in one transaction. An escalation or a failure
     * runs the fail-closed procedure (see {@link FailClosed}).
     *
     * <p>Before connecting it checks that the system is not on HOLD and that it could fail closed,
     * as {@link Compensator#execute()} does.
     *
     * @return the result: compensated, nothing to do, or refused (escalated, HOLD placed, {@link
     *     CompensationResult#escalation()} says where)
     * @throws OnHoldException if the system is on HOLD
     * @throws CannotFailClosedException if a place the fail-closed procedure writes to cannot be
     *     written; nothing was written to the database
     * @throws NotApprovedException if no recorded decision approves the plan's fingerprint
     * @throws ApprovalRefusedException if a signed approval is refused, or a trust store is
     *     configured and the decision is unsigned (nothing written, no HOLD)
     * @throws CutterRevertException for any failure during execution; rolled back, HOLD placed,
     *     {@link CutterRevertException#escalation()} says where
     */
    public CompensationResult execute() {
        // No run id: refused before anything is observed.
        RunId observed = request().runId();
        Observation observation = Observation.execute(observed, listeners);
        attempted = null;
        try {
            return observation.executed(decideAndExecute());
        } catch (RuntimeException e) {
            observation.failed(Optional.ofNullable(attempted), e);
            throw e;
        }
    }

    private CompensationResult decideAndExecute() {
        SeedRollbackRequest request = request();
        failClosed.requireReady(request.runId());
        failClosed.requireNotOnHold(request.runId());
        CompensationTarget db = requireTarget();
        CompensationPlan plan;
        try {
            plan = CompensationPlanner.plan(request, db.seedEvidence(delta));
            attempted = plan;
        } catch (InvalidInputException
                | InvalidPlanException
                | UnsupportedDatabaseException
                | SchemaContractException e) {
            // A wrong request or configuration: nothing was attempted, no HOLD.
            throw e;
        } catch (RuntimeException e) {
            // Reading the evidence failed: nothing was written, but the failure is unrecovered.
            failClosed.engageBeforePlan(db, request.runId(), e);
            throw e;
        }
        return switch (plan.kind()) {
            case NOTHING_TO_DO, DISCARD_AND_HOLD ->
                new CompensationResult(plan, new Verdict.NothingToDo(plan.rationale()), Map.of(), 0, Duration.ZERO);
            case ESCALATE -> {
                // STOP_AND_ESCALATE (seed 004, section 4): no compensating write, HOLD for a human.
                Verdict refused = new Verdict.Refused(plan.rationale());
                CompensationResult result = new CompensationResult(plan, refused, Map.of(), 0, Duration.ZERO);
                yield failClosed
                        .engage(db, plan.runId(), plan, authority, refused, null)
                        .map(result::withEscalation)
                        .orElse(result);
            }
            case COMPENSATE -> {
                ApprovalRules.requireTrustFor(plan.runId(), trust, requiredApprovers);
                plan.requireApproval(
                        ApprovalPolicy.REVIEWED,
                        authority,
                        Optional.ofNullable(trust),
                        requiredApprovers,
                        java.time.Instant.now());
                try {
                    yield db.execute(new io.github.cutterrevert.spi.Execution(
                            plan,
                            source -> CompensationPlanner.plan(request, source.seedEvidence(delta)),
                            authority,
                            Optional.empty(),
                            failClosed.holdStores()));
                } catch (LockBusyException
                        | NotApprovedException
                        | ApprovalRefusedException
                        | OnHoldException
                        | SchemaContractException e) {
                    throw e;
                } catch (RuntimeException e) {
                    failClosed.engage(db, plan.runId(), plan, authority, FailClosed.failed(e), e);
                    throw e;
                }
            }
        };
    }

    /**
     * Where HOLD, the kill switch, run state, snapshots and escalation bundles live (default:
     * {@link FailClosed#defaults()}).
     *
     * @param failClosed the fail-closed procedure
     * @return this builder
     */
    public SeedRollback failClosed(FailClosed failClosed) {
        this.failClosed = Checks.nonNull("failClosed", failClosed);
        return this;
    }

    private SeedRollbackRequest request() {
        if (runId == null) {
            throw new InvalidPlanException(
                    null, "run-id-given", "expected runId(...) for the rollback run but none was given");
        }
        return new SeedRollbackRequest(
                runId, delta, Optional.ofNullable(pathBRuling), Optional.ofNullable(voidVersionRuling));
    }

    private CompensationTarget requireTarget() {
        if (target == null) {
            throw new InvalidPlanException(runId, "target-given", "expected on(target) but no target was given");
        }
        return target;
    }
}
