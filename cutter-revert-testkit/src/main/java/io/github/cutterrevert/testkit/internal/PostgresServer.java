package io.github.cutterrevert.testkit.internal;

import io.github.cutterrevert.testkit.SchemaVariant;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.jooq.exception.DataAccessException;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running PostgreSQL server the testkit may create databases on: how to reach it, how to stop
 * it, and the reference template ({@value #TEMPLATE}) every fresh database is cloned from.
 *
 * <p>Thread-safe: the template is built at most once per instance (and, through an advisory lock,
 * once per server across JVMs); databases may be created and dropped concurrently.
 */
public final class PostgresServer implements AutoCloseable {

    /** The template database holding the reference schema, version 1. */
    public static final String TEMPLATE = "cutter_template_v1";

    private static final Logger LOG = LoggerFactory.getLogger(PostgresServer.class);
    private static final int MAX_HINT_LENGTH = 40;

    private final String description;
    private final JdbcUrl adminUrl;
    private final String user;
    private final String password;
    private final AutoCloseable stopper;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final AtomicBoolean cloneTimeLogged = new AtomicBoolean();
    private final Object templateLock = new Object();
    private final Set<SchemaVariant> templatesReady = EnumSet.noneOf(SchemaVariant.class); // guarded by templateLock

    /**
     * Wraps a started server.
     *
     * @param description what the server is, for messages, e.g. {@code embedded PostgreSQL on port
     *     5432}; must hold no credentials
     * @param adminUrl a URL to the maintenance database, possibly with credential parameters
     * @param user the superuser; empty when {@code adminUrl} names it
     * @param password the superuser's password; empty when none or when {@code adminUrl} holds it
     * @param stopper stops the server; a no-op for a server the testkit did not start
     */
    public PostgresServer(String description, JdbcUrl adminUrl, String user, String password, AutoCloseable stopper) {
        this.description = Objects.requireNonNull(description, "description");
        this.adminUrl = Objects.requireNonNull(adminUrl, "adminUrl");
        this.user = Objects.requireNonNull(user, "user");
        this.password = Objects.requireNonNull(password, "password");
        this.stopper = Objects.requireNonNull(stopper, "stopper");
    }

    /**
     * The maintenance database the admin URL points at ({@code postgres} when it names none).
     *
     * @return a database name
     */
    public String maintenanceDatabase() {
        return adminUrl.database().isEmpty() ? "postgres" : adminUrl.database();
    }

    /**
     * The URL of a database on this server, without credentials.
     *
     * @param database the database name
     * @return e.g. {@code jdbc:postgresql://localhost:5432/cutter_x_1a2b3c4d}
     */
    public String jdbcUrl(String database) {
        return adminUrl.withDatabase(database).withoutCredentials().toString();
    }

    /**
     * A data source connecting to a database as the server's superuser.
     *
     * @param database the database name
     * @return a new, unpooled data source
     */
    public DataSource dataSource(String database) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(adminUrl.withDatabase(database).toString());
        if (!user.isEmpty()) {
            dataSource.setUser(user);
        }
        if (!password.isEmpty()) {
            dataSource.setPassword(password);
        }
        return dataSource;
    }

    /**
     * A data source connecting to a database as another role.
     *
     * @param database the database name
     * @param role the role to log in as
     * @param rolePassword its password
     * @return a new, unpooled data source
     */
    public DataSource dataSourceAs(String database, String role, String rolePassword) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(jdbcUrl(database));
        dataSource.setUser(Objects.requireNonNull(role, "role"));
        dataSource.setPassword(Objects.requireNonNull(rolePassword, "rolePassword"));
        return dataSource;
    }

    /**
     * The choice that reaches this same server as an external one, e.g. to hand it to another JVM
     * through {@code cutter.test.jdbc-url}.
     *
     * @return the admin URL and credentials; treat the password as a secret
     */
    public ServerChoice.External asExternal() {
        return new ServerChoice.External(adminUrl.toString(), user, password);
    }

    /**
     * Creates a fresh database cloned from the reference template, building the template first if
     * this server has none (or an outdated one).
     *
     * @param nameHint a readable part of the name, e.g. the test class's simple name
     * @return the new database's name, e.g. {@code cutter_ledgerit_3fa9c2d1}
     * @throws DataAccessException if the server refuses
     */
    public String createDatabase(String nameHint) {
        return createDatabase(nameHint, SchemaVariant.REFERENCE);
    }

    /**
     * Creates a fresh database cloned from a schema variant's template, building the template
     * first if this server has none (or an outdated one).
     *
     * @param nameHint a readable part of the name, e.g. the test class's simple name
     * @param variant the schema the database holds
     * @return the new database's name
     * @throws DataAccessException if the server refuses
     */
    public String createDatabase(String nameHint, SchemaVariant variant) {
        Objects.requireNonNull(nameHint, "nameHint");
        Objects.requireNonNull(variant, "variant");
        ensureTemplate(variant);
        String name = databaseName(nameHint);
        long started = System.nanoTime();
        String template = variant.templateName();
        execute(maintenanceDatabase(), "CREATE DATABASE " + name + " TEMPLATE " + template, "clone " + template);
        long micros = (System.nanoTime() - started) / 1_000;
        if (cloneTimeLogged.compareAndSet(false, true)) {
            LOG.debug("fresh database {} cloned from {} in {} ms on {}", name, template, micros / 1000.0, description);
        }
        return name;
    }

    /**
     * Drops a database the testkit created, ending its open connections first.
     *
     * @param name the database name, as returned by {@link #createDatabase(String)}
     * @throws IllegalArgumentException if the name is not one {@link #createDatabase(String)} makes
     * @throws DataAccessException if the server refuses
     */
    public void dropDatabase(String name) {
        Objects.requireNonNull(name, "name");
        requireSafeName(name);
        execute(maintenanceDatabase(), "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)", "drop " + name);
    }

    /**
     * The server's PostgreSQL major, asked from the server itself ({@code server_version_num}).
     *
     * @return e.g. {@code 18}
     * @throws DataAccessException if the server cannot be reached
     */
    public int major() {
        try (Connection connection = dataSource(maintenanceDatabase()).getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SHOW server_version_num")) {
            rows.next();
            return Integer.parseInt(rows.getString(1)) / 10_000;
        } catch (SQLException e) {
            throw new DataAccessException("could not read the server version of " + description, e);
        }
    }

    /** Stops the server if the testkit started it; later calls do nothing. */
    @Override
    public void close() {
        if (stopped.compareAndSet(false, true)) {
            try {
                stopper.close();
            } catch (Exception e) {
                throw new IllegalStateException("could not stop " + description, e);
            }
        }
    }

    /** Describes the server without credentials. */
    @Override
    public String toString() {
        return "PostgresServer[" + description + "]";
    }

    private void ensureTemplate(SchemaVariant variant) {
        synchronized (templateLock) {
            if (!templatesReady.contains(variant)) {
                long started = System.nanoTime();
                boolean built = buildTemplateIfNeeded(variant);
                LOG.info(
                        "{} template {} on {} in {} ms",
                        built ? "built" : "reused",
                        variant.templateName(),
                        description,
                        (System.nanoTime() - started) / 1_000_000);
                templatesReady.add(variant);
            }
        }
    }

    private boolean buildTemplateIfNeeded(SchemaVariant variant) {
        String template = variant.templateName();
        String sql = variant.sql();
        String marker = ReferenceSchema.marker(variant.resource(), sql);
        try (Connection admin = dataSource(maintenanceDatabase()).getConnection();
                Statement statement = admin.createStatement()) {
            // Several JVMs may share an external server: one builds, the others wait and reuse.
            statement.execute("SELECT pg_advisory_lock(hashtext('" + template + "'))");
            try {
                String found = templateMarker(admin, template);
                if (marker.equals(found)) {
                    return false;
                }
                if (found != null) {
                    statement.execute("ALTER DATABASE " + template + " IS_TEMPLATE false");
                    statement.execute("DROP DATABASE " + template + " WITH (FORCE)");
                }
                statement.execute("CREATE DATABASE " + template + " TEMPLATE template0 ENCODING 'UTF8'");
                try (Connection connection = dataSource(template).getConnection();
                        Statement apply = connection.createStatement()) {
                    apply.execute(sql);
                }
                statement.execute("COMMENT ON DATABASE " + template + " IS '" + marker + "'");
                // No connections to the template: an open one would make every clone fail.
                statement.execute("ALTER DATABASE " + template + " IS_TEMPLATE true ALLOW_CONNECTIONS false");
                return true;
            } finally {
                statement.execute("SELECT pg_advisory_unlock(hashtext('" + template + "'))");
            }
        } catch (SQLException e) {
            throw new DataAccessException("could not build template " + template + " on " + description, e);
        }
    }

    private static String templateMarker(Connection admin, String template) throws SQLException {
        try (PreparedStatement query = admin.prepareStatement(
                "SELECT coalesce(shobj_description(oid, 'pg_database'), '') FROM pg_database WHERE datname = ?")) {
            query.setString(1, template);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }

    private void execute(String database, String sql, String what) {
        try (Connection connection = dataSource(database).getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new DataAccessException("could not " + what + " on " + description, e);
        }
    }

    static String databaseName(String nameHint) {
        String hint =
                nameHint.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
        if (hint.length() > MAX_HINT_LENGTH) {
            hint = hint.substring(0, MAX_HINT_LENGTH);
        }
        String random = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        return hint.isEmpty() ? "cutter_" + random : "cutter_" + hint + "_" + random;
    }

    private static void requireSafeName(String name) {
        // Names are spliced into DDL, which takes no bind parameters.
        boolean template = java.util.Arrays.stream(SchemaVariant.values())
                .anyMatch(variant -> variant.templateName().equals(name));
        if (!name.matches("cutter_[a-z0-9_]{1,56}") || template) {
            throw new IllegalArgumentException(
                    "database name must be one the testkit created (cutter_[a-z0-9_]+, not a template) but was "
                            + name);
        }
    }
}
