package io.github.cutterrevert.testkit.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A PostgreSQL JDBC URL split into its parts, so the testkit can point it at another database and
 * drop credentials before showing it. Immutable and thread-safe.
 *
 * <p>{@code jdbc:postgresql://db.example:5432/postgres?sslmode=require} has the host part {@code
 * db.example:5432}, the database {@code postgres} and the parameters {@code sslmode=require}.
 *
 * @param hosts the host part, one or more {@code host[:port]} separated by commas; may be empty
 * @param database the database name; empty when the URL names none
 * @param parameters the {@code key=value} parameters in their order, without credentials' special
 *     treatment
 */
public record JdbcUrl(String hosts, String database, List<String> parameters) {

    /** The prefix every PostgreSQL JDBC URL starts with. */
    public static final String PREFIX = "jdbc:postgresql:";

    private static final List<String> CREDENTIAL_KEYS = List.of("user", "password");

    /** Rejects nulls and copies the parameters. */
    public JdbcUrl {
        Objects.requireNonNull(hosts, "hosts");
        Objects.requireNonNull(database, "database");
        parameters = List.copyOf(parameters);
    }

    /**
     * Parses a PostgreSQL JDBC URL.
     *
     * @param url e.g. {@code jdbc:postgresql://localhost:5432/postgres?user=x}
     * @return its parts
     * @throws IllegalArgumentException if it does not start with {@code jdbc:postgresql:}
     */
    public static JdbcUrl parse(String url) {
        Objects.requireNonNull(url, "url");
        if (!url.startsWith(PREFIX)) {
            throw new IllegalArgumentException("JDBC URL must start with " + PREFIX + " but was " + redact(url));
        }
        String rest = url.substring(PREFIX.length());
        String query = "";
        int question = rest.indexOf('?');
        if (question >= 0) {
            query = rest.substring(question + 1);
            rest = rest.substring(0, question);
        }
        String hosts = "";
        String database = rest;
        if (rest.startsWith("//")) {
            String authority = rest.substring(2);
            int slash = authority.indexOf('/');
            hosts = slash < 0 ? authority : authority.substring(0, slash);
            database = slash < 0 ? "" : authority.substring(slash + 1);
        }
        List<String> parameters = new ArrayList<>();
        for (String parameter : query.split("&", -1)) {
            if (!parameter.isEmpty()) {
                parameters.add(parameter);
            }
        }
        return new JdbcUrl(hosts, database, parameters);
    }

    /**
     * Shows a URL with the values of its {@code user} and {@code password} parameters hidden; safe to
     * put in a message.
     *
     * @param url any string
     * @return the URL with credentials replaced by {@code ***}, or {@code <not a PostgreSQL JDBC
     *     URL>}
     */
    public static String redact(String url) {
        if (url == null || !url.startsWith(PREFIX)) {
            return "<not a PostgreSQL JDBC URL>";
        }
        JdbcUrl parsed = parse(url);
        List<String> shown = new ArrayList<>();
        for (String parameter : parsed.parameters) {
            shown.add(isCredential(parameter) ? key(parameter) + "=***" : parameter);
        }
        return new JdbcUrl(parsed.hosts, parsed.database, shown).toString();
    }

    /**
     * The same server and parameters, another database.
     *
     * @param name the database name
     * @return a new URL
     */
    public JdbcUrl withDatabase(String name) {
        Objects.requireNonNull(name, "name");
        return new JdbcUrl(hosts, name, parameters);
    }

    /**
     * The same URL without {@code user} and {@code password} parameters.
     *
     * @return a new URL
     */
    public JdbcUrl withoutCredentials() {
        return new JdbcUrl(
                hosts,
                database,
                parameters.stream().filter(p -> !isCredential(p)).toList());
    }

    /** The URL as a string, e.g. {@code jdbc:postgresql://localhost:5432/db?sslmode=disable}. */
    @Override
    public String toString() {
        StringBuilder url =
                new StringBuilder(PREFIX).append("//").append(hosts).append('/').append(database);
        if (!parameters.isEmpty()) {
            url.append('?').append(String.join("&", parameters));
        }
        return url.toString();
    }

    private static boolean isCredential(String parameter) {
        return CREDENTIAL_KEYS.contains(key(parameter).toLowerCase(Locale.ROOT));
    }

    private static String key(String parameter) {
        int equals = parameter.indexOf('=');
        return equals < 0 ? parameter : parameter.substring(0, equals);
    }
}
