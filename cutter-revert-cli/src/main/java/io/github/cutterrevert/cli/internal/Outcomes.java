package io.github.cutterrevert.cli.internal;

import io.github.cutterrevert.ApprovalRefusedException;
import io.github.cutterrevert.CannotFailClosedException;
import io.github.cutterrevert.CompensationTimeoutException;
import io.github.cutterrevert.CutterRevertException;
import io.github.cutterrevert.DatabaseReadException;
import io.github.cutterrevert.InvalidInputException;
import io.github.cutterrevert.InvalidPlanException;
import io.github.cutterrevert.LockBusyException;
import io.github.cutterrevert.NotApprovedException;
import io.github.cutterrevert.OnHoldException;
import io.github.cutterrevert.OutcomeUnknownException;
import io.github.cutterrevert.PreconditionFailedException;
import io.github.cutterrevert.SchemaContractException;
import io.github.cutterrevert.StepFailedException;
import io.github.cutterrevert.StoreException;
import io.github.cutterrevert.UnsupportedDatabaseException;
import io.github.cutterrevert.Verdict;
import io.github.cutterrevert.cli.ExitCode;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The one mapping from the library's outcomes to exit codes: a verdict it returned, or the typed
 * exception it threw. Exhaustive over the sealed types, so a new outcome breaks the build here.
 */
final class Outcomes {
    private Outcomes() {}

    static ExitCode of(Verdict verdict) {
        return switch (verdict) {
            case Verdict.Compensated compensated -> ExitCode.OK;
            case Verdict.NothingToDo nothing -> ExitCode.OK;
            case Verdict.Refused refused -> ExitCode.REFUSED;
            case Verdict.Failed failed -> ExitCode.FAILED;
        };
    }

    static ExitCode of(CutterRevertException failure) {
        return switch (failure) {
            case InvalidInputException e -> ExitCode.INVALID_INPUT;
            case InvalidPlanException e -> ExitCode.INVALID_INPUT;
            case NotApprovedException e -> ExitCode.NOT_APPROVED;
            case ApprovalRefusedException e -> ExitCode.NOT_APPROVED;
            case OnHoldException e -> ExitCode.ON_HOLD;
            case LockBusyException e -> ExitCode.LOCK_BUSY;
            case PreconditionFailedException e -> ExitCode.FAILED;
            case StepFailedException e -> ExitCode.FAILED;
            case CompensationTimeoutException e -> ExitCode.FAILED;
            case OutcomeUnknownException e -> ExitCode.FAILED;
            case StoreException e -> ExitCode.FAILED;
            case CannotFailClosedException e -> ExitCode.INVALID_INPUT;
            // The configured database is a version the library refuses: nothing was read or written.
            case UnsupportedDatabaseException e -> ExitCode.INVALID_INPUT;
            // The database does not meet the binding: configuration, found before anything was written.
            case SchemaContractException e -> ExitCode.INVALID_INPUT;
            case DatabaseReadException e -> ExitCode.FAILED;
        };
    }

    /** What a human should do next, per exit code. */
    static String hint(ExitCode code) {
        return switch (code) {
            case OK -> "";
            case FAILED ->
                "nothing partial was committed; if this was execute, the system is on HOLD: run 'status', read the "
                        + "escalation bundle, decide, then 'release'";
            case INVALID_INPUT -> "correct the arguments or configuration; nothing was read or written";
            case REFUSED -> "a human must decide: the system is on HOLD; run 'status' and read the escalation bundle";
            case ON_HOLD ->
                "run 'status' to see the HOLD, decide with the reviewer, then "
                        + "'release --by <who> --reason <why> [--rearm]'";
            case NOT_APPROVED -> "run 'plan', review it, and 'approve' its fingerprint; nothing was written";
            case LOCK_BUSY -> "another session is compensating the same subject; wait for it and plan again";
            case CHAIN_BROKEN -> "the ledger's signed chain has a bad entry: escalate; do not compensate further";
        };
    }

    /** The error document of a failure: its type, exit code and the context it carries. */
    static Map<String, Object> document(ExitCode code, RuntimeException failure) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("type", failure.getClass().getSimpleName());
        error.put("message", String.valueOf(failure.getMessage()));
        if (failure instanceof CutterRevertException library) {
            library.runId().ifPresent(run -> error.put("run", run.value()));
            switch (library) {
                case InvalidInputException e -> {
                    error.put("field", e.field());
                    error.put("expected", e.expected());
                }
                case InvalidPlanException e -> error.put("rule", e.rule());
                case NotApprovedException e -> {
                    error.put("plan_fingerprint", e.planFingerprint().value());
                    e.approvedFingerprint().ifPresent(f -> error.put("approved_fingerprint", f.value()));
                }
                case ApprovalRefusedException e -> {
                    error.put("reason", e.reason().name());
                    e.decisionId().ifPresent(id -> error.put("decision_id", id));
                    e.keyId().ifPresent(id -> error.put("key_id", id));
                }
                case OnHoldException e -> {
                    error.put("held_run", e.heldRunId().value());
                    error.put("hold_reason", e.reason());
                    error.put("hold_location", e.hold().location());
                }
                case LockBusyException e -> error.put("lock_subject", e.lockSubject());
                case PreconditionFailedException e -> {
                    error.put("expected", e.expected());
                    error.put("actual", e.actual());
                }
                case StepFailedException e -> {
                    error.put("step", e.stepIndex());
                    error.put("table", e.table());
                    e.sqlState().ifPresent(state -> error.put("sqlstate", state));
                }
                case CompensationTimeoutException e -> error.put("sqlstate", e.sqlState());
                case OutcomeUnknownException e -> error.put("transaction_id", e.transactionId());
                case StoreException e -> error.put("path", e.path().toString());
                case CannotFailClosedException e -> {
                    error.put("location", e.location());
                    error.put("reason", e.reason());
                }
                case UnsupportedDatabaseException e -> {
                    error.put("found_version", e.foundVersion());
                    error.put("minimum_major", e.minimumMajor());
                }
                case SchemaContractException e -> {
                    error.put(
                            "problems",
                            e.problems().stream().map(Object::toString).toList());
                    e.sqlState().ifPresent(state -> error.put("sqlstate", state));
                }
                case DatabaseReadException e -> {
                    error.put("read", e.what());
                    e.sqlState().ifPresent(state -> error.put("sqlstate", state));
                }
            }
        }
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("outcome", code.name().toLowerCase(Locale.ROOT));
        document.put("exit_code", code.code());
        document.put("error", error);
        String hint = hint(code);
        if (!hint.isEmpty()) {
            document.put("next", hint);
        }
        return document;
    }

    static Text text(ExitCode code, RuntimeException failure) {
        Text text = new Text();
        text.raw("cutter-revert: " + code.name().toLowerCase(Locale.ROOT).replace('_', ' ') + " (exit " + code.code()
                + "): " + failure.getMessage());
        String hint = hint(code);
        if (!hint.isEmpty()) {
            text.raw("  next: " + hint);
        }
        return text;
    }
}
