package io.github.cutterrevert.testkit.internal;

import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The only class that touches Testcontainers, loaded only when a container is asked for: the
 * testkit declares Testcontainers optional, so users who never ask need not have it. Stateless.
 */
final class Containers {
    private Containers() {}

    /** Starts a container and wraps it; the returned server stops it. */
    static PostgresServer start(String image) {
        PostgreSQLContainer container = new PostgreSQLContainer(DockerImageName.parse(image));
        container.start();
        return new PostgresServer(
                "Testcontainers " + image + " at " + container.getHost() + ":" + container.getFirstMappedPort(),
                JdbcUrl.parse(container.getJdbcUrl()),
                container.getUsername(),
                container.getPassword(),
                container::stop);
    }
}
