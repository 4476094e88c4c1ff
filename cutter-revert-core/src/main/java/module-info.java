/**
 * cutter-revert core: phases, evidence, preconditions, compensation plans and verdicts as
 * immutable values, and the planner that encodes the per-cut revert and seed-rollback runbooks.
 * Depends on the JDK only; renders no SQL.
 */
module io.github.cutterrevert.core {
    requires jdk.jfr;

    exports io.github.cutterrevert;
    exports io.github.cutterrevert.spi;
}
