package io.github.cutterrevert;

import io.github.cutterrevert.internal.AtomicFiles;
import io.github.cutterrevert.internal.FileKillSwitch;
import io.github.cutterrevert.internal.FileRunStateStore;
import io.github.cutterrevert.internal.Observation;
import io.github.cutterrevert.spi.CompensationTarget;
import io.github.cutterrevert.spi.KillSwitch;
import io.github.cutterrevert.spi.RunStateStore;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
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

    /** The run a HOLD file names when it names none the library can read (written by hand). */
    static final RunId UNKNOWN_RUN = RunId.of("unknown");

    /** Longest first line of a foreign exception's message that is recorded. */
    private static final int MAX_FOREIGN_MESSAGE = 300;

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
     * The escalation bundles of a run, oldest first: {@code escalation.txt}, then {@code
     * escalation-2.txt} ... as each later failure of the run wrote one. Reads the directory only.
     *
     * @param runId the run
     * @return the summary files that exist, empty when the run never failed closed
     */
    public List<Path> escalationBundles(RunId runId) {
        Checks.nonNull("runId", runId);
        Path directory = runDirectory(runId);
        List<Path> bundles = new ArrayList<>();
        Path candidate = directory.resolve("escalation.txt");
        for (int n = 2; Files.exists(candidate); n++) {
            bundles.add(candidate);
            candidate = directory.resolve("escalation-" + n + ".txt");
        }
        return List.copyOf(bundles);
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
     * The current HOLD, if any. Any file named {@code HOLD} in the locks directory is a HOLD, also
     * one written by hand (an operator may stop everything with {@code echo "why" > HOLD}): what it
     * does not name reads as run {@code unknown}, created at the epoch.
     *
     * @return the HOLD's content, empty when not on HOLD
     */
    public Optional<HoldNotice> hold() {
        Path file = holdFile();
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            // An unreadable HOLD file is still a HOLD: fail closed.
            return Optional.of(new HoldNotice(
                    UNKNOWN_RUN, "unreadable HOLD file: " + e.getClass().getSimpleName(), Instant.EPOCH, file));
        }
        return Optional.of(parseHold(content, file));
    }

    /**
     * Reads a HOLD file field by field, so that one written by hand (any content, even empty) is a
     * HOLD too, with whatever it names.
     */
    private static HoldNotice parseHold(String content, Path file) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(content));
        } catch (IOException | IllegalArgumentException e) {
            properties.clear();
        }
        RunId runId = UNKNOWN_RUN;
        try {
            runId = RunId.of(properties.getProperty("run_id"));
        } catch (InvalidInputException e) {
            // Not written by the library: the run is unknown, the HOLD still holds.
        }
        String reason = properties.getProperty("reason");
        if (reason == null) {
            String firstLine = content.strip().lines().findFirst().orElse("");
            reason = "HOLD file without a reason= line"
                    + (firstLine.isEmpty() ? "" : ": " + firstLine.substring(0, Math.min(firstLine.length(), 200)));
        }
        Instant createdAt = Instant.EPOCH;
        try {
            createdAt = Instant.parse(properties.getProperty("created_at", ""));
        } catch (java.time.format.DateTimeParseException e) {
            // Keep EPOCH: "unknown".
        }
        return new HoldNotice(runId, reason, createdAt, file);
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
     * Releases the HOLD explicitly: writes a release record {@code hold-release.txt} (then {@code
     * hold-release-2.txt}...) beside the held run's escalation bundle, moves the HOLD file there as
     * {@code HOLD.released} (it is kept, not deleted; across file systems it is copied, then
     * deleted) and re-arms the kill switch only when asked. Every value of the record is on one line
     * ({@code held_run_id}, {@code hold_reason}, {@code released_by}, {@code reason}, {@code
     * released_at}, {@code kill_switch_rearmed}), escaped as in a properties file.
     *
     * <pre>{@code
     * failClosed.release("sovereign@example.org", "enacted unit superseded by hand, see DEC-9", false);
     * }</pre>
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
        // One value per line, escaped like the HOLD file: a newline in a reason cannot forge a line.
        String content = "HOLD released\nheld_run_id=" + oneLine(hold.runId().value()) + "\nhold_reason="
                + oneLine(hold.reason()) + "\nreleased_by=" + oneLine(who) + "\nreason=" + oneLine(reason)
                + "\nreleased_at=" + now + "\nkill_switch_rearmed=" + rearmKillSwitch + "\n";
        AtomicFiles.createNew(hold.runId(), record, content.getBytes(StandardCharsets.UTF_8));
        Path kept = AtomicFiles.firstFree(runDirectory, "HOLD.released", "");
        keep(hold, kept);
        if (rearmKillSwitch) {
            killSwitch.enable(who, reason);
        }
        HoldRelease release = new HoldRelease(hold.runId(), who, reason, now, rearmKillSwitch, record);
        Observation.holdReleased(release);
        return release;
    }

    /**
     * Moves the HOLD file beside the held run's bundle. The locks and rollback directories may be on
     * different file systems (e.g. locks on a tmpfs), where no atomic move exists: then the HOLD's
     * bytes are published write-once there and the HOLD is deleted after.
     */
    private static void keep(HoldNotice hold, Path kept) {
        try {
            Files.move(hold.file(), kept, StandardCopyOption.ATOMIC_MOVE);
            return;
        } catch (AtomicMoveNotSupportedException e) {
            // Across file systems: copy, then delete below.
        } catch (IOException e) {
            throw new StoreException(
                    hold.runId(), hold.file(), "expected to move the HOLD file to " + kept + " but could not", e);
        }
        try {
            AtomicFiles.createNew(hold.runId(), kept, Files.readAllBytes(hold.file()));
            Files.delete(hold.file());
        } catch (IOException e) {
            throw new StoreException(
                    hold.runId(),
                    hold.file(),
                    "expected to copy the HOLD file to " + kept + " and delete it but could not",
                    e);
        }
    }

    /**
     * Runs the five steps for a plan of a target (see {@link #engage(RunId, Verdict, Optional,
     * Supplier, Supplier, Function, Throwable)}). For a failure being rethrown ({@code failure}
     * non-null) every problem of the procedure, even one that stops it, is attached to the failure,
     * which is never replaced; for a refusal ({@code failure} null) a procedure that cannot write
     * its bundle throws.
     */
    void engage(CompensationTarget db, RunId runId, CompensationPlan plan, Verdict verdict, Throwable failure) {
        try {
            engage(
                    runId,
                    verdict,
                    Optional.of(plan),
                    () -> db.render(plan),
                    () -> db.snapshot(runId, "post"),
                    snapshot -> db.writeSnapshot(snapshot, rollbackDirectory),
                    failure);
        } catch (RuntimeException problem) {
            if (failure == null) {
                throw problem;
            }
            failure.addSuppressed(problem);
        }
    }

    /**
     * Runs the five steps for a failure that happened before there was a plan (reading the
     * evidence failed): no plan summary or SQL in the bundle; every problem of the procedure is
     * attached to the failure, which is rethrown by the caller unchanged.
     */
    void engageBeforePlan(CompensationTarget db, RunId runId, RuntimeException failure) {
        try {
            engage(
                    runId,
                    failed(failure),
                    Optional.empty(),
                    () -> "",
                    () -> db.snapshot(runId, "post"),
                    snapshot -> db.writeSnapshot(snapshot, rollbackDirectory),
                    failure);
        } catch (RuntimeException problem) {
            failure.addSuppressed(problem);
        }
    }

    /**
     * The verdict recorded for a failure during execution. A library exception's message is its
     * own (it names step, table, counts and SQLSTATE, never row contents); for any other exception
     * only its type and SQLSTATE are kept when it comes from the database (whose text can quote row
     * values), else its type and the first line of its message.
     */
    static Verdict.Failed failed(RuntimeException e) {
        if (e instanceof CutterRevertException library) {
            Optional<String> sqlState =
                    switch (library) {
                        case StepFailedException step -> step.sqlState();
                        case CompensationTimeoutException timeout -> Optional.of(timeout.sqlState());
                        default -> Optional.empty();
                    };
            return new Verdict.Failed(String.valueOf(library.getMessage()), sqlState);
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (isSqlException(cause)) {
                Optional<String> sqlState = sqlState(cause);
                return new Verdict.Failed(
                        e.getClass().getSimpleName() + ": database error"
                                + sqlState.map(state -> " SQLSTATE " + state).orElse("")
                                + " (the database's message is not recorded: it can quote row values)",
                        sqlState);
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        String message = e.getMessage() == null
                ? ""
                : e.getMessage().strip().lines().findFirst().orElse("");
        if (message.length() > MAX_FOREIGN_MESSAGE) {
            message = message.substring(0, MAX_FOREIGN_MESSAGE) + "...";
        }
        return new Verdict.Failed(
                e.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message), Optional.empty());
    }

    /** Core reads no JDBC module: a {@code java.sql.SQLException} is recognised by its class name. */
    private static boolean isSqlException(Throwable t) {
        for (Class<?> type = t.getClass(); type != null; type = type.getSuperclass()) {
            if (type.getName().equals("java.sql.SQLException")) {
                return true;
            }
        }
        return false;
    }

    private static Optional<String> sqlState(Throwable sqlException) {
        try {
            return Optional.ofNullable(
                    (String) sqlException.getClass().getMethod("getSQLState").invoke(sqlException));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Runs the five steps. Each step is attempted even when an earlier one fails; failures are
     * collected in {@link Escalation#problems()} and, when {@code failure} is given, attached to it
     * as suppressed exceptions.
     *
     * <p>The post-failure snapshot is written write-once to {@code <run>/post.json}. A second failure
     * of the same run (after a release) finds that file kept from the first; its own counts are then
     * in its escalation bundle, which always lists them.
     *
     * @param failure the failure being rethrown, or {@code null} for a refusal
     */
    Escalation engage(
            RunId runId,
            Verdict verdict,
            Optional<CompensationPlan> plan,
            Supplier<String> sql,
            Supplier<Snapshot> takeSnapshot,
            Function<Snapshot, Path> writeSnapshot,
            Throwable failure) {
        String reason =
                switch (verdict) {
                    case Verdict.Refused refused -> "refused: " + refused.reason();
                    case Verdict.Failed failed -> "failed: " + failed.error();
                    case Verdict.NothingToDo nothing -> nothing.reason();
                    case Verdict.Compensated compensated -> "compensated";
                };
        List<String> problems = new ArrayList<>();
        Instant now = clock.instant();
        boolean switchedOff = attempt(problems, failure, "kill switch", () -> killSwitch.disable(runId, reason));
        attempt(
                problems,
                failure,
                "run state",
                () -> runState.write(new RunState(runId, RunState.State.STOPPED, Optional.of(reason), now)));
        boolean[] created = {false};
        attempt(problems, failure, "HOLD", () -> {
            String hold =
                    "run_id=" + oneLine(runId.value()) + "\nreason=" + oneLine(reason) + "\ncreated_at=" + now + "\n";
            if (Files.exists(holdFile())) {
                problems.add("HOLD: a HOLD already exists; it was left unchanged");
                return;
            }
            AtomicFiles.createNew(runId, holdFile(), hold.getBytes(StandardCharsets.UTF_8));
            created[0] = true;
        });
        Observation.holdPlaced(runId, reason, created[0]);
        Path runDirectory = runDirectory(runId);
        Path postFile = runDirectory.resolve("post.json");
        boolean postKept = Files.exists(postFile);
        Snapshot[] snapshot = {null};
        attempt(problems, failure, "post-failure snapshot", () -> snapshot[0] = takeSnapshot.get());
        Path[] post = {null};
        if (snapshot[0] != null && !postKept) {
            attempt(problems, failure, "post.json", () -> post[0] = writeSnapshot.apply(snapshot[0]));
        }
        String[] script = {"-- the plan's SQL could not be rendered"};
        attempt(problems, failure, "plan SQL", () -> {
            if (plan.isPresent()) {
                script[0] = sql.get();
            }
        });
        Path bundle = AtomicFiles.firstFree(runDirectory, "escalation", ".txt");
        String text = new Bundle(runId, verdict, plan, now)
                .post(postKept ? postFile : post[0], postKept, snapshot[0])
                .killSwitch(switchedOff)
                .text(problems);
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

    private static boolean attempt(List<String> problems, Throwable failure, String step, Runnable action) {
        try {
            action.run();
            return true;
        } catch (RuntimeException e) {
            problems.add(step + ": " + e.getMessage());
            if (failure != null && failure != e) {
                failure.addSuppressed(e);
            }
            return false;
        }
    }

    private static String oneLine(String text) {
        return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
    }

    /** The text of {@code escalation.txt}. */
    private final class Bundle {
        private final RunId runId;
        private final Verdict verdict;
        private final Optional<CompensationPlan> plan;
        private final Instant now;
        private Path post;
        private boolean postKept;
        private Snapshot snapshot;
        private boolean switchedOff;

        Bundle(RunId runId, Verdict verdict, Optional<CompensationPlan> plan, Instant now) {
            this.runId = runId;
            this.verdict = verdict;
            this.plan = plan;
            this.now = now;
        }

        Bundle post(Path file, boolean kept, Snapshot taken) {
            this.post = file;
            this.postKept = kept;
            this.snapshot = taken;
            return this;
        }

        Bundle killSwitch(boolean off) {
            this.switchedOff = off;
            return this;
        }

        String text(List<String> problems) {
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
            plan.ifPresent(p -> out.append("fingerprint:   ")
                    .append(p.fingerprint().value())
                    .append('\n'));
            out.append("pre.json:      ")
                    .append(runDirectory(runId).resolve("pre.json"))
                    .append('\n');
            out.append("post.json:     ");
            if (post == null) {
                out.append("(not written, see problems)");
            } else {
                out.append(post);
                if (postKept) {
                    out.append(
                            " (kept from an earlier failure of this run: write-once; this failure's counts are below)");
                }
            }
            out.append('\n');
            out.append("HOLD:          ").append(holdFile()).append('\n');
            out.append("kill switch:   ")
                    .append(switchedOff ? "execution_enabled = false" : "could not be turned off, see problems")
                    .append('\n');
            if (!problems.isEmpty()) {
                out.append("\nproblems while failing closed:\n");
                problems.forEach(problem -> out.append("  - ").append(problem).append('\n'));
            }
            if (snapshot != null) {
                appendCounts(out);
            }
            plan.ifPresent(p -> out.append("\nplan\n----\n").append(p.summary()));
            out.append(
                    "\nthe plan's SQL is in the escalation .sql file beside this one (for reading; do not run it blindly)\n");
            out.append("\nwhat a human can do next\n------------------------\n");
            out.append("1. Nothing was retried and nothing will be: compare pre.json with post.json.\n");
            out.append("2. Decide with the sovereign/reviewer: fix the cause, or approve a different plan\n");
            out.append("   (soft revert, hard delete with a recorded decision, or leave the data as it is).\n");
            out.append("3. Release the HOLD explicitly, recording who and why:\n");
            out.append("   FailClosed.inDirectories(Path.of(\"")
                    .append(rollbackDirectory)
                    .append("\"), Path.of(\"")
                    .append(locksDirectory)
                    .append("\"))\n");
            out.append("       .release(\"<who>\", \"<why>\", <re-arm kill switch?>)\n");
            out.append("4. Plan again (the plan is re-derived from the database) and execute with the new approval.\n");
            return out.toString();
        }

        private void appendCounts(StringBuilder out) {
            out.append("\npost-failure counts (")
                    .append(snapshot.takenAt())
                    .append(", as ")
                    .append(snapshot.role())
                    .append(")\n-------------------\n");
            snapshot.counts().forEach((table, count) -> {
                String value =
                        switch (count) {
                            case Snapshot.TableCount.Counted counted -> Long.toString(counted.rows());
                            case Snapshot.TableCount.Unreadable unreadable ->
                                "unreadable (SQLSTATE " + unreadable.sqlState() + ")";
                        };
                out.append("  ").append(table).append(" ".repeat(Math.max(1, 50 - table.length())));
                out.append(value).append('\n');
            });
            out.append("  triggers:  ").append(snapshot.triggers()).append('\n');
            out.append("  functions: ").append(snapshot.functions()).append('\n');
        }
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
            this.rollbackDirectory = Checks.nonNull("rollbackDirectory", directory);
            return this;
        }

        /**
         * Where {@code HOLD} and the file kill switch go (default: {@code /var/lib/cutter/locks}).
         *
         * @param directory the directory
         * @return this builder
         */
        public Builder locksDirectory(Path directory) {
            this.locksDirectory = Checks.nonNull("locksDirectory", directory);
            return this;
        }

        /**
         * The kill switch (default: the file {@code <locks>/execution_enabled}).
         *
         * @param killSwitch the kill switch
         * @return this builder
         */
        public Builder killSwitch(KillSwitch killSwitch) {
            this.killSwitch = Checks.nonNull("killSwitch", killSwitch);
            return this;
        }

        /**
         * The run-state store (default: {@code <rollback>/<run>/run-state.properties}).
         *
         * @param runState the store
         * @return this builder
         */
        public Builder runState(RunStateStore runState) {
            this.runState = Checks.nonNull("runState", runState);
            return this;
        }

        /**
         * The clock for timestamps (default: the UTC system clock).
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Checks.nonNull("clock", clock);
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
