package io.github.cutterrevert.cli.internal;

import io.github.cutterrevert.cli.ExitCode;
import io.github.cutterrevert.jooq.PostgresTarget;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;

/**
 * {@code validate}: {@link PostgresTarget#validate()}, the database checked against the binding
 * before anything is planned; every problem at once. Reads only.
 */
@Command(
        name = "validate",
        description = "Check the database against the binding (tables, columns, triggers, functions, statuses, "
                + "privileges); lists every problem, exit 2. Reads only.")
final class ValidateCommand extends Action {
    ValidateCommand(Context context) {
        super(context);
    }

    @Override
    ExitCode run(Settings settings, Output output) {
        PostgresTarget target = settings.target();
        target.validate();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("valid", true);
        settings.database().ifPresent(db -> json.put("database", db));
        output.report(
                json,
                new Text()
                        .title("schema contract")
                        .field("database", settings.database().orElse("(not configured)"))
                        .field(
                                "contract",
                                "holds: every table, column, trigger, function, status and privilege "
                                        + "the library needs is there"));
        return ExitCode.OK;
    }
}
