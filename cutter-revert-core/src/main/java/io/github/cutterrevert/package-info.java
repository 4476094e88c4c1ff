/**
 * The cutter-revert API: decide and describe the compensation of a half-failed, multi-phase cut.
 *
 * <p>Start at {@link io.github.cutterrevert.Compensator#forRun(String)} for a per-cut revert or
 * {@link io.github.cutterrevert.SeedRollback#of(SeedDelta)} for a seed-delta rollback. Every value
 * in this package is an immutable record or enum and is safe to share between threads; builders
 * are mutable and not thread-safe.
 */
package io.github.cutterrevert;
