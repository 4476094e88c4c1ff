package io.github.cutterrevert.failclosed;

import io.github.cutterrevert.ChangeSetId;
import io.github.cutterrevert.CompensationPlan;
import io.github.cutterrevert.CompensationResult;
import io.github.cutterrevert.CutEvidence;
import io.github.cutterrevert.Preview;
import io.github.cutterrevert.RunId;
import io.github.cutterrevert.SeedDelta;
import io.github.cutterrevert.SeedEvidence;
import io.github.cutterrevert.Snapshot;
import io.github.cutterrevert.spi.CompensationTarget;
import io.github.cutterrevert.spi.Execution;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A delegating target that counts {@link #execute} and {@link #writeSnapshot} calls and can run
 * something just before {@code execute} reaches the real target. Thread-safe when the hook is.
 */
public final class CountingTarget implements CompensationTarget {
    /** How often execute was called. */
    public final AtomicInteger executes = new AtomicInteger();

    /** How often writeSnapshot was called. */
    public final AtomicInteger snapshotsWritten = new AtomicInteger();

    private final CompensationTarget target;
    private volatile Runnable beforeExecute = () -> {};

    /**
     * Wraps a target.
     *
     * @param target the real target
     */
    public CountingTarget(CompensationTarget target) {
        this.target = target;
    }

    /**
     * Runs {@code hook} once, at the start of the next {@code execute}.
     *
     * @param hook what to run
     * @return this
     */
    public CountingTarget beforeNextExecute(Runnable hook) {
        this.beforeExecute = () -> {
            this.beforeExecute = () -> {};
            hook.run();
        };
        return this;
    }

    @Override
    public CompensationResult execute(Execution execution) {
        executes.incrementAndGet();
        beforeExecute.run();
        return target.execute(execution);
    }

    @Override
    public Path writeSnapshot(Snapshot snapshot, Path rollbackDirectory) {
        snapshotsWritten.incrementAndGet();
        return target.writeSnapshot(snapshot, rollbackDirectory);
    }

    @Override
    public String render(CompensationPlan plan) {
        return target.render(plan);
    }

    @Override
    public String render(CompensationPlan plan, io.github.cutterrevert.Authority authority) {
        return target.render(plan, authority);
    }

    @Override
    public Preview preview(Execution execution) {
        return target.preview(execution);
    }

    @Override
    public Snapshot snapshot(RunId runId, String kind) {
        return target.snapshot(runId, kind);
    }

    @Override
    public Optional<ChangeSetId> changeSetOf(RunId runId) {
        return target.changeSetOf(runId);
    }

    @Override
    public CutEvidence cutEvidence(RunId runId, ChangeSetId changeSet) {
        return target.cutEvidence(runId, changeSet);
    }

    @Override
    public SeedEvidence seedEvidence(SeedDelta delta) {
        return target.seedEvidence(delta);
    }
}
