package io.github.cutterrevert.cli.internal;

import java.io.PrintStream;
import java.util.Map;
import java.util.Optional;

/**
 * What a command sees of the world around it: the environment variables, where it prints, and
 * how it asks for a password. The process's own for {@code java -jar}; a test's for in-process
 * runs.
 *
 * @param environment the environment variables
 * @param out standard output: the command's report
 * @param err standard error: errors and the library's log
 * @param prompt reads a password without echo, when there is a terminal
 */
public record Context(Map<String, String> environment, PrintStream out, PrintStream err, PasswordPrompt prompt) {

    /** Copies the environment. */
    public Context {
        environment = Map.copyOf(environment);
    }

    /**
     * The value of an environment variable, when set and not blank.
     *
     * @param name e.g. {@code CUTTER_JDBC_URL}
     * @return its value
     */
    public Optional<String> env(String name) {
        return Optional.ofNullable(environment.get(name)).filter(value -> !value.isBlank());
    }

    /** Reads a password without echoing it. */
    @FunctionalInterface
    public interface PasswordPrompt {
        /**
         * Asks for a password.
         *
         * @param prompt the prompt text
         * @return the password, empty when there is no terminal to ask on
         */
        Optional<char[]> read(String prompt);
    }
}
