/**
 * The JDK Flight Recorder events cutter-revert commits. Their names, not these classes, are the
 * contract: see {@link io.github.cutterrevert.Observability}.
 *
 * <p><strong>Not API.</strong>
 */
package io.github.cutterrevert.internal.jfr;
