package io.github.cutterrevert.cli.internal;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The commands on one failed cut: plan, preview, script, approve, execute. */
final class CutCommands {
    private CutCommands() {}

    @Command(
            name = "plan",
            description = "Plan the compensation of a failed cut: summary and fingerprint. Writes nothing.")
    static final class Plan extends PlanAction {
        @Mixin
        CutOptions cut;

        Plan(Context context) {
            super(context);
        }

        @Override
        Subject subject(Settings settings) {
            return cut.subject(settings);
        }
    }

    @Command(
            name = "preview",
            description = "Run the plan in a transaction that is always rolled back: the real row counts.")
    static final class Preview extends PreviewAction {
        @Mixin
        CutOptions cut;

        Preview(Context context) {
            super(context);
        }

        @Override
        Subject subject(Settings settings) {
            return cut.subject(settings);
        }
    }

    @Command(name = "script", description = "The plan as a psql script, for review.")
    static final class Script extends ScriptAction {
        @Mixin
        CutOptions cut;

        Script(Context context) {
            super(context);
        }

        @Override
        Subject subject(Settings settings) {
            return cut.subject(settings);
        }
    }

    @Command(
            name = "approve",
            description = "Approve the reviewed fingerprint of a plan: writes an approval file for execute.")
    static final class Approve extends ApproveAction {
        @Mixin
        CutOptions cut;

        Approve(Context context) {
            super(context);
        }

        @Override
        Subject subject(Settings settings) {
            return cut.subject(settings);
        }
    }

    @Command(
            name = "execute",
            description =
                    "Execute the approved plan in one transaction; a refusal or failure puts the system " + "on HOLD.")
    static final class Execute extends ExecuteAction {
        @Mixin
        CutOptions cut;

        Execute(Context context) {
            super(context);
        }

        @Override
        Subject subject(Settings settings) {
            return cut.subject(settings);
        }
    }
}
