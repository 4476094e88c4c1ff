package io.github.cutterrevert.cli;

import io.github.cutterrevert.cli.internal.Cli;

/**
 * The command line's entry point: {@code java -jar cutter-revert-cli-VERSION.jar <command>
 * [options]}; {@code --help} lists the commands, {@code <command> --help} their options. Exits
 * with one of the {@link ExitCode}s.
 *
 * <pre>{@code
 * export CUTTER_JDBC_URL=jdbc:postgresql://db.example.org/orchestrator CUTTER_JDBC_USER=cutter_exec
 * export CUTTER_JDBC_PASSWORD_FILE=/etc/cutter/db-password CUTTER_HOME=/var/lib/cutter
 * java -jar cutter-revert-cli.jar status
 * java -jar cutter-revert-cli.jar plan --run run-42 --failed-at write_verify
 * }</pre>
 *
 * <p>Not instantiable; thread-safe (each call parses its own arguments).
 */
public final class CutterRevertCli {
    private CutterRevertCli() {}

    /**
     * Runs one command and exits the JVM with its {@linkplain ExitCode exit code}.
     *
     * @param args the command and its options
     */
    public static void main(String... args) {
        System.exit(run(args));
    }

    /**
     * Runs one command with the process's environment, standard output and error, and returns its
     * exit code instead of exiting (for launchers and tests).
     *
     * @param args the command and its options
     * @return the {@linkplain ExitCode#code() exit code}
     */
    public static int run(String... args) {
        return Cli.system().run(args);
    }
}
