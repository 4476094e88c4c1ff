package io.github.cutterrevert.testkit.bench;

import io.github.cutterrevert.testkit.internal.JdbcUrl;
import io.github.cutterrevert.testkit.internal.PostgresProvider;
import io.github.cutterrevert.testkit.internal.PostgresServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * Which server the figures come from: {@link #DURABLE} (the headline) or {@link #FAST} (the
 * testkit's throw-away server).
 */
enum Durability {
    /**
     * An embedded server of its own with PostgreSQL's durable defaults: {@code fsync},
     * {@code synchronous_commit} and {@code full_page_writes} on, so every COMMIT waits for its WAL
     * flush as in production.
     */
    DURABLE,

    /**
     * The testkit's shared server: embedded with {@code fsync}, {@code synchronous_commit} and
     * {@code full_page_writes} off (or the server the environment names), so a COMMIT costs
     * almost nothing and the fixed per-statement costs show more.
     */
    FAST;

    /** The name in options and results: {@code durable} or {@code fast}. */
    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Durability parse(String text) {
        for (Durability durability : values()) {
            if (durability.label().equals(text.strip().toLowerCase(Locale.ROOT))) {
                return durability;
            }
        }
        throw new IllegalArgumentException("bench.durability must list durable and/or fast but held '" + text + "'");
    }

    /**
     * Starts (durable) or borrows (fast) the server.
     *
     * @return the server; close it when done (closing the shared one does nothing here)
     */
    Server start() {
        return switch (this) {
            case FAST -> new Server(PostgresProvider.shared(), false);
            case DURABLE -> {
                try {
                    EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                            .setRegisterShutdownHook(true)
                            .setServerConfig("fsync", "on")
                            .setServerConfig("synchronous_commit", "on")
                            .setServerConfig("full_page_writes", "on")
                            .start();
                    yield new Server(
                            new PostgresServer(
                                    "durable embedded PostgreSQL on port " + postgres.getPort(),
                                    JdbcUrl.parse("jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres"),
                                    "postgres",
                                    "",
                                    postgres),
                            true);
                } catch (IOException e) {
                    throw new UncheckedIOException("could not start the durable embedded PostgreSQL", e);
                }
            }
        };
    }

    /**
     * A server for one durability setting.
     *
     * @param server the server
     * @param owned whether closing stops it (the shared server is left to its shutdown hook)
     */
    record Server(PostgresServer server, boolean owned) implements AutoCloseable {
        @Override
        public void close() {
            if (owned) {
                server.close();
            }
        }
    }
}
