package io.github.cutterrevert;

import io.github.cutterrevert.spi.CompensationTarget;
import io.github.cutterrevert.spi.Execution;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An in-memory {@link CompensationTarget} for builder tests: not a database, it only hands out
 * evidence values and records what it was asked to do.
 */
final class FakeTarget implements CompensationTarget {
    Optional<ChangeSetId> recordedChangeSet = Optional.of(Fixtures.CS);
    CutEvidence cutEvidence = Fixtures.afterLegB(3, 2).build();
    SeedEvidence seedEvidence = Fixtures.seedClean();

    final List<CompensationPlan> executed = new ArrayList<>();
    final List<Authority> authorities = new ArrayList<>();
    final List<CompensationPlan> replanned = new ArrayList<>();
    final List<String> evidenceRequests = new ArrayList<>();
    final List<Optional<DecisionSigner>> signers = new ArrayList<>();
    int previews;
    /** When set, execute throws it after recording the call (an injected mid-compensation failure). */
    RuntimeException failure;

    /** Runs at the start of execute, after the compensator's checks (e.g. breaks a directory mid-run). */
    Runnable duringExecute = () -> {};

    @Override
    public Optional<ChangeSetId> changeSetOf(RunId runId) {
        evidenceRequests.add("changeSetOf " + runId);
        return recordedChangeSet;
    }

    @Override
    public CutEvidence cutEvidence(RunId runId, ChangeSetId changeSet) {
        evidenceRequests.add("cutEvidence " + runId + " " + changeSet);
        return cutEvidence;
    }

    @Override
    public SeedEvidence seedEvidence(SeedDelta delta) {
        evidenceRequests.add("seedEvidence " + delta.subject());
        return seedEvidence;
    }

    @Override
    public String render(CompensationPlan plan) {
        return "-- " + plan.fingerprint();
    }

    @Override
    public Preview preview(Execution execution) {
        CompensationPlan plan = execution.reviewed();
        previews++;
        return new Preview(plan, plan.expectedDeltas(), render(plan));
    }

    /** Behaves like a real target would: re-plans from (unchanged) evidence and compares fingerprints. */
    @Override
    public CompensationResult execute(Execution execution) {
        CompensationPlan reviewed = execution.reviewed();
        executed.add(reviewed);
        authorities.add(execution.authority());
        signers.add(execution.signer());
        duringExecute.run();
        if (failure != null) {
            throw failure;
        }
        CompensationPlan again = execution.replan().apply(this);
        replanned.add(again);
        Verdict verdict = again.fingerprint().equals(reviewed.fingerprint())
                ? new Verdict.Compensated()
                : new Verdict.Refused("the plan changed since review");
        return new CompensationResult(
                reviewed, verdict, Map.of(), reviewed.steps().size(), Duration.ZERO);
    }

    @Override
    public Snapshot snapshot(RunId runId, String kind) {
        return new Snapshot(runId, kind, Instant.EPOCH, "test", Map.of(), Map.of(), Map.of());
    }

    /** Writes a one-line stand-in for the JSON the jOOQ module writes, write-once like the real one. */
    @Override
    public Path writeSnapshot(Snapshot snapshot, Path rollbackDirectory) {
        Path file = rollbackDirectory.resolve(snapshot.runId().directoryName()).resolve(snapshot.kind() + ".json");
        io.github.cutterrevert.internal.AtomicFiles.createNew(
                snapshot.runId(),
                file,
                ("{\"kind\":\"" + snapshot.kind() + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return file;
    }
}
