package io.github.cutterrevert;

import io.github.cutterrevert.internal.AtomicFiles;
import io.github.cutterrevert.internal.EscalationBundle;
import io.github.cutterrevert.internal.FileHoldStore;
import io.github.cutterrevert.internal.FileKillSwitch;
import io.github.cutterrevert.internal.FileRunStateStore;
import io.github.cutterrevert.internal.MemoryHolds;
import io.github.cutterrevert.internal.Observation;
import io.github.cutterrevert.spi.CompensationTarget;
import io.github.cutterrevert.spi.HoldStore;
import io.github.cutterrevert.spi.KillSwitch;
import io.github.cutterrevert.spi.RunStateStore;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
 *   <li>a HOLD is placed with the run id and reason: the file {@code <locks>/HOLD} (create-new:
 *       never overwritten, never deleted by the library on its own), and/or a row in the database
 *       every host reads ({@link Builder#sharedHold}); one ERROR log line says so;
 *   <li>a post-failure snapshot is written write-once to {@code <rollback>/<run>/post.json};
 *   <li>nothing is retried; an escalation bundle ({@code escalation.txt} and {@code
 *       escalation.sql}) sits beside {@code pre.json} and {@code post.json}.
 * </ol>
 *
 * <p>While any HOLD exists every mutating call refuses with {@link OnHoldException}; planning and
 * preview still work. {@link #release} is the only way out, and it is recorded. Before connecting,
 * {@code execute()} proves it could fail closed ({@link #requireReady}): a place it cannot write
 * is refused with {@link CannotFailClosedException}. If a HOLD cannot be persisted during a failure
 * all the same (disk full, permissions changed mid-run, database down), it is held in the memory
 * of this JVM: every later {@code execute()} here refuses until released, and the exception says
 * so.
 *
 * <pre>{@code
 * FailClosed failClosed = FailClosed.builder()
 *     .home(Path.of("/var/lib/cutter"))                 // rollback/ and locks/ below it
 *     .sharedHold(DatabaseHold.of(target))              // the HOLD every host sees (cutter-revert-jooq)
 *     .build();                                         // HOLD file and HOLD row: both
 * }</pre>
 *
 * <p>Immutable and thread-safe; the stores it uses must be thread-safe too.
 */
public final class FailClosed {
    /** The runbook's home of the fail-closed files, used when neither the property nor the environment names one. */
    public static final Path DEFAULT_HOME = Path.of("/var/lib/cutter");

    /** The system property naming the home of the fail-closed files (wins over the environment). */
    public static final String HOME_PROPERTY = "cutter.home";

    /** The environment variable naming the home of the fail-closed files. */
    public static final String HOME_ENVIRONMENT = "CUTTER_HOME";

    /** The run a HOLD file names when it names none the library can read (written by hand). */
    static final RunId UNKNOWN_RUN = FileHoldStore.UNKNOWN_RUN;

    private static final System.Logger LOG = System.getLogger(Observability.LOGGER_FAIL_CLOSED);

    /** The homes already announced at INFO in this JVM: once each. */
    private static final Set<String> ANNOUNCED = ConcurrentHashMap.newKeySet();

    private final Path rollbackDirectory;
    private final Path locksDirectory;
    private final KillSwitch killSwitch;
    private final RunStateStore runState;
    private final Clock clock;
    private final Optional<FileHoldStore> fileHold;
    private final Optional<HoldStore> sharedHold;

    private FailClosed(Builder builder, Path rollbackDirectory, Path locksDirectory) {
        this.rollbackDirectory = rollbackDirectory;
        this.locksDirectory = locksDirectory;
        this.killSwitch = builder.killSwitch != null ? builder.killSwitch : new FileKillSwitch(locksDirectory);
        this.runState = builder.runState != null ? builder.runState : new FileRunStateStore(rollbackDirectory);
        this.clock = builder.clock;
        this.fileHold =
                builder.fileHold ? Optional.of(new FileHoldStore(locksDirectory, rollbackDirectory)) : Optional.empty();
        this.sharedHold = Optional.ofNullable(builder.sharedHold);
    }

    /**
     * Files under the default home: {@code $cutter.home}, else {@code $CUTTER_HOME}, else {@code
     * /var/lib/cutter} (see {@link #defaultHome()}), HOLD as a file only. For production, configure
     * the procedure explicitly (and add a {@linkplain Builder#sharedHold shared HOLD} when the
     * orchestrator runs on more than one host).
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
     * A builder, starting from the default home.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The home of the fail-closed files when none is configured: the system property {@value
     * #HOME_PROPERTY}, else the environment variable {@value #HOME_ENVIRONMENT}, else {@code
     * /var/lib/cutter} (the runbook's).
     *
     * @return the home
     * @throws InvalidInputException if the property or variable is set but blank or not a path
     */
    public static Path defaultHome() {
        String property = System.getProperty(HOME_PROPERTY);
        if (property != null) {
            return home(HOME_PROPERTY, property);
        }
        String environment = System.getenv(HOME_ENVIRONMENT);
        if (environment != null) {
            return home(HOME_ENVIRONMENT, environment);
        }
        return DEFAULT_HOME;
    }

    private static Path home(String field, String value) {
        if (value.isBlank()) {
            throw new InvalidInputException(field, "a directory path", value);
        }
        try {
            return Path.of(value);
        } catch (java.nio.file.InvalidPathException e) {
            throw new InvalidInputException(field, "a directory path", value);
        }
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
     * Every place this procedure keeps a HOLD, in the order they are checked: the HOLD file (unless
     * {@linkplain Builder#fileHold turned off}), then the shared store.
     *
     * @return the stores
     */
    public List<HoldStore> holdStores() {
        List<HoldStore> stores = new ArrayList<>(2);
        fileHold.ifPresent(stores::add);
        sharedHold.ifPresent(stores::add);
        return List.copyOf(stores);
    }

    /**
     * The current HOLD, if any: the first of {@link #holds()}.
     *
     * @return the HOLD, empty when not on HOLD
     */
    public Optional<HoldNotice> hold() {
        List<HoldNotice> holds = holds();
        return holds.isEmpty() ? Optional.empty() : Optional.of(holds.get(0));
    }

    /**
     * Every HOLD in force, wherever it is kept: one held in the memory of this JVM because it could
     * not be persisted, the HOLD file (any file named {@code HOLD} in the locks directory is a HOLD,
     * also one written by hand: {@code echo "why" > HOLD}; what it does not name reads as run {@code
     * unknown}, created at the epoch), and the shared store. A store that cannot be read counts as
     * holding.
     *
     * @return the HOLDs, empty when not on HOLD
     */
    public List<HoldNotice> holds() {
        List<HoldNotice> holds = new ArrayList<>();
        for (HoldStore store : holdStores()) {
            MemoryHolds.current(store.location()).ifPresent(holds::add);
            try {
                store.current().ifPresent(holds::add);
            } catch (RuntimeException e) {
                // A HOLD that cannot be read may be there: fail closed.
                holds.add(new HoldNotice(
                        UNKNOWN_RUN,
                        "the HOLD could not be read: " + e.getClass().getSimpleName() + ": " + e.getMessage(),
                        Instant.EPOCH,
                        store.location()));
            }
        }
        return List.copyOf(holds);
    }

    /**
     * Refuses when on HOLD.
     *
     * @param runId the run whose mutating call is being checked
     * @throws OnHoldException if a HOLD exists anywhere this procedure keeps one
     */
    public void requireNotOnHold(RunId runId) {
        Optional<HoldNotice> hold = hold();
        if (hold.isPresent()) {
            throw new OnHoldException(runId, hold.get());
        }
    }

    /**
     * Proves that this procedure could fail closed for a run, without placing anything: the
     * rollback directory, the run's directory and (for the HOLD file and the file kill switch) the
     * locks directory exist or can be created, are writable and take a hard-linked probe file
     * (removed again); the shared HOLD store can be read and appended to. {@code execute()} calls
     * it before connecting. The first call for a home logs once at INFO where the files live.
     *
     * @param runId the run about to execute
     * @throws OnHoldException if a HOLD that could not be persisted is held in the memory of this JVM
     * @throws CannotFailClosedException naming the path (or table) and the operating system's (or
     *     database's) reason
     */
    public void requireReady(RunId runId) {
        Checks.nonNull("runId", runId);
        // A HOLD held in memory is checked first: the place it could not be persisted to is likely
        // still broken, and the HOLD is what the caller must learn about.
        for (HoldStore store : holdStores()) {
            Optional<HoldNotice> held = MemoryHolds.current(store.location());
            if (held.isPresent()) {
                throw new OnHoldException(runId, held.get());
            }
        }
        announce();
        FileHoldStore.probeDirectory(runId, rollbackDirectory);
        FileHoldStore.probeDirectory(runId, runDirectory(runId));
        if (fileHold.isPresent() || killSwitch instanceof FileKillSwitch) {
            FileHoldStore.probeDirectory(runId, locksDirectory);
        }
        sharedHold.ifPresent(HoldStore::probe);
    }

    private void announce() {
        String where = "rollback " + rollbackDirectory.toAbsolutePath() + ", locks " + locksDirectory.toAbsolutePath()
                + sharedHold.map(store -> ", shared HOLD " + store.location()).orElse("");
        if (ANNOUNCED.add(where)) {
            LOG.log(
                    Level.INFO,
                    "cutter-revert fail-closed files: " + where + " (HOLD kept in "
                            + String.join(
                                    " and ",
                                    holdStores().stream()
                                            .map(HoldStore::location)
                                            .toList())
                            + ")");
        }
    }

    /**
     * Releases every HOLD in force explicitly: writes a release record {@code hold-release.txt}
     * (then {@code hold-release-2.txt}...) beside the held run's escalation bundle, releases the
     * HOLD wherever it is kept (the HOLD file is moved there as {@code HOLD.released}, kept, not
     * deleted; the shared store appends a release row; a HOLD held in memory is forgotten) and
     * re-arms the kill switch only when asked. Every value of the record is on one line ({@code
     * held_run_id}, {@code hold_reason}, {@code released_by}, {@code reason}, {@code released_at},
     * {@code kill_switch_rearmed}, {@code released_from}), escaped as in a properties file.
     *
     * <pre>{@code
     * failClosed.release("sovereign@example.org", "enacted unit superseded by hand, see DEC-9", false);
     * }</pre>
     *
     * <p>The command line's {@code cutter-revert release --by <who> --reason <why> [--rearm]} does the
     * same.
     *
     * @param releasedBy who releases it (1 to 200 printable characters)
     * @param reason why (non-blank)
     * @param rearmKillSwitch whether to turn execution back on
     * @return the release record
     * @throws InvalidPlanException if there is no HOLD
     * @throws StoreException if the release record cannot be written (nothing was released)
     */
    public HoldRelease release(String releasedBy, String reason, boolean rearmKillSwitch) {
        String who = Identifiers.require("releasedBy", releasedBy);
        if (reason == null || reason.isBlank()) {
            throw new InvalidInputException("reason", "a non-blank reason for releasing the HOLD", reason);
        }
        List<HoldNotice> holds = holds();
        if (holds.isEmpty()) {
            throw new InvalidPlanException(null, "hold-present", "expected a HOLD to release but found none");
        }
        HoldNotice first = holds.get(0);
        Instant now = clock.instant();
        List<String> from = holds.stream().map(HoldNotice::location).distinct().toList();
        Path runDirectory = runDirectory(first.runId());
        Path record = AtomicFiles.firstFree(runDirectory, "hold-release", ".txt");
        // One value per line, escaped like the HOLD file: a newline in a reason cannot forge a line.
        String content = "HOLD released\nheld_run_id=" + oneLine(first.runId().value()) + "\nhold_reason="
                + oneLine(first.reason()) + "\nreleased_by=" + oneLine(who) + "\nreason=" + oneLine(reason)
                + "\nreleased_at=" + now + "\nkill_switch_rearmed=" + rearmKillSwitch + "\nreleased_from="
                + oneLine(String.join(", ", from)) + "\n";
        AtomicFiles.createNew(first.runId(), record, content.getBytes(StandardCharsets.UTF_8));
        for (HoldStore store : holdStores()) {
            MemoryHolds.release(store.location());
            Optional<HoldNotice> held = store.current();
            if (held.isPresent()) {
                store.release(held.get(), who, reason, now);
            }
        }
        if (rearmKillSwitch) {
            killSwitch.enable(who, reason);
        }
        LOG.log(
                Level.WARNING,
                "run " + first.runId().value() + ": HOLD released by " + who + " (" + String.join(", ", from)
                        + "); kill switch " + (rearmKillSwitch ? "re-armed" : "left as it is"));
        HoldRelease release = new HoldRelease(first.runId(), who, reason, now, rearmKillSwitch, record, from);
        Observation.holdReleased(release);
        return release;
    }

    /**
     * Runs the five steps for a plan of a target (see {@link #engage(RunId, Verdict, Optional,
     * Supplier, Supplier, Function, Throwable)}), rendering {@code escalation.sql} for the authority
     * the plan was (or would have been) executed with. For a failure being rethrown ({@code
     * failure} non-null) every problem of the procedure, even one that stops it, is attached to the
     * failure, which is never replaced; the escalation is attached to it too. For a refusal ({@code
     * failure} null) a procedure that cannot write its bundle throws.
     *
     * @return the escalation, empty when the procedure could not complete for a failure
     */
    Optional<Escalation> engage(
            CompensationTarget db,
            RunId runId,
            CompensationPlan plan,
            Authority authority,
            Verdict verdict,
            Throwable failure) {
        try {
            Escalation escalation = engage(
                    runId,
                    verdict,
                    Optional.of(plan),
                    () -> db.render(plan, authority),
                    () -> db.snapshot(runId, "post"),
                    snapshot -> db.writeSnapshot(snapshot, rollbackDirectory),
                    failure);
            return Optional.of(escalation);
        } catch (RuntimeException problem) {
            if (failure == null) {
                throw problem;
            }
            failure.addSuppressed(problem);
            return Optional.empty();
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
     * The verdict recorded for a failure during execution (see {@link FailureVerdicts#of}): never
     * a database's own text, which can quote row values.
     */
    static Verdict.Failed failed(RuntimeException e) {
        return FailureVerdicts.of(e);
    }

    /**
     * Runs the five steps. Each step is attempted even when an earlier one fails; failures are
     * collected in {@link Escalation#problems()} and, when {@code failure} is given, attached to it
     * as suppressed exceptions, and the escalation is attached to a library failure ({@link
     * CutterRevertException#escalation()}).
     *
     * <p>A HOLD that cannot be persisted in one of its stores is held in the memory of this JVM for
     * that store: every later {@code execute()} here refuses until released; the failure's message
     * says so, and so does the one ERROR log line of the procedure.
     *
     * <p>The post-failure snapshot is written write-once to {@code <run>/post.json}; when reading it
     * fails, it is read once more (it only reads). A second failure
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
        boolean placed = false;
        List<String> holds = new ArrayList<>();
        List<String> notPersisted = new ArrayList<>();
        for (HoldStore store : holdStores()) {
            try {
                if (store.place(runId, reason, now)) {
                    placed = true;
                } else {
                    problems.add("HOLD: a HOLD already exists in " + store.location() + "; it was left unchanged");
                }
                holds.add(store.location());
            } catch (RuntimeException e) {
                problems.add("HOLD in " + store.location() + ": " + e.getMessage());
                if (failure != null && failure != e) {
                    failure.addSuppressed(e);
                }
                String memory = "the memory of this JVM (could not be persisted to " + store.location() + ": "
                        + e.getClass().getSimpleName() + ": " + e.getMessage() + ")";
                MemoryHolds.hold(store.location(), new HoldNotice(runId, reason, now, memory));
                holds.add(memory);
                notPersisted.add(store.location() + " (" + e.getMessage() + ")");
                placed = true;
            }
        }
        Observation.holdPlaced(runId, reason, placed);
        Path runDirectory = runDirectory(runId);
        Path preFile = runDirectory.resolve("pre.json");
        Path postFile = runDirectory.resolve("post.json");
        boolean postKept = Files.exists(postFile);
        Snapshot[] snapshot = {null};
        if (!attempt(problems, failure, "post-failure snapshot", () -> snapshot[0] = takeSnapshot.get())) {
            // One transient error (a dropped connection, a terminated backend) must not cost the human
            // the post-failure counts: the snapshot only reads, on a connection of its own, so it is
            // taken once more. The first error stays in the problems.
            attempt(problems, failure, "post-failure snapshot, second attempt", () -> snapshot[0] = takeSnapshot.get());
        }
        Path[] post = {postKept ? postFile : null};
        if (snapshot[0] != null && !postKept) {
            attempt(problems, failure, "post.json", () -> {
                Path written = writeSnapshot.apply(snapshot[0]);
                post[0] = written != null && Files.exists(written) ? written : null;
            });
        }
        String[] script = {"-- the plan's SQL could not be rendered, see escalation.txt\n"};
        attempt(problems, failure, "plan SQL", () -> {
            if (plan.isPresent()) {
                script[0] = sql.get();
            }
        });
        Optional<Path> pre = Files.exists(preFile) ? Optional.of(preFile) : Optional.empty();
        Path bundle = AtomicFiles.firstFree(runDirectory, "escalation", ".txt");
        String text = new EscalationBundle(runId, verdict, plan, now)
                .snapshots(pre, post[0], postKept, snapshot[0])
                .hold(placed, holds, switchedOff)
                .text(problems);
        String heldOnly = notPersisted.isEmpty()
                ? null
                : "the HOLD could not be persisted to " + String.join(" and ", notPersisted)
                        + ": it is held in the memory of this JVM only (every later execute() here refuses until"
                        + " released); fix the store and release it";
        LOG.log(
                Level.ERROR,
                "run " + runId.value() + ": " + (placed ? "HOLD placed" : "already on HOLD") + " in "
                        + String.join(" and ", holds) + ": " + firstLine(reason) + "; bundle " + bundle
                        + (heldOnly == null ? "" : "; " + heldOnly));
        Escalation[] done = {null};
        try {
            AtomicFiles.createNew(runId, bundle, text.getBytes(StandardCharsets.UTF_8));
            Path sqlFile = AtomicFiles.firstFree(runDirectory, "escalation", ".sql");
            AtomicFiles.createNew(
                    runId,
                    sqlFile,
                    (plan.isPresent() ? script[0] : "-- no plan: nothing to run\n").getBytes(StandardCharsets.UTF_8));
            done[0] = new Escalation(
                    runId, verdict, placed, holds, pre, Optional.ofNullable(post[0]), bundle, sqlFile, problems);
            return done[0];
        } finally {
            if (failure instanceof CutterRevertException library) {
                library.escalated(done[0], heldOnly);
            } else if (failure != null && heldOnly != null) {
                failure.addSuppressed(
                        new CannotFailClosedException(runId, String.join(" and ", notPersisted), heldOnly, null));
            }
        }
    }

    private static String firstLine(String text) {
        return text.strip().lines().findFirst().orElse("");
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

    /**
     * Builds a {@link FailClosed}. Mutable, not thread-safe.
     */
    public static final class Builder {
        private Path rollbackDirectory;
        private Path locksDirectory;
        private KillSwitch killSwitch;
        private RunStateStore runState;
        private HoldStore sharedHold;
        private boolean fileHold = true;
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        /**
         * Puts the rollback directory at {@code <home>/rollback} and the locks directory at {@code
         * <home>/locks} (default: {@link FailClosed#defaultHome()}).
         *
         * @param home the directory
         * @return this builder
         */
        public Builder home(Path home) {
            Checks.nonNull("home", home);
            this.rollbackDirectory = home.resolve("rollback");
            this.locksDirectory = home.resolve("locks");
            return this;
        }

        /**
         * Where per-run snapshots, state and bundles go (default: {@code <home>/rollback}).
         *
         * @param directory the directory
         * @return this builder
         */
        public Builder rollbackDirectory(Path directory) {
            this.rollbackDirectory = Checks.nonNull("rollbackDirectory", directory);
            return this;
        }

        /**
         * Where {@code HOLD} and the file kill switch go (default: {@code <home>/locks}).
         *
         * @param directory the directory
         * @return this builder
         */
        public Builder locksDirectory(Path directory) {
            this.locksDirectory = Checks.nonNull("locksDirectory", directory);
            return this;
        }

        /**
         * Also keeps the HOLD in a store every host reads, e.g. the jOOQ module's {@code
         * DatabaseHold.of(target)} (default: none). With the HOLD file too (the default), this is
         * the recommended production setting: the file survives a database outage, the row reaches
         * every host.
         *
         * @param store the shared store
         * @return this builder
         */
        public Builder sharedHold(HoldStore store) {
            this.sharedHold = Checks.nonNull("sharedHold", store);
            return this;
        }

        /**
         * Whether the HOLD is kept in the file {@code <locks>/HOLD} (default: {@code true}). Turn it
         * off only with a {@linkplain #sharedHold shared store}, to keep the HOLD in the database
         * alone.
         *
         * @param enabled whether to keep the HOLD file
         * @return this builder
         */
        public Builder fileHold(boolean enabled) {
            this.fileHold = enabled;
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
         * @throws InvalidInputException if the HOLD would be kept nowhere ({@code fileHold(false)}
         *     without a shared store), or the default home is asked for and {@value
         *     FailClosed#HOME_PROPERTY} / {@value FailClosed#HOME_ENVIRONMENT} is blank
         */
        public FailClosed build() {
            if (!fileHold && sharedHold == null) {
                throw new InvalidInputException(
                        "fileHold", "true unless a sharedHold(...) keeps the HOLD (it would be kept nowhere)", "false");
            }
            Path home = rollbackDirectory == null || locksDirectory == null ? defaultHome() : null;
            return new FailClosed(
                    this,
                    rollbackDirectory != null ? rollbackDirectory : home.resolve("rollback"),
                    locksDirectory != null ? locksDirectory : home.resolve("locks"));
        }
    }
}
