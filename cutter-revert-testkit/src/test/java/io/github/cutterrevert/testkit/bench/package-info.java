/**
 * The benchmark ({@code ./mvnw -q -Pbench verify}): the library's {@code execute()} side by side
 * with the seed runbook's own SQL and with a per-row JDBC loop, on one embedded PostgreSQL, for
 * cuts of 1,000 to 100,000 draft units; results to the console and to {@code
 * target/bench/results.json}. A plain harness, not a test: nothing here asserts a time. Not API.
 */
package io.github.cutterrevert.testkit.bench;
