package io.github.cutterrevert;

/**
 * The database server is a version the library does not support; nothing was read or written. It
 * names the version found and the oldest supported one.
 */
public final class UnsupportedDatabaseException extends CutterRevertException {
    private static final long serialVersionUID = 1L;

    private final String database;
    private final int foundMajor;
    private final String foundVersion;
    private final int minimumMajor;

    /**
     * Creates the exception.
     *
     * @param database the kind of database, e.g. {@code "PostgreSQL"}
     * @param foundMajor the server's major version, e.g. {@code 13}
     * @param foundVersion the server's full version as it reports it, e.g. {@code "13.23"}
     * @param minimumMajor the oldest supported major, e.g. {@code 14}
     */
    public UnsupportedDatabaseException(String database, int foundMajor, String foundVersion, int minimumMajor) {
        super(
                null,
                "expected " + database + " " + minimumMajor + " or newer but the server is " + database + " "
                        + InvalidInputException.describe(foundVersion) + " (major " + foundMajor
                        + "); nothing read or written",
                null);
        this.database = database;
        this.foundMajor = foundMajor;
        this.foundVersion = InvalidInputException.describe(foundVersion);
        this.minimumMajor = minimumMajor;
    }

    /**
     * The kind of database.
     *
     * @return e.g. {@code "PostgreSQL"}
     */
    public String database() {
        return database;
    }

    /**
     * The server's major version.
     *
     * @return e.g. {@code 13}
     */
    public int foundMajor() {
        return foundMajor;
    }

    /**
     * The server's full version, quoted and shortened as a safe description.
     *
     * @return e.g. {@code "13.23"} (with the quotes)
     */
    public String foundVersion() {
        return foundVersion;
    }

    /**
     * The oldest supported major.
     *
     * @return e.g. {@code 14}
     */
    public int minimumMajor() {
        return minimumMajor;
    }
}
