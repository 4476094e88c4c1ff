package io.github.cutterrevert.testkit.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The reference schema DDL shipped with the testkit ({@code reference-schema-v1.sql}) and a marker
 * that identifies its exact content. Stateless and thread-safe.
 */
public final class ReferenceSchema {

    /** The classpath location of the DDL. */
    public static final String RESOURCE = "/io/github/cutterrevert/testkit/reference-schema-v1.sql";

    private ReferenceSchema() {}

    /**
     * The DDL, as one script.
     *
     * @return the SQL text
     * @throws UncheckedIOException if the resource cannot be read
     */
    public static String sql() {
        try (InputStream in = ReferenceSchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new UncheckedIOException(
                        new IOException("resource " + RESOURCE + " is missing from the classpath"));
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + RESOURCE, e);
        }
    }

    /**
     * A marker naming the schema version and its content's SHA-256, stored as the template
     * database's comment so a changed DDL rebuilds the template.
     *
     * @return e.g. {@code cutter-revert reference schema v1 sha256:…}
     */
    public static String marker() {
        return marker(RESOURCE, sql());
    }

    /**
     * A marker naming a schema resource and its content's SHA-256.
     *
     * @param resource the classpath location
     * @param sql its content
     * @return e.g. {@code cutter-revert schema /io/.../renamed-schema-v1.sql sha256:…}
     */
    public static String marker(String resource, String sql) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(sql.getBytes(StandardCharsets.UTF_8));
            String name = RESOURCE.equals(resource) ? "reference schema v1" : "schema " + resource;
            return "cutter-revert " + name + " sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK ships SHA-256", e);
        }
    }
}
