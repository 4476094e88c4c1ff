package io.github.cutterrevert.cli.internal;

import io.github.cutterrevert.cli.ExitCode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/**
 * A command that does something: resolves its settings, runs, prints its report and answers its
 * exit code. Failures are thrown and printed by {@link Cli} in the same output form.
 */
abstract class Action implements Callable<Integer> {
    @Mixin
    Common common;

    final Context context;

    Action(Context context) {
        this.context = context;
    }

    @Override
    public final Integer call() {
        Settings settings = Settings.of(common, context);
        return run(settings, new Output(context, settings.json())).code();
    }

    boolean json() {
        return common != null && common.json;
    }

    abstract ExitCode run(Settings settings, Output output);
}
