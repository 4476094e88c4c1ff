package io.github.cutterrevert.testkit.internal;

import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * Which PostgreSQL server the testkit uses, decided from system properties and environment
 * variables without starting anything.
 *
 * <p>Rules, first match wins:
 *
 * <ol>
 *   <li>{@code cutter.test.jdbc-url} / {@code CUTTER_TEST_JDBC_URL} is set: use that server
 *       ({@link External}), with {@code cutter.test.user} / {@code CUTTER_TEST_USER} and {@code
 *       cutter.test.password} / {@code CUTTER_TEST_PASSWORD}.
 *   <li>{@code cutter.test.database} / {@code CUTTER_TEST_DATABASE} is {@code testcontainers}:
 *       start a container ({@link Containerized}).
 *   <li>Otherwise (or when it is {@code embedded}): start an embedded server ({@link Embedded}).
 * </ol>
 *
 * <p>{@code cutter.test.postgres} / {@code CUTTER_TEST_POSTGRES} (e.g. {@code 14}) asks for a
 * PostgreSQL major: the embedded server then runs that major's binaries (see {@link
 * EmbeddedBinaries}) and a container the {@code postgres:<major>} image. Without it the embedded
 * server runs the binaries on the classpath and a container {@value #DEFAULT_IMAGE}.
 *
 * A system property always wins over the environment variable of the same meaning. Values are
 * immutable and thread-safe.
 */
public sealed interface ServerChoice {

    /** System property naming an external server's JDBC URL. */
    String JDBC_URL_PROPERTY = "cutter.test.jdbc-url";
    /** Environment variable naming an external server's JDBC URL. */
    String JDBC_URL_ENV = "CUTTER_TEST_JDBC_URL";
    /** System property naming the external server's user. */
    String USER_PROPERTY = "cutter.test.user";
    /** Environment variable naming the external server's user. */
    String USER_ENV = "CUTTER_TEST_USER";
    /** System property naming the external server's password. */
    String PASSWORD_PROPERTY = "cutter.test.password";
    /** Environment variable naming the external server's password. */
    String PASSWORD_ENV = "CUTTER_TEST_PASSWORD";
    /** System property choosing {@code embedded} or {@code testcontainers}. */
    String DATABASE_PROPERTY = "cutter.test.database";
    /** Environment variable choosing {@code embedded} or {@code testcontainers}. */
    String DATABASE_ENV = "CUTTER_TEST_DATABASE";
    /** System property asking for a PostgreSQL major, e.g. {@code 14}. */
    String MAJOR_PROPERTY = "cutter.test.postgres";
    /** Environment variable asking for a PostgreSQL major, e.g. {@code 14}. */
    String MAJOR_ENV = "CUTTER_TEST_POSTGRES";
    /** The container image used by {@link Containerized} unless told otherwise. */
    String DEFAULT_IMAGE = "postgres:18";
    /** The user assumed for an external server when none is given. */
    String DEFAULT_USER = "postgres";

    /**
     * An already running server reached through a JDBC URL; its user must be allowed to create
     * databases and roles.
     *
     * @param jdbcUrl the URL as given, possibly with a database name and parameters
     * @param user the user to connect as; empty when the URL names it
     * @param password the password, empty when none is needed
     */
    record External(String jdbcUrl, String user, String password) implements ServerChoice {
        /** Rejects nulls and a URL that is not a PostgreSQL JDBC URL. */
        public External {
            Objects.requireNonNull(jdbcUrl, "jdbcUrl");
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
            requireServerUrl(jdbcUrl);
        }

        /** Shows the URL without credentials. */
        @Override
        public String toString() {
            return "External[" + JdbcUrl.redact(jdbcUrl) + ", user=" + user + "]";
        }
    }

    /**
     * A throw-away server in a Testcontainers container.
     *
     * @param image the Docker image, e.g. {@code postgres:18}
     */
    record Containerized(String image) implements ServerChoice {
        /** Rejects a null or blank image. */
        public Containerized {
            Objects.requireNonNull(image, "image");
            if (image.isBlank()) {
                throw new IllegalArgumentException("image must not be blank");
            }
        }
    }

    /**
     * An embedded server started from the binaries shipped as a Maven artifact.
     *
     * @param major the PostgreSQL major whose binaries to run, or {@link #CLASSPATH_BINARIES} for
     *     the binaries on the classpath
     */
    record Embedded(int major) implements ServerChoice {
        /** The {@link #major()} meaning "whatever binaries the classpath carries". */
        public static final int CLASSPATH_BINARIES = 0;

        /** Rejects a major that is neither {@link #CLASSPATH_BINARIES} nor a plausible major. */
        public Embedded {
            if (major != CLASSPATH_BINARIES && (major < 9 || major > 99)) {
                throw new IllegalArgumentException(
                        MAJOR_PROPERTY + " must be a PostgreSQL major such as 14 or 18 but was " + major);
            }
        }

        /** The binaries on the classpath. */
        public Embedded() {
            this(CLASSPATH_BINARIES);
        }
    }

    /**
     * Chooses the server from the running JVM's system properties and environment.
     *
     * @return the choice
     * @throws IllegalArgumentException if {@code cutter.test.database} names an unknown server
     */
    static ServerChoice fromEnvironment() {
        return select(System::getProperty, System::getenv);
    }

    /**
     * Chooses the server; a pure function of its two lookups.
     *
     * @param systemProperties looks a system property up, returning {@code null} when unset
     * @param environment looks an environment variable up, returning {@code null} when unset
     * @return the choice
     * @throws IllegalArgumentException if {@code cutter.test.database} names an unknown server
     */
    static ServerChoice select(Function<String, String> systemProperties, Function<String, String> environment) {
        Objects.requireNonNull(systemProperties, "systemProperties");
        Objects.requireNonNull(environment, "environment");
        String url = lookup(systemProperties, environment, JDBC_URL_PROPERTY, JDBC_URL_ENV);
        if (url != null) {
            requireServerUrl(url);
            String user = lookup(systemProperties, environment, USER_PROPERTY, USER_ENV);
            // A password is taken verbatim: blanks may be part of it.
            String password = systemProperties.apply(PASSWORD_PROPERTY);
            if (password == null) {
                password = environment.apply(PASSWORD_ENV);
            }
            if (user == null) {
                // Credentials inside the URL are honoured; otherwise assume the usual superuser.
                boolean urlNamesUser = JdbcUrl.parse(url).parameters().stream()
                        .anyMatch(p -> p.toLowerCase(Locale.ROOT).startsWith("user="));
                user = urlNamesUser ? "" : DEFAULT_USER;
            }
            return new External(url, user, password == null ? "" : password);
        }
        int major = major(lookup(systemProperties, environment, MAJOR_PROPERTY, MAJOR_ENV));
        String database = lookup(systemProperties, environment, DATABASE_PROPERTY, DATABASE_ENV);
        if (database == null) {
            return new Embedded(major);
        }
        return switch (database.toLowerCase(Locale.ROOT)) {
            case "embedded" -> new Embedded(major);
            case "testcontainers" ->
                new Containerized(major == Embedded.CLASSPATH_BINARIES ? DEFAULT_IMAGE : "postgres:" + major);
            default ->
                throw new IllegalArgumentException(
                        DATABASE_PROPERTY + " must be one of embedded, testcontainers but was " + database);
        };
    }

    private static int major(String value) {
        if (value == null) {
            return Embedded.CLASSPATH_BINARIES;
        }
        if (!value.matches("[0-9]{1,2}")) {
            throw new IllegalArgumentException(
                    MAJOR_PROPERTY + " must be a PostgreSQL major such as 14 or 18 but was " + value);
        }
        return new Embedded(Integer.parseInt(value)).major();
    }

    private static void requireServerUrl(String url) {
        if (!url.startsWith(JdbcUrl.PREFIX + "//")) {
            throw new IllegalArgumentException(
                    JDBC_URL_PROPERTY + " must start with " + JdbcUrl.PREFIX + "// but was " + JdbcUrl.redact(url));
        }
    }

    private static String lookup(
            Function<String, String> systemProperties,
            Function<String, String> environment,
            String property,
            String variable) {
        String value = systemProperties.apply(property);
        if (value == null || value.isBlank()) {
            value = environment.apply(variable);
        }
        return value == null || value.isBlank() ? null : value.strip();
    }
}
