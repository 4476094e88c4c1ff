package io.github.cutterrevert.testkit.internal;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Provides the one PostgreSQL server of this JVM, chosen by {@link ServerChoice#fromEnvironment()},
 * started on first use and stopped by a JVM shutdown hook.
 *
 * <p>Thread-safe: concurrent first calls start a single server. A failed start is remembered, so
 * later callers fail fast with the same cause instead of trying again.
 */
public final class PostgresProvider {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresProvider.class);
    private static final Object LOCK = new Object();
    private static PostgresServer shared; // guarded by LOCK
    private static RuntimeException startFailure; // guarded by LOCK

    private PostgresProvider() {}

    /**
     * The JVM's shared server, started on the first call.
     *
     * @return the running server; never stop it yourself
     * @throws IllegalStateException if the server cannot be (or earlier could not be) started
     */
    public static PostgresServer shared() {
        synchronized (LOCK) {
            if (startFailure != null) {
                throw new IllegalStateException(
                        "the testkit's PostgreSQL server failed to start earlier in this JVM", startFailure);
            }
            if (shared == null) {
                ServerChoice choice = ServerChoice.fromEnvironment();
                try {
                    PostgresServer server = start(choice);
                    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "cutter-postgres-shutdown"));
                    shared = server;
                } catch (RuntimeException e) {
                    startFailure = e;
                    throw new IllegalStateException(
                            "could not start the testkit's PostgreSQL server (" + choice + ")", e);
                }
            }
            return shared;
        }
    }

    /**
     * Starts (or, for {@link ServerChoice.External}, just describes) a server; the caller owns it and
     * closes it.
     *
     * @param choice which server
     * @return the running server
     * @throws UncheckedIOException if the embedded server cannot start
     * @throws RuntimeException whatever Testcontainers throws when a container cannot start
     */
    public static PostgresServer start(ServerChoice choice) {
        Objects.requireNonNull(choice, "choice");
        long started = System.nanoTime();
        PostgresServer server =
                switch (choice) {
                    case ServerChoice.External external -> {
                        JdbcUrl url = JdbcUrl.parse(external.jdbcUrl());
                        yield new PostgresServer(
                                "external PostgreSQL at " + url.withoutCredentials(),
                                url,
                                external.user(),
                                external.password(),
                                () -> {});
                    }
                    case ServerChoice.Containerized containerized -> startContainer(containerized.image());
                    case ServerChoice.Embedded embedded -> startEmbedded(embedded.major());
                };
        LOG.info(
                "{} ready in {} ms (PostgreSQL {})", server, (System.nanoTime() - started) / 1_000_000, server.major());
        return server;
    }

    /** The class that proves Testcontainers' PostgreSQL module is on the classpath. */
    static final String CONTAINER_CLASS = "org.testcontainers.postgresql.PostgreSQLContainer";

    private static PostgresServer startContainer(String image) {
        requireOnClasspath(CONTAINER_CLASS);
        return Containers.start(image);
    }

    /**
     * Testcontainers is an optional dependency of the testkit: a user who asks for it must add it.
     *
     * @throws IllegalStateException naming the artifact to add when the class is missing
     */
    static void requireOnClasspath(String className) {
        try {
            Class.forName(className, false, PostgresProvider.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(
                    ServerChoice.DATABASE_PROPERTY + "=testcontainers needs Testcontainers on the test classpath,"
                            + " but " + className + " is missing: add org.testcontainers:testcontainers-postgresql"
                            + " (test scope) next to cutter-revert-testkit, which declares it optional",
                    e);
        }
    }

    private static PostgresServer startEmbedded(int major) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
            if (major != ServerChoice.Embedded.CLASSPATH_BINARIES) {
                builder.setPgBinaryResolver(new EmbeddedBinaries(major));
            }
            EmbeddedPostgres postgres = builder.setRegisterShutdownHook(false)
                    // A throw-away server: durability buys nothing and costs every commit and clone.
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .start();
            PostgresServer server = new PostgresServer(
                    "embedded PostgreSQL on port " + postgres.getPort(),
                    JdbcUrl.parse("jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres"),
                    "postgres",
                    "",
                    postgres);
            if (major != ServerChoice.Embedded.CLASSPATH_BINARIES && server.major() != major) {
                server.close();
                throw new IllegalStateException("asked for PostgreSQL " + major + " (" + ServerChoice.MAJOR_PROPERTY
                        + ") but the embedded server runs " + server.major());
            }
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL", e);
        }
    }
}
