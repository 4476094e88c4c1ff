/**
 * The operator's command line for cutter-revert: {@code java -jar cutter-revert-cli-VERSION.jar
 * <command>}. A thin layer of parsing, configuration and printing over the public API of {@code
 * cutter-revert-core} and {@code cutter-revert-jooq}; it decides nothing the library does not.
 *
 * <p>{@link io.github.cutterrevert.cli.CutterRevertCli} is the entry point, {@link
 * io.github.cutterrevert.cli.ExitCode} the documented exit codes. Everything else is in the {@code
 * internal} package.
 */
package io.github.cutterrevert.cli;
