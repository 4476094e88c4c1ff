/**
 * Internals of the command line: the commands, configuration resolution, approval files and
 * output.
 *
 * <p><strong>Not API.</strong> Anything here may change or disappear in any release; script against
 * the commands, their {@code --json} output and {@link io.github.cutterrevert.cli.ExitCode}
 * instead.
 */
package io.github.cutterrevert.cli.internal;
