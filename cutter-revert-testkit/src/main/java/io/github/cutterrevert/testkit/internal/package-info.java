/**
 * Internals of the testkit: server selection and start-up, the reference template database and
 * the JUnit 5 extension behind {@link io.github.cutterrevert.testkit.CutterPostgres}.
 *
 * <p><strong>Not API.</strong> Anything here may change or disappear in any release; use the
 * types of {@code io.github.cutterrevert.testkit} instead.
 */
package io.github.cutterrevert.testkit.internal;
