package io.github.cutterrevert.cli.internal;

import io.github.cutterrevert.Compensator;
import io.github.cutterrevert.InvalidInputException;
import io.github.cutterrevert.Phase;
import io.github.cutterrevert.PhaseOutcome;
import io.github.cutterrevert.RunHistory;
import io.github.cutterrevert.RunId;
import io.github.cutterrevert.jooq.PostgresTarget;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Option;

/** The options that name one failed cut and how to compensate it: a {@link Compensator}. */
final class CutOptions {
    @Option(names = "--run", required = true, paramLabel = "RUN", description = "The failed run")
    String run;

    @Option(
            names = "--failed-at",
            required = true,
            paramLabel = "PHASE",
            description = "The phase that failed: pre_write_backup, cut_leg_a, leg_b_record, write_verify, "
                    + "lifecycle_enact (the phases before it committed)")
    String failedAt;

    @Option(
            names = "--outcome",
            paramLabel = "PHASE=OUTCOME",
            description = "Override one phase's reported outcome: COMMITTED, ROLLED_BACK, NOT_STARTED, UNKNOWN")
    Map<String, String> outcomes = new LinkedHashMap<>();

    @Option(
            names = "--hard",
            description = "Hard delete, children before parents (default: soft revert; needs an approval)")
    boolean hard;

    @Option(names = "--soft-to", paramLabel = "STATUS", description = "Soft revert to this status (default: withdrawn)")
    String softTo;

    @Option(
            names = "--change-set",
            paramLabel = "ID",
            description = "The run's change set (default: the one cut_change_set records for the run)")
    String changeSet;

    @Option(
            names = "--revert-run",
            paramLabel = "RUN",
            description = "The revert run named in the compensating decision (default: <run>:revert)")
    String revertRun;

    @Option(
            names = "--backup-artifact",
            paramLabel = "FILE",
            description = "The run's backup artifact, discarded (renamed) when no database change is needed")
    Path backupArtifact;

    Subject subject(Settings settings) {
        if (hard && softTo != null) {
            throw new InvalidInputException("--hard", "not given together with --soft-to", "--hard --soft-to");
        }
        RunId runId = RunId.of(run);
        RunHistory history = RunHistory.failedAt(phase("--failed-at", failedAt));
        for (Map.Entry<String, String> outcome : outcomes.entrySet()) {
            history = history.withOutcome(phase("--outcome", outcome.getKey()), outcome(outcome.getValue()));
        }
        PostgresTarget target = settings.target();
        Compensator compensator =
                Compensator.forRun(runId).on(target).history(history).failClosed(settings.failClosed());
        if (hard) {
            compensator.hardDelete();
        }
        if (softTo != null) {
            compensator.softRevertTo(softTo);
        }
        if (changeSet != null) {
            compensator.changeSet(changeSet);
        }
        if (revertRun != null) {
            compensator.revertRunId(RunId.of(revertRun));
        }
        if (backupArtifact != null) {
            compensator.backupArtifact(backupArtifact);
        }
        settings.signer().ifPresent(compensator::signedBy);
        settings.trust().ifPresent(compensator::trusting);
        settings.requiredApprovers().ifPresent(compensator::requiredApprovers);
        return Subject.of(runId, target, compensator);
    }

    /** A phase by its runbook name, in any case, with {@code -} for {@code _}. */
    static Phase phase(String field, String name) {
        try {
            return Phase.ofRunbookName(name.strip().toLowerCase(Locale.ROOT).replace('-', '_'));
        } catch (InvalidInputException e) {
            throw new InvalidInputException(field, e.expected(), name);
        }
    }

    private static PhaseOutcome outcome(String name) {
        String wanted = name.strip().toUpperCase(Locale.ROOT).replace('-', '_');
        return Arrays.stream(PhaseOutcome.values())
                .filter(o -> o.name().equals(wanted))
                .findFirst()
                .orElseThrow(() -> new InvalidInputException(
                        "--outcome",
                        "one of "
                                + Arrays.stream(PhaseOutcome.values())
                                        .map(Enum::name)
                                        .collect(Collectors.joining(", ")),
                        name));
    }
}
