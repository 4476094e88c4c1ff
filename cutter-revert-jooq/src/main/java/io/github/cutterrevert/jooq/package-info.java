/**
 * PostgreSQL for cutter-revert: {@link io.github.cutterrevert.jooq.PostgresTarget} plugs a
 * database into {@link io.github.cutterrevert.Compensator} and {@link
 * io.github.cutterrevert.SeedRollback}; {@link io.github.cutterrevert.jooq.SchemaBinding} names
 * the database's tables, columns and statuses; {@link io.github.cutterrevert.jooq.SnapshotFiles}
 * keeps write-once {@code pre.json} / {@code post.json} snapshots.
 *
 * <pre>{@code
 * PostgresTarget target = PostgresTarget.of(dataSource);
 * SnapshotFiles.in(Path.of("/var/lib/cutter/rollback")).write(target.snapshot(RunId.of("run-42"), "pre"));
 * CompensationPlan plan = Compensator.forRun("run-42").on(target).failedAt(Phase.WRITE_VERIFY).plan();
 * }</pre>
 *
 * <p>Every type here is immutable and thread-safe except the builders.
 */
package io.github.cutterrevert.jooq;
