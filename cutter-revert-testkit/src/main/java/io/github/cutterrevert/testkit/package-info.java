/**
 * A real PostgreSQL for tests and demos: the reference schema in a fresh database per test class,
 * the seed's baseline world, scenario builders for half-failed cuts and seed deltas, a JUnit 5
 * extension and AssertJ assertions.
 *
 * <pre>{@code
 * @CutterPostgres
 * class CompensationIT {
 *   @Test
 *   void revertsDraftUnits(TestDatabase db) {
 *     ReferenceWorld.seedBaseline(db.dataSource());
 *     CutScenario.forRun("run-1").units(300).failingAt(Phase.WRITE_VERIFY).apply(db.dataSource());
 *     CutterAssertions.assertThat(db).changeSet("cs-run-1").unitsAllHaveStatus("draft");
 *   }
 * }
 * }</pre>
 *
 * <h2>Which server</h2>
 *
 * One server per JVM, started on first use and stopped by a shutdown hook:
 *
 * <ol>
 *   <li>an external server when the system property {@code cutter.test.jdbc-url} (or the
 *       environment variable {@code CUTTER_TEST_JDBC_URL}) is set, with {@code cutter.test.user} /
 *       {@code CUTTER_TEST_USER} (default {@code postgres}) and {@code cutter.test.password} /
 *       {@code CUTTER_TEST_PASSWORD}; the user must be allowed to CREATE DATABASE and CREATE ROLE;
 *   <li>a Testcontainers {@code postgres:18} container when {@code cutter.test.database} / {@code
 *       CUTTER_TEST_DATABASE} is {@code testcontainers};
 *   <li>otherwise an embedded PostgreSQL 18 shipped as a Maven artifact (works offline and as
 *       root).
 * </ol>
 */
package io.github.cutterrevert.testkit;
