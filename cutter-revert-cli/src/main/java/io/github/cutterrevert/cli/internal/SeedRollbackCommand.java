package io.github.cutterrevert.cli.internal;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code seed-rollback plan|preview|script|approve|execute}: the seed-delta runbook (seed 004). */
@Command(
        name = "seed-rollback",
        description =
                "Roll back a registry seed delta by exact identity (path A, path B with rulings, or " + "escalate).",
        subcommands = {
            SeedRollbackCommand.Plan.class,
            SeedRollbackCommand.Preview.class,
            SeedRollbackCommand.Script.class,
            SeedRollbackCommand.Approve.class,
            SeedRollbackCommand.Execute.class
        })
final class SeedRollbackCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(
                spec.commandLine(), "seed-rollback needs a subcommand: plan, preview, script, approve or execute");
    }

    @Command(name = "plan", description = "Plan the seed rollback: summary and fingerprint. Writes nothing.")
    static final class Plan extends PlanAction {
        @Mixin
        SeedOptions seed;

        Plan(Context context) {
            super(context);
        }

        @Override
        Subject subject(Settings settings) {
            return seed.subject(settings);
        }
    }

    @Command(name = "preview", description = "Run the seed rollback in a transaction that is always rolled back.")
    static final class Preview extends PreviewAction {
        @Mixin
        SeedOptions seed;

        Preview(Context context) {
            super(context);
        }

        @Override
        Subject subject(Settings settings) {
            return seed.subject(settings);
        }
    }

    @Command(name = "script", description = "The seed rollback as a psql script, for review.")
    static final class Script extends ScriptAction {
        @Mixin
        SeedOptions seed;

        Script(Context context) {
            super(context);
        }

        @Override
        Subject subject(Settings settings) {
            return seed.subject(settings);
        }
    }

    @Command(name = "approve", description = "Approve the reviewed fingerprint of a seed rollback.")
    static final class Approve extends ApproveAction {
        @Mixin
        SeedOptions seed;

        Approve(Context context) {
            super(context);
        }

        @Override
        Subject subject(Settings settings) {
            return seed.subject(settings);
        }
    }

    @Command(name = "execute", description = "Execute the approved seed rollback in one transaction.")
    static final class Execute extends ExecuteAction {
        @Mixin
        SeedOptions seed;

        Execute(Context context) {
            super(context);
        }

        @Override
        Subject subject(Settings settings) {
            return seed.subject(settings);
        }
    }
}
