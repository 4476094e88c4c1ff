package io.github.cutterrevert.internal;

import io.github.cutterrevert.ApprovalRefusedException;
import io.github.cutterrevert.CompensationPlan;
import io.github.cutterrevert.CompensationResult;
import io.github.cutterrevert.CutterRevertException;
import io.github.cutterrevert.HoldRelease;
import io.github.cutterrevert.LogicalTable;
import io.github.cutterrevert.NotApprovedException;
import io.github.cutterrevert.Observability;
import io.github.cutterrevert.Preview;
import io.github.cutterrevert.RunId;
import io.github.cutterrevert.StepFailedException;
import io.github.cutterrevert.Verdict;
import io.github.cutterrevert.internal.jfr.ApprovalRefusedEvent;
import io.github.cutterrevert.internal.jfr.CompensationEvent;
import io.github.cutterrevert.internal.jfr.HoldPlacedEvent;
import io.github.cutterrevert.internal.jfr.HoldReleasedEvent;
import io.github.cutterrevert.spi.CompensationListener;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * One {@code execute()} or {@code preview()} being observed: its JFR event, begun at the start and
 * committed at the end, and the listeners told what came of it. Not thread-safe: one per call.
 */
public final class Observation {
    private static final System.Logger LOG = System.getLogger(Observability.LOGGER_LISTENER);

    private final String action;
    private final RunId runId;
    private final List<CompensationListener> listeners;
    private final CompensationEvent event = new CompensationEvent();
    private final long started = System.nanoTime();

    private Observation(String action, RunId runId, List<CompensationListener> listeners) {
        this.action = action;
        this.runId = runId;
        this.listeners = List.copyOf(listeners);
        event.begin();
    }

    /**
     * Starts observing an {@code execute()}.
     *
     * @param runId the run
     * @param listeners the listeners to tell
     * @return the observation
     */
    public static Observation execute(RunId runId, List<CompensationListener> listeners) {
        return new Observation("execute", runId, listeners);
    }

    /**
     * Starts observing a {@code preview()}.
     *
     * @param runId the run
     * @param listeners the listeners to tell
     * @return the observation
     */
    public static Observation preview(RunId runId, List<CompensationListener> listeners) {
        return new Observation("preview", runId, listeners);
    }

    /**
     * Ends with a result: commits the event, tells the listeners.
     *
     * @param result the result about to be returned
     * @return the result
     */
    public CompensationResult executed(CompensationResult result) {
        describe(result.plan());
        event.verdict = switch (result.verdict()) {
            case Verdict.Compensated compensated -> "COMPENSATED";
            case Verdict.NothingToDo nothing -> "NOTHING_TO_DO";
            case Verdict.Refused refused -> "REFUSED";
            case Verdict.Failed failed -> "FAILED";
        };
        rows(result.rowsAffected());
        event.statements = result.statements();
        commit();
        tell(listener -> listener.executed(result));
        return result;
    }

    /**
     * Ends with a preview: commits the event, tells the listeners.
     *
     * @param preview the preview about to be returned
     * @return the preview
     */
    public Preview previewed(Preview preview) {
        describe(preview.plan());
        event.verdict = "PREVIEWED";
        rows(preview.rowsAffected());
        commit();
        Duration elapsed = elapsed();
        tell(listener -> listener.previewed(preview, elapsed));
        return preview;
    }

    /**
     * Ends with a failure about to be thrown: commits the event (the failure's type and SQLSTATE,
     * never its message), and for a refused approval an approval-refused event too; tells the
     * listeners.
     *
     * @param plan the plan, when there was one
     * @param failure the failure
     */
    public void failed(Optional<CompensationPlan> plan, RuntimeException failure) {
        plan.ifPresent(this::describe);
        event.verdict = "FAILED";
        event.error = failure.getClass().getSimpleName()
                + (failure instanceof StepFailedException step
                        ? step.sqlState().map(state -> " SQLSTATE " + state).orElse("")
                        : "");
        commit();
        Duration elapsed = elapsed();
        if (failure instanceof NotApprovedException || failure instanceof ApprovalRefusedException) {
            CutterRevertException refusal = (CutterRevertException) failure;
            ApprovalRefusedEvent refused = new ApprovalRefusedEvent();
            if (refused.shouldCommit()) {
                refused.runId = runId.value();
                refused.fingerprint = event.fingerprint;
                if (failure instanceof ApprovalRefusedException approval) {
                    refused.reason = approval.reason().name();
                    refused.decisionId = approval.decisionId().orElse(null);
                    refused.keyId = approval.keyId().orElse(null);
                } else {
                    refused.reason = "NOT_APPROVED";
                }
                refused.commit();
            }
            tell(listener -> listener.approvalRefused(runId, refusal));
        }
        tell(listener -> listener.failed(runId, failure, elapsed));
    }

    /**
     * Records a HOLD placed by the fail-closed procedure.
     *
     * @param runId the run
     * @param reason why
     * @param created whether this call created it
     */
    public static void holdPlaced(RunId runId, String reason, boolean created) {
        HoldPlacedEvent event = new HoldPlacedEvent();
        if (event.shouldCommit()) {
            event.runId = runId.value();
            event.reason = reason;
            event.created = created;
            event.commit();
        }
    }

    /**
     * Records an explicit HOLD release.
     *
     * @param release the release
     */
    public static void holdReleased(HoldRelease release) {
        HoldReleasedEvent event = new HoldReleasedEvent();
        if (event.shouldCommit()) {
            event.heldRunId = release.heldRunId().value();
            event.releasedBy = release.releasedBy();
            event.reason = release.reason();
            event.rearmed = release.killSwitchRearmed();
            event.commit();
        }
    }

    private void describe(CompensationPlan plan) {
        event.changeSet = plan.changeSet().map(cs -> cs.value()).orElse(null);
        event.subject = plan.subject();
        event.kind = plan.kind().name();
        event.mode = plan.mode().name();
        event.fingerprint = plan.fingerprint().value();
    }

    private void rows(Map<LogicalTable, Long> rows) {
        event.rows = rows.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey().name().toLowerCase(java.util.Locale.ROOT) + "=" + e.getValue())
                .collect(Collectors.joining(","));
        event.totalRows = rows.values().stream().mapToLong(Long::longValue).sum();
    }

    private void commit() {
        event.end();
        if (event.shouldCommit()) {
            event.action = action;
            event.runId = runId.value();
            event.commit();
        }
    }

    private Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - started);
    }

    private void tell(Consumer<CompensationListener> call) {
        for (CompensationListener listener : listeners) {
            try {
                call.accept(listener);
            } catch (RuntimeException e) {
                // A metrics problem must not change what the compensation did; it is not lost either.
                LOG.log(
                        Level.WARNING,
                        "run " + runId.value() + ": listener "
                                + listener.getClass().getName() + " threw "
                                + e.getClass().getSimpleName() + " (ignored, the outcome stands)",
                        e);
            }
        }
    }
}
