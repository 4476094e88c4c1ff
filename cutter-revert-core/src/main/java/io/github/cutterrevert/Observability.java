package io.github.cutterrevert;

/**
 * The names under which cutter-revert can be observed: logger names, MDC keys and JDK Flight
 * Recorder event names. Stable across releases; configure log levels, log patterns and JFR
 * settings against these, not against class names.
 *
 * <pre>{@code
 * <!-- logback: the run and change set of every line -->
 * <pattern>%d %-5level %logger{0} [%X{cutter.run_id} %X{cutter.change_set_id}] %msg%n</pattern>
 * <logger name="io.github.cutterrevert.execution" level="INFO"/>
 *
 * # JFR: record the compensation events of a running JVM
 * jcmd <pid> JFR.start name=cutter settings=profile filename=cutter.jfr
 * jfr print --events io.github.cutterrevert.Compensation cutter.jfr
 * }</pre>
 *
 * <p>Metrics: register a {@link io.github.cutterrevert.spi.CompensationListener} on {@link
 * Compensator#listener} or {@link SeedRollback#listener}.
 */
public final class Observability {
    private Observability() {}

    /**
     * MDC key holding the run id while {@code cutter-revert-jooq} previews or executes a plan
     * (SLF4J's MDC; restored afterwards).
     */
    public static final String MDC_RUN_ID = "cutter.run_id";

    /** MDC key holding the change set id while a per-cut plan is previewed or executed. */
    public static final String MDC_CHANGE_SET_ID = "cutter.change_set_id";

    /**
     * MDC key saying what the lines are about: {@code preview} (rolled back) or {@code execute}.
     */
    public static final String MDC_ACTION = "cutter.action";

    /**
     * Logger of the fail-closed procedure: HOLD placed (ERROR), released (WARN), where its files live
     * (INFO, once).
     */
    public static final String LOGGER_FAIL_CLOSED = "io.github.cutterrevert.FailClosed";

    /**
     * Logger of a plan's preview and execution in the database: lock, steps with their row counts,
     * re-counts, commit (INFO); a COMMIT whose outcome had to be asked for (WARN).
     */
    public static final String LOGGER_EXECUTION = "io.github.cutterrevert.execution";

    /** Logger of evidence and snapshot reads (DEBUG; a binding that needs attention: WARN once per target). */
    public static final String LOGGER_EVIDENCE = "io.github.cutterrevert.evidence";

    /** Logger of a listener that threw: its exception is logged here (WARN) and the compensation goes on. */
    public static final String LOGGER_LISTENER = "io.github.cutterrevert.listener";

    /**
     * JFR event of one {@code execute()} or {@code preview()}: run, change set, subject, kind, mode,
     * fingerprint, verdict (or the failure's type and SQLSTATE), rows per table written, statements,
     * and its duration. Enabled by default, no stack trace.
     */
    public static final String EVENT_COMPENSATION = "io.github.cutterrevert.Compensation";

    /** JFR event of a HOLD placed by the fail-closed procedure: run, reason, whether it was new. */
    public static final String EVENT_HOLD_PLACED = "io.github.cutterrevert.HoldPlaced";

    /** JFR event of an explicit HOLD release: held run, who, why, whether the kill switch was re-armed. */
    public static final String EVENT_HOLD_RELEASED = "io.github.cutterrevert.HoldReleased";

    /** JFR event of an approval refused before anything was written: run, reason, decision id, key id. */
    public static final String EVENT_APPROVAL_REFUSED = "io.github.cutterrevert.ApprovalRefused";
}
