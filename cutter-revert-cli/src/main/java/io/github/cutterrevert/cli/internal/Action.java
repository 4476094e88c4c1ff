package io.github.cutterrevert.cli.internal;

import io.github.cutterrevert.Authority;
import io.github.cutterrevert.cli.ExitCode;
import io.github.cutterrevert.jooq.ApprovalFile;
import java.nio.file.Path;
import java.util.List;
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

    /** The signed approvals in these files, or none. */
    static Authority authority(List<Path> approvalFiles) {
        if (approvalFiles.isEmpty()) {
            return Authority.none();
        }
        return Authority.signed(approvalFiles.stream().map(ApprovalFile::read).toList());
    }
}
