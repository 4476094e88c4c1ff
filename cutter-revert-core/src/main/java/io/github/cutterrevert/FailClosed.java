package io.github.cutterrevert;

import io.github.cutterrevert.internal.AtomicFiles;
import io.github.cutterrevert.internal.FileKillSwitch;
import io.github.cutterrevert.internal.FileRunStateStore;
import io.github.cutterrevert.spi.KillSwitch;
import io.github.cutterrevert.spi.RunStateStore;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * The fail-closed procedure of seed 000, section 5, applied by {@link Compensator} and {@link
 * SeedRollback} on any unrecovered failure (a refusal that needs a human, or a failure
 * mid-compensation):
 *
 * <ol>
 *   <li>the kill switch goes off ({@code execution_enabled = false});
 *   <li>the run state becomes {@code STOPPED} with the last error, written atomically under an
 *       exclusive file lock;
 *   <li>{@code <locks>/HOLD} is created with the run id and reason (create-new: never overwritten,
 *       never deleted by the library on its own);
 *   <li>a post-failure snapshot is written write-once to {@code <rollback>/<run>/post.json};
 *   <li>nothing is retried; an escalation bundle ({@code escalation.txt} and {@code
 *       escalation.sql}) sits beside {@code pre.json} and {@code post.json}.
 * </ol>
 *
 * <p>While the HOLD file exists every mutating call refuses with {@link OnHoldException};
 * planning and preview still work. {@link #release} is the only way out, and it is recorded.
 *
 * <pre>{@code
 * FailClosed failClosed = FailClosed.builder()
 *     .rollbackDirectory(Path.of("/var/lib/cutter/rollback"))   // default
 *     .locksDirectory(Path.of("/var/lib/cutter/locks"))         // default
 *     .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe; the stores it uses must be thread-safe too.
 */
public final class FailClosed {
    /** The runbook's rollback directory. */
    public static final Path DEFAULT_ROLLBACK_DIRECTORY = Path.of("/var/lib/cutter/rollback");

    /** The runbook's locks directory. */
    public static final Path DEFAULT_LOCKS_DIRECTORY = Path.of("/var/lib/cutter/locks");

    private final Path rollbackDirectory;
    private final Path locksDirectory;
    private final KillSwitch killSwitch;
    private final RunStateStore runState;
    private final Clock clock;

    private FailClosed(Builder builder) {
        this.rollbackDirectory = builder.rollbackDirectory;
        this.locksDirectory = builder.locksDirectory;
        this.killSwitch = builder.killSwitch != null ? builder.killSwitch : new FileKillSwitch(locksDirectory);
        this.runState = builder.runState != null ? builder.runState : new FileRunStateStore(rollbackDirectory);
        this.clock = builder.clock;
    }

    /**
     * The runbook's defaults: files under {@code /var/lib/cutter/rollback} and {@code
     * /var/lib/cutter/locks}.
     *
     * @return the procedure
     */
    public static FailClosed defaults() {
        return builder().build();
    }

    /**
     * File-backed stores in the given directories.
     *
     * @param rollbackDirectory where per-run snapshots, state and bundles go
     * @param locksDirectory where {@code HOLD} and {@code execution_enabled} go
     * @return the procedure
     */
    public static FailClosed inDirectories(Path rollbackDirectory, Path locksDirectory) {
        return builder()
                .rollbackDirectory(rollbackDirectory)
                .locksDirectory(locksDirectory)
                .build();
    }

    /**
     * A builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Where per-run snapshots, state and bundles go.
     *
     * @return the rollback directory
     */
    public Path rollbackDirectory() {
        return rollbackDirectory;
    }

    /**
     * Where {@code HOLD} and the file kill switch go.
     *
     * @return the locks directory
     */
    public Path locksDirectory() {
        return locksDirectory;
    }

    /**
     * The directory of one run: {@code <rollback>/<run.directoryName()>}.
     *
     * @param runId the run
     * @return the directory
     */
    public Path runDirectory(RunId runId) {
        return rollbackDirectory.resolve(runId.directoryName());
    }

    /**
     * The kill switch.
     *
     * @return the kill switch
     */
    public KillSwitch killSwitch() {
        return killSwitch;
    }

    /**
     * The run-state store.
     *
     * @return the store
     */
    public RunStateStore runState() {
        return runState;
    }

    /**
     * The current HOLD, if any.
     *
     * @return the HOLD's content, empty when not on HOLD
     */
    public Optional<HoldNotice> hold() {
        Path file = holdFile();
        try {
            Properties properties = new Properties();
            properties.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
            return Optional.of(new HoldNotice(
                    RunId.of(properties.getProperty("run_id")),
                    properties.getProperty("reason", ""),
                    Instant.parse(properties.getProperty("created_at")),
                    file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            // An unreadable HOLD file is still a HOLD: fail closed.
            return Optional.of(new HoldNotice(
                    RunId.of("unknown"), "unreadable HOLD file: " + e.getClass().getSimpleName(), Instant.EPOCH, file));
        }
    }

    /**
     * Refuses when on HOLD.
     *
     * @param runId the run whose mutating call is being checked
     * @throws OnHoldException if a HOLD exists
     */
    public void requireNotOnHold(RunId runId) {
        Optional<HoldNotice> hold = hold();
        if (hold.isPresent()) {
            throw new OnHoldException(runId, hold.get().runId(), hold.get().reason());
        }
    }

    /**
     * Releases the HOLD explicitly: writes a release record beside the held run's escalation
     * bundle, moves the HOLD file there as {@code HOLD.released} (it is kept, not deleted) and
     * re-arms the kill switch only when asked.
     *
     * @param releasedBy who releases it (1 to 200 printable characters)
     * @param reason why (non-blank)
     * @param rearmKillSwitch whether to turn execution back on
     * @return the release record
     * @throws InvalidPlanException if there is no HOLD
     */
    public HoldRelease release(String releasedBy, String reason, boolean rearmKillSwitch) {
        String who = Identifiers.require("releasedBy", releasedBy);
        if (reason == null || reason.isBlank()) {
            throw new InvalidInputException("reason", "a non-blank reason for releasing the HOLD", reason);
        }
        HoldNotice hold = hold().orElseThrow(() ->
                new InvalidPlanException(null, "hold-present", "expected a HOLD to release but found none"));
        Instant now = clock.instant();
        Path runDirectory = runDirectory(hold.runId());
        Path record = AtomicFiles.firstFree(runDirectory, "hold-release", ".txt");
        String content = "HOLD released\nheld_run_id=" + hold.runId().value() + "\nhold_reason=" + hold.reason()
                + "\nreleased_by=" + who + "\nreason=" + reason + "\nreleased_at=" + now
                + "\nkill_switch_rearmed=" + rearmKillSwitch + "\n";
        AtomicFiles.createNew(hold.runId(), record, content.getBytes(StandardCharsets.UTF_8));
        Path kept = AtomicFiles.firstFree(runDirectory, "HOLD.released", "");
        try {
            Files.move(hold.file(), kept, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new StoreException(
                    hold.runId(), hold.file(), "expected to move the HOLD file to " + kept + " but could not", e);
        }
        if (rearmKillSwitch) {
            killSwitch.enable(who, reason);
        }
        return new HoldRelease(hold.runId(), who, reason, now, rearmKillSwitch, record);
    }

    /**
     * Runs the five steps. Each step is attempted even when an earlier one fails; failures are
     * collected in {@link Escalation#problems()}.
     */
    Escalation engage(
            RunId runId,
            Verdict verdict,
            Optional<CompensationPlan> plan,
            Supplier<String> sql,
            Supplier<Path> postSnapshot) {
        String reason =
                switch (verdict) {
                    case Verdict.Refused refused -> "refused: " + refused.reason();
                    case Verdict.Failed failed -> "failed: " + failed.error();
                    case Verdict.NothingToDo nothing -> nothing.reason();
                    case Verdict.Compensated compensated -> "compensated";
                };
        List<String> problems = new ArrayList<>();
        Instant now = clock.instant();
        attempt(problems, "kill switch", () -> killSwitch.disable(runId, reason));
        attempt(
                problems,
                "run state",
                () -> runState.write(new RunState(runId, RunState.State.STOPPED, Optional.of(reason), now)));
        boolean[] created = {false};
        attempt(problems, "HOLD", () -> {
            String hold =
                    "run_id=" + oneLine(runId.value()) + "\nreason=" + oneLine(reason) + "\ncreated_at=" + now + "\n";
            if (Files.exists(holdFile())) {
                problems.add("HOLD: a HOLD already exists; it was left unchanged");
                return;
            }
            AtomicFiles.createNew(runId, holdFile(), hold.getBytes(StandardCharsets.UTF_8));
            created[0] = true;
        });
        Path[] post = {null};
        attempt(problems, "post-failure snapshot", () -> post[0] = postSnapshot.get());
        String[] script = {"-- the plan's SQL could not be rendered"};
        attempt(problems, "plan SQL", () -> {
            if (plan.isPresent()) {
                script[0] = sql.get();
            }
        });
        Path runDirectory = runDirectory(runId);
        Path bundle = AtomicFiles.firstFree(runDirectory, "escalation", ".txt");
        String text = bundleText(runId, verdict, plan, post[0], problems, now);
        AtomicFiles.createNew(runId, bundle, text.getBytes(StandardCharsets.UTF_8));
        Path sqlFile = AtomicFiles.firstFree(runDirectory, "escalation", ".sql");
        AtomicFiles.createNew(
                runId,
                sqlFile,
                (plan.isPresent() ? script[0] : "-- no plan: nothing to run\n").getBytes(StandardCharsets.UTF_8));
        return new Escalation(runId, verdict, created[0], Optional.ofNullable(post[0]), bundle, problems);
    }

    private Path holdFile() {
        return locksDirectory.resolve("HOLD");
    }

    private static void attempt(List<String> problems, String step, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            problems.add(step + ": " + e.getMessage());
        }
    }

    private static String oneLine(String text) {
        return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
    }

    private String bundleText(
            RunId runId,
            Verdict verdict,
            Optional<CompensationPlan> plan,
            Path post,
            List<String> problems,
            Instant now) {
        StringBuilder out = new StringBuilder();
        out.append("cutter-revert escalation bundle\n");
        out.append("==============================\n");
        out.append("run:           ").append(runId.value()).append('\n');
        out.append("at:            ").append(now).append('\n');
        switch (verdict) {
            case Verdict.Refused refused ->
                out.append("verdict:       REFUSED (a human must decide)\nreason:        ")
                        .append(refused.reason())
                        .append('\n');
            case Verdict.Failed failed -> {
                out.append("verdict:       FAILED (rolled back; nothing partial was committed)\nerror:         ")
                        .append(failed.error())
                        .append('\n');
                failed.sqlState()
                        .ifPresent(state ->
                                out.append("sqlstate:      ").append(state).append('\n'));
            }
            case Verdict.NothingToDo nothing ->
                out.append("verdict:       HOLD\nreason:        ")
                        .append(nothing.reason())
                        .append('\n');
            case Verdict.Compensated compensated -> out.append("verdict:       COMPENSATED\n");
        }
        plan.ifPresent(p ->
                out.append("fingerprint:   ").append(p.fingerprint().value()).append('\n'));
        out.append("pre.json:      ")
                .append(runDirectory(runId).resolve("pre.json"))
                .append('\n');
        out.append("post.json:     ")
                .append(post == null ? "(not written, see problems)" : post.toString())
                .append('\n');
        out.append("HOLD:          ").append(holdFile()).append('\n');
        out.append("kill switch:   execution_enabled = false\n");
        if (!problems.isEmpty()) {
            out.append("\nproblems while failing closed:\n");
            problems.forEach(problem -> out.append("  - ").append(problem).append('\n'));
        }
        plan.ifPresent(p -> out.append("\nplan\n----\n").append(p.summary()));
        out.append(
                "\nthe plan's SQL is in the escalation .sql file beside this one (for reading; do not run it blindly)\n");
        out.append("\nwhat a human can do next\n------------------------\n");
        out.append("1. Nothing was retried and nothing will be: compare pre.json with post.json.\n");
        out.append("2. Decide with the sovereign/reviewer: fix the cause, or approve a different plan\n");
        out.append("   (soft revert, hard delete with a recorded decision, or leave the data as it is).\n");
        out.append("3. Release the HOLD explicitly, recording who and why:\n");
        out.append(
                "   FailClosed.inDirectories(rollback, locks).release(\"<who>\", \"<why>\", <re-arm kill switch?>)\n");
        out.append("4. Plan again (the plan is re-derived from the database) and execute with the new approval.\n");
        return out.toString();
    }

    /**
     * Builds a {@link FailClosed}. Mutable, not thread-safe.
     */
    public static final class Builder {
        private Path rollbackDirectory = DEFAULT_ROLLBACK_DIRECTORY;
        private Path locksDirectory = DEFAULT_LOCKS_DIRECTORY;
        private KillSwitch killSwitch;
        private RunStateStore runState;
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        /**
         * Where per-run snapshots, state and bundles go (default: {@code /var/lib/cutter/rollback}).
         *
         * @param directory the directory
         * @return this builder
         */
        public Builder rollbackDirectory(Path directory) {
            this.rollbackDirectory = Compensator.require("rollbackDirectory", directory);
            return this;
        }

        /**
         * Where {@code HOLD} and the file kill switch go (default: {@code /var/lib/cutter/locks}).
         *
         * @param directory the directory
         * @return this builder
         */
        public Builder locksDirectory(Path directory) {
            this.locksDirectory = Compensator.require("locksDirectory", directory);
            return this;
        }

        /**
         * The kill switch (default: the file {@code <locks>/execution_enabled}).
         *
         * @param killSwitch the kill switch
         * @return this builder
         */
        public Builder killSwitch(KillSwitch killSwitch) {
            this.killSwitch = Compensator.require("killSwitch", killSwitch);
            return this;
        }

        /**
         * The run-state store (default: {@code <rollback>/<run>/run-state.properties}).
         *
         * @param runState the store
         * @return this builder
         */
        public Builder runState(RunStateStore runState) {
            this.runState = Compensator.require("runState", runState);
            return this;
        }

        /**
         * The clock for timestamps (default: the UTC system clock).
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Compensator.require("clock", clock);
            return this;
        }

        /**
         * Builds the procedure.
         *
         * @return the immutable procedure
         */
        public FailClosed build() {
            return new FailClosed(this);
        }
    }
}
