package io.github.cutterrevert.internal;

import io.github.cutterrevert.CompensationPlan;
import io.github.cutterrevert.Fingerprint;
import io.github.cutterrevert.LogicalTable;
import io.github.cutterrevert.PlanStep;
import io.github.cutterrevert.Precondition;
import io.github.cutterrevert.RowSelector;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The two textual forms of a plan: the canonical encoding behind its fingerprint, and the
 * summary a reviewer reads. Not API.
 */
public final class PlanText {
    /** Bump when the canonical encoding changes: old approvals then no longer match. */
    static final String ENCODING_VERSION = "cutter-revert-plan/1";

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]*");
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_.:/@+-]+");

    /** The last two plans fingerprinted, newest first (see {@link #fingerprint}). */
    private static volatile Remembered[] remembered = new Remembered[2];

    private record Remembered(CompensationPlan plan, Fingerprint fingerprint) {}

    private PlanText() {}

    /**
     * SHA-256 over the canonical encoding.
     *
     * @param plan the plan
     * @return its fingerprint
     */
    public static Fingerprint fingerprint(CompensationPlan plan) {
        // A plan is immutable, so the same instance always has the same fingerprint: the last two
        // are remembered by identity (execute() asks for the reviewed and the re-made plan's several
        // times).
        Remembered[] memo = remembered;
        for (Remembered r : memo) {
            if (r != null && r.plan() == plan) {
                return r.fingerprint();
            }
        }
        Fingerprint fingerprint;
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256").digest(canonical(plan).getBytes(StandardCharsets.UTF_8));
            fingerprint = new Fingerprint(HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
        remembered = new Remembered[] {new Remembered(plan, fingerprint), memo[0]};
        return fingerprint;
    }

    /**
     * The canonical encoding: one field per line, every string length-prefixed, so no two
     * different plans encode alike. Everything that affects what the plan does is in it; the
     * rationale (prose) is not.
     *
     * @param plan the plan
     * @return the encoding
     */
    public static String canonical(CompensationPlan plan) {
        Canonical out = new Canonical();
        out.field("encoding", ENCODING_VERSION);
        out.field("run", plan.runId().value());
        out.field("revert-run", plan.revertRunId().value());
        out.field("subject", plan.subject());
        out.field("change-set", plan.changeSet().map(cs -> cs.value()).orElse(""));
        out.field("kind", plan.kind().name());
        out.field("mode", plan.mode().name());
        out.field("preconditions", Integer.toString(plan.preconditions().size()));
        for (Precondition precondition : plan.preconditions()) {
            out.field("precondition", describe(precondition));
        }
        out.field("steps", Integer.toString(plan.steps().size()));
        for (PlanStep step : plan.steps()) {
            out.field("step", describe(step));
        }
        for (Map.Entry<LogicalTable, Long> delta : plan.expectedDeltas().entrySet()) {
            out.field("delta", delta.getKey().name() + "=" + delta.getValue());
        }
        return out.toString();
    }

    /**
     * The reviewer's summary.
     *
     * @param plan the plan
     * @return the summary text
     */
    public static String summary(CompensationPlan plan) {
        StringBuilder out = new StringBuilder();
        out.append("Compensation plan for run ")
                .append(plan.runId().value())
                .append(" (")
                .append(plan.subject())
                .append(")\n");
        out.append("  kind:        ").append(plan.kind()).append('\n');
        out.append("  mode:        ").append(plan.mode()).append('\n');
        out.append("  revert run:  ").append(plan.revertRunId().value()).append('\n');
        out.append("  fingerprint: ").append(plan.fingerprint().value()).append('\n');
        out.append("  why:         ").append(plan.rationale()).append('\n');
        if (!plan.preconditions().isEmpty()) {
            out.append("  preconditions:\n");
            for (Precondition precondition : plan.preconditions()) {
                out.append("    - ").append(describe(precondition)).append('\n');
            }
        }
        out.append("  steps:\n");
        if (plan.steps().isEmpty()) {
            out.append("    (none)\n");
        }
        int n = 1;
        for (PlanStep step : plan.steps()) {
            // Locale.ROOT and '\n': the text must not depend on the JVM's locale or platform.
            out.append(String.format(Locale.ROOT, "    %2d. %s\n", n++, describe(step)));
        }
        if (!plan.expectedDeltas().isEmpty()) {
            out.append("  expected row-count deltas:\n");
            plan.expectedDeltas()
                    .forEach((table, delta) -> out.append(String.format(
                            Locale.ROOT, "    %-50s %+d\n", table.defaultSchema() + "." + table.defaultName(), delta)));
        }
        return out.toString();
    }

    /**
     * One line describing a precondition.
     *
     * @param precondition the precondition
     * @return the description
     */
    public static String describe(Precondition precondition) {
        return switch (precondition) {
            case Precondition.NoUnitEnacted p ->
                "no-unit-enacted: no unit of change set "
                        + literal(p.changeSet().value()) + " is enacted";
            case Precondition.AllUnitsDraft p ->
                "all-units-draft: every unit of change set "
                        + literal(p.changeSet().value()) + " is draft";
            case Precondition.IdentityMatch p ->
                "identity-match: exactly 1 row of " + table(p.table()) + " where " + identity(p.identity());
            case Precondition.NoDownstreamReferences p ->
                "no-downstream-references: no other table references the rows of " + table(p.table());
            case Precondition.ExactRowDelta p ->
                // Locale.ROOT: a default locale with other digits would change the fingerprint.
                String.format(Locale.ROOT, "exact-row-delta: %s changes by %+d rows", table(p.table()), p.delta());
            case Precondition.ImmutabilityTriggersEnabled p -> "immutability-triggers-enabled: " + list(p.triggers());
            case Precondition.EnactFunctionsPresent p -> "enact-functions-present: " + list(p.functions());
            case Precondition.StatusAllowed p ->
                "status-allowed: " + table(p.table()) + " allows status " + quote(p.status());
            case Precondition.NotOnHold p -> "not-on-hold";
        };
    }

    /**
     * One line describing a step.
     *
     * @param step the step
     * @return the description
     */
    public static String describe(PlanStep step) {
        return switch (step) {
            case PlanStep.Guard g -> "guard " + describe(g.precondition());
            case PlanStep.SoftRevert s ->
                "soft revert " + table(s.table()) + " " + describe(s.rows()) + ": " + identifier(s.column()) + " "
                        + quote(s.fromStatus()) + " -> " + quote(s.toStatus()) + ", expect exactly " + s.expectedRows()
                        + " row(s)"
                        + s.note().map(note -> ", note " + quote(note)).orElse("");
            case PlanStep.HardDelete d ->
                "hard delete " + table(d.table()) + " " + describe(d.rows()) + " (no CASCADE), expect exactly "
                        + d.expectedRows() + " row(s)";
            case PlanStep.LedgerAppend a ->
                "ledger append review_decision '" + io.github.cutterrevert.CompensatingDecision.REVERTED
                        + "' for change set " + literal(a.decision().changeSet().value()) + " naming revert run "
                        + literal(a.decision().revertRunId().value())
                        + ", expect exactly 1 row";
            case PlanStep.DiscardBackup b ->
                "discard the backup artifact of run " + literal(b.runId().value());
            case PlanStep.Hold h -> "HOLD: " + h.reason();
            case PlanStep.Escalate e -> "ESCALATE to the sovereign: " + e.reason();
        };
    }

    private static String describe(RowSelector rows) {
        return switch (rows) {
            case RowSelector.OfChangeSet c ->
                "rows of change set " + literal(c.changeSet().value());
            case RowSelector.ByIdentity i -> "rows where " + identity(i.identity());
        };
    }

    // Every value is written so that it cannot be mistaken for the text around it: two different
    // plans must never describe alike, since the description is what the fingerprint covers.

    /** A value, SQL-quoted with doubled quotes, e.g. {@code 'it''s'}. */
    private static String quote(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    /** A value as is when it is plain (no space, quote or comma), quoted otherwise. */
    private static String literal(String value) {
        return PLAIN.matcher(value).matches() ? value : quote(value);
    }

    /** A column name as is when it is a lower-case identifier, double-quoted otherwise. */
    private static String identifier(String name) {
        return IDENTIFIER.matcher(name).matches() ? name : "\"" + name.replace("\"", "\"\"") + "\"";
    }

    private static String identity(Map<String, String> identity) {
        return identity.entrySet().stream()
                .map(e -> identifier(e.getKey()) + "=" + quote(e.getValue()))
                .collect(Collectors.joining(", ", "{", "}"));
    }

    private static String list(List<String> names) {
        return names.stream().map(PlanText::literal).collect(Collectors.joining(", ", "[", "]"));
    }

    private static String table(LogicalTable table) {
        return table.defaultSchema() + "." + table.defaultName();
    }

    /** Length-prefixed field encoding. */
    private static final class Canonical {
        private final StringBuilder out = new StringBuilder();

        void field(String key, String value) {
            out.append(key)
                    .append(':')
                    .append(value.length())
                    .append(':')
                    .append(value)
                    .append('\n');
        }

        @Override
        public String toString() {
            return out.toString();
        }
    }
}
