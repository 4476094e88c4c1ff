package io.github.cutterrevert.testkit.demo;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Where the demo writes, and quiet library logs. Stateless. */
final class DemoFiles {
    private static final Path WORKING_DIRECTORY = Path.of("").toAbsolutePath();

    private DemoFiles() {}

    /**
     * The module's {@code target/<name>} directory, emptied: found from where the class was
     * loaded ({@code target/classes}), else {@code target/<name>} in the working directory.
     */
    static Path freshDirectory(Class<?> anchor, String name) throws IOException {
        Path target = Path.of("target").toAbsolutePath();
        try {
            Path classes = Path.of(
                    anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isDirectory(classes)
                    && classes.getParent().getFileName().toString().equals("target")) {
                target = classes.getParent();
            }
        } catch (URISyntaxException | RuntimeException e) {
            // A jar or an unusual class loader: keep the working directory's target.
        }
        Path directory = target.resolve(name);
        if (Files.exists(directory)) {
            try (Stream<Path> walk = Files.walk(directory)) {
                for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
        return Files.createDirectories(directory);
    }

    /** A small text file's content. */
    static String read(Path file) {
        try {
            return Files.readString(file, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A path relative to the working directory when below it, for shorter lines. */
    static String relative(Path path) {
        Path absolute = path.toAbsolutePath();
        return absolute.startsWith(WORKING_DIRECTORY)
                ? WORKING_DIRECTORY.relativize(absolute).toString()
                : absolute.toString();
    }

    /**
     * Keeps the library's log lines (one per statement at INFO) out of the story; a level given on
     * the command line, e.g. {@code -Dorg.slf4j.simpleLogger.log.io.github.cutterrevert=info}, wins.
     * System properties override the testkit's {@code simplelogger.properties}.
     */
    static void quietLibraryLogs() {
        for (String logger : new String[] {"defaultLogLevel", "log.io.github.cutterrevert", "log.org.jooq"}) {
            String key = "org.slf4j.simpleLogger." + logger;
            if (System.getProperty(key) == null) {
                System.setProperty(key, "warn");
            }
        }
    }
}
