package io.github.cutterrevert;

import java.util.Optional;

/**
 * What the fail-closed procedure records of a failure: a library exception's own message (it names
 * step, table, counts and SQLSTATE, never row contents); for any other exception its type and
 * SQLSTATE when it comes from the database, else its type and the first line of its message.
 * Stateless.
 */
final class FailureVerdicts {
    /** Longest first line of a foreign exception's message that is recorded. */
    private static final int MAX_FOREIGN_MESSAGE = 300;

    private FailureVerdicts() {}

    /**
     * The verdict recorded for a failure during execution. A library exception's message is its
     * own (it names step, table, counts and SQLSTATE, never row contents); for any other exception
     * only its type and SQLSTATE are kept when it comes from the database (whose text can quote row
     * values), else its type and the first line of its message.
     */
    static Verdict.Failed of(RuntimeException e) {
        if (e instanceof CutterRevertException library) {
            Optional<String> sqlState =
                    switch (library) {
                        case StepFailedException step -> step.sqlState();
                        case CompensationTimeoutException timeout -> Optional.of(timeout.sqlState());
                        default -> Optional.empty();
                    };
            return new Verdict.Failed(String.valueOf(library.getMessage()), sqlState);
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (isSqlException(cause)) {
                Optional<String> sqlState = sqlState(cause);
                return new Verdict.Failed(
                        e.getClass().getSimpleName() + ": database error"
                                + sqlState.map(state -> " SQLSTATE " + state).orElse("")
                                + " (the database's message is not recorded: it can quote row values)",
                        sqlState);
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        String message = e.getMessage() == null
                ? ""
                : e.getMessage().strip().lines().findFirst().orElse("");
        if (message.length() > MAX_FOREIGN_MESSAGE) {
            message = message.substring(0, MAX_FOREIGN_MESSAGE) + "...";
        }
        return new Verdict.Failed(
                e.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message), Optional.empty());
    }

    /** Core reads no JDBC module: a {@code java.sql.SQLException} is recognised by its class name. */
    private static boolean isSqlException(Throwable t) {
        for (Class<?> type = t.getClass(); type != null; type = type.getSuperclass()) {
            if (type.getName().equals("java.sql.SQLException")) {
                return true;
            }
        }
        return false;
    }

    private static Optional<String> sqlState(Throwable sqlException) {
        try {
            return Optional.ofNullable(
                    (String) sqlException.getClass().getMethod("getSQLState").invoke(sqlException));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
