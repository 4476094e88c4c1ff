package io.github.cutterrevert.cli.internal;

import io.github.cutterrevert.Authority;
import io.github.cutterrevert.CompensationPlan;
import io.github.cutterrevert.CompensationResult;
import io.github.cutterrevert.Compensator;
import io.github.cutterrevert.Preview;
import io.github.cutterrevert.RunId;
import io.github.cutterrevert.SeedRollback;
import io.github.cutterrevert.jooq.PostgresTarget;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What a plan, preview, script, approve or execute command works on: one failed cut ({@link
 * Compensator}) or one seed delta ({@link SeedRollback}), configured from the command's options.
 * Every method is the library's own call.
 */
record Subject(
        RunId runId,
        PostgresTarget target,
        Supplier<CompensationPlan> planner,
        Supplier<Preview> previewer,
        Function<Authority, CompensationResult> executor) {

    static Subject of(RunId runId, PostgresTarget target, Compensator compensator) {
        return new Subject(runId, target, compensator::plan, compensator::preview, a -> compensator
                .authorizedBy(a)
                .execute());
    }

    static Subject of(RunId runId, PostgresTarget target, SeedRollback rollback) {
        return new Subject(runId, target, rollback::plan, rollback::preview, a -> rollback.authorizedBy(a)
                .execute());
    }

    CompensationPlan plan() {
        return planner.get();
    }

    Preview preview() {
        return previewer.get();
    }

    CompensationResult execute(Authority authority) {
        return executor.apply(authority);
    }
}
