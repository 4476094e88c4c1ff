package io.github.cutterrevert.cli.internal;

import io.github.cutterrevert.RunId;
import io.github.cutterrevert.SeedDelta;
import io.github.cutterrevert.SeedRollback;
import io.github.cutterrevert.jooq.PostgresTarget;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Option;

/** The options that name one registry seed delta by exact identity: a {@link SeedRollback}. */
final class SeedOptions {
    @Option(names = "--run", required = true, paramLabel = "RUN", description = "The rollback run's id")
    String run;

    @Option(
            names = "--parent",
            required = true,
            paramLabel = "COLUMN=VALUE",
            description = "Identity of the source_document_registry row, e.g. source_document_ref=DOC-1 (repeat)")
    Map<String, String> parent;

    @Option(
            names = "--child",
            required = true,
            paramLabel = "COLUMN=VALUE",
            description = "Identity of the source_document_version_registry row (repeat)")
    Map<String, String> child;

    @Option(
            names = "--path-b-ruling",
            paramLabel = "DECISION",
            description = "Pre-approves path B (retire the document) when downstream references exist")
    String pathBRuling;

    @Option(
            names = "--void-version-ruling",
            paramLabel = "DECISION",
            description = "Separately pre-approves voiding the version on path B")
    String voidVersionRuling;

    Subject subject(Settings settings) {
        SeedDelta delta = new SeedDelta(new TreeMap<>(parent), new TreeMap<>(child));
        PostgresTarget target = settings.target();
        SeedRollback rollback = SeedRollback.of(delta).runId(run).on(target).failClosed(settings.failClosed());
        settings.trust().ifPresent(rollback::trusting);
        settings.requiredApprovers().ifPresent(rollback::requiredApprovers);
        if (pathBRuling != null) {
            rollback.pathBApprovedBy(pathBRuling);
        }
        if (voidVersionRuling != null) {
            rollback.voidVersionApprovedBy(voidVersionRuling);
        }
        return Subject.of(RunId.of(run), target, rollback);
    }
}
