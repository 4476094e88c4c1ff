package io.github.cutterrevert.testkit.bench;

import io.github.cutterrevert.DecisionSigner;
import io.github.cutterrevert.FailClosed;
import io.github.cutterrevert.Mode;
import io.github.cutterrevert.jooq.PostgresTarget;
import io.github.cutterrevert.testkit.internal.PostgresServer;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The benchmark: for each server setting (durable, then fast) and size, the library's {@code
 * execute()} (soft and hard), the seed runbook's own SQL and a per-row JDBC loop, each
 * compensating the same failed cut in a fresh clone, interleaved, several repetitions each;
 * medians, paired ratios with their interquartile range and per-statement profiles to the console
 * and to {@code cutter-revert-testkit/target/bench/results.json}.
 *
 * <pre>{@code
 * ./mvnw -q -Pbench verify                      # 1,000, 10,000 and 100,000 units, durable and fast
 * ./mvnw -q -Pbench verify -Dbench.sizes=1000,10000 -Dbench.reps=3 -Dbench.durability=fast
 * }</pre>
 *
 * <p>Options (system properties): {@code bench.sizes}, {@code bench.reps}, {@code bench.warmup},
 * {@code bench.perRowMax} and {@code bench.durability}, see {@link BenchOptions}. The library's compensating decision is
 * signed with an Ed25519 key generated for the run.
 */
public final class Benchmark {
    private final BenchOptions options;
    private final PrintStream out;
    private final Path home;

    private Benchmark(BenchOptions options, PrintStream out, Path home) {
        this.options = options;
        this.out = out;
        this.home = home;
    }

    /**
     * Runs the benchmark.
     *
     * @param args ignored; options are system properties
     * @throws Exception if a contender did not do exactly the planned work, or the database refuses
     */
    public static void main(String[] args) throws Exception {
        quietLibraryLogs();
        new Benchmark(BenchOptions.fromSystemProperties(), System.out, freshDirectory()).run();
    }

    private void run() throws Exception {
        long started = System.nanoTime();
        out.println();
        out.println("cutter-revert benchmark: execute() against the runbook's SQL and a per-row loop");
        out.println("================================================================================");
        out.printf(
                Locale.ROOT,
                "  sizes %s units x %d versions, repetitions %s (paired, interleaved), %d warm-up round(s),"
                        + " per-row up to %,d units, servers %s%n",
                options.sizes(),
                World.VERSIONS_PER_UNIT,
                options.repsDescription(),
                options.warmup(),
                options.perRowMax(),
                options.durabilities().stream().map(Durability::label).toList());
        Map<String, Object> machine = Machine.describe();
        machine.put("load_average_at_start", loadAverage());
        out.println("  machine " + machine);
        DecisionSigner signer = new DecisionSigner(
                "bench-key",
                KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate());
        FailClosed failClosed = FailClosed.inDirectories(home.resolve("rollback"), home.resolve("locks"));
        Report report = new Report();
        Map<String, Object> servers = new LinkedHashMap<>();
        for (Durability durability : options.durabilities()) {
            try (Durability.Server running = durability.start()) {
                PostgresServer server = running.server();
                Map<String, Object> postgres = Machine.postgres(server.dataSource(server.maintenanceDatabase()));
                servers.put(durability.label(), postgres);
                out.printf(Locale.ROOT, "%n  %s: %s %s%n", durability.label(), server, postgres);
                measureAll(server, durability, report, failClosed, signer);
            }
        }
        long wall = System.nanoTime() - started;
        // Other processes on a shared machine bend every figure: say how busy it was.
        machine.put("load_average_at_end", loadAverage());
        // The fields of earlier results files: the headline server's version and settings.
        @SuppressWarnings("unchecked")
        Map<String, Object> headline =
                (Map<String, Object>) servers.values().iterator().next();
        machine.putAll(headline);
        machine.put("postgresql_by_durability", servers);
        out.println();
        out.println("Results (medians; paired = median of per-repetition ratios, [interquartile range])");
        out.println("-----------------------------------------------------------------------------------");
        report.printTable(out);
        Durability first = options.durabilities().get(0);
        out.println();
        out.println("Where the time goes, " + first.label() + " (the median run of each)");
        out.println("------------------------------------------------------------------");
        for (int units : options.sizes()) {
            report.printProfile(out, first.label(), units);
        }
        Path json = home.resolve("results.json");
        report.writeJson(json, machine, options, wall);
        out.println();
        out.printf(Locale.ROOT, "  results: %s%n", json);
        out.printf(
                Locale.ROOT,
                "  wall time: %.1f s; 1-minute load average %s at the start, %s at the end (%d cores)%n",
                wall / 1e9,
                machine.get("load_average_at_start"),
                machine.get("load_average_at_end"),
                Runtime.getRuntime().availableProcessors());
    }

    private void measureAll(
            PostgresServer server, Durability durability, Report report, FailClosed failClosed, DecisionSigner signer)
            throws Exception {
        // One target for the server's whole run, as an orchestrator has one for its lifetime.
        CurrentDataSource clones = new CurrentDataSource();
        PostgresTarget target = PostgresTarget.builder(clones.dataSource())
                .statementTimeout(Duration.ofMinutes(30))
                .build();
        for (int size = 0; size < options.sizes().size(); size++) {
            int units = options.sizes().get(size);
            int reps = options.reps(units);
            long building = System.nanoTime();
            try (World world = World.build(server, units)) {
                out.printf(
                        Locale.ROOT,
                        "%n  %s, %,d units: world built in %.1f s%n",
                        durability.label(),
                        units,
                        (System.nanoTime() - building) / 1e9);
                List<Contender> contenders = contenders(units, failClosed, signer, clones, target);
                if (size == 0) {
                    // As an orchestrator does once at start-up: the schema contract is checked per
                    // target, not per compensation.
                    try (World.Scratch scratch = world.cloneWorld()) {
                        clones.use(scratch.db().dataSource());
                        target.validate();
                    }
                    // Every contender once; the library's as many rounds as asked, so that what is
                    // measured is its steady state, not the JIT compiling it (the JDBC contenders
                    // are warm after a round: their Java work is the driver's, which the library
                    // warms too).
                    for (int round = 0; round < options.warmup(); round++) {
                        for (Contender contender : contenders) {
                            if (round == 0 || contender instanceof Contender.Library) {
                                measure(world, contender, "warm-up " + (round + 1) + "/" + options.warmup());
                            }
                        }
                    }
                }
                // Interleaved: every repetition runs every contender once, in an order shuffled
                // anew (seeded by size), so that no contender always follows the same other one
                // (a clone made after a bulk DELETE leaves the machine busier for what comes next).
                Random order = new Random(units);
                for (int rep = 0; rep < reps; rep++) {
                    List<Contender> round = new ArrayList<>(contenders);
                    Collections.shuffle(round, order);
                    for (Contender contender : round) {
                        report.add(
                                durability,
                                contender,
                                units,
                                measure(world, contender, "rep " + (rep + 1) + "/" + reps));
                    }
                }
            }
        }
    }

    private List<Contender> contenders(
            int units, FailClosed failClosed, DecisionSigner signer, CurrentDataSource clones, PostgresTarget target) {
        List<Contender> contenders = new ArrayList<>();
        for (Mode mode : List.of(Mode.SOFT_REVERT, Mode.HARD_DELETE)) {
            contenders.add(new Contender.Library(mode, failClosed, signer, clones, target));
            contenders.add(new Contender.RunbookSql(mode));
            if (units <= options.perRowMax()) {
                contenders.add(new Contender.PerRow(mode));
            }
        }
        return contenders;
    }

    private Sample measure(World world, Contender contender, String label) throws Exception {
        try (World.Scratch scratch = world.cloneWorld()) {
            Sample sample = contender.run(scratch.db(), world);
            out.printf(
                    Locale.ROOT,
                    "    %-10s %-12s %-5s %,12.1f ms %,9d statements %,2d connection(s) %,14d bytes%n",
                    label,
                    contender.method(),
                    Contender.label(contender.mode()),
                    sample.nanos() / 1e6,
                    sample.statements(),
                    sample.connections(),
                    sample.allocatedBytes());
            return sample;
        }
    }

    private static double loadAverage() {
        return Math.round(java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                                .getSystemLoadAverage()
                        * 100)
                / 100.0;
    }

    /** The module's {@code target/bench}, emptied (found from where this class was loaded). */
    private static Path freshDirectory() throws IOException {
        Path target = Path.of("target").toAbsolutePath();
        try {
            Path classes = Path.of(Benchmark.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            if (Files.isDirectory(classes)
                    && classes.getParent().getFileName().toString().equals("target")) {
                target = classes.getParent();
            }
        } catch (URISyntaxException | RuntimeException e) {
            // A jar or an unusual class loader: keep the working directory's target.
        }
        Path directory = target.resolve("bench");
        if (Files.exists(directory)) {
            try (Stream<Path> walk = Files.walk(directory)) {
                for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
        return Files.createDirectories(directory);
    }

    /** Keeps the library's per-statement INFO lines out of the measurements and the output. */
    private static void quietLibraryLogs() {
        for (String logger : new String[] {"defaultLogLevel", "log.io.github.cutterrevert", "log.org.jooq"}) {
            String key = "org.slf4j.simpleLogger." + logger;
            if (System.getProperty(key) == null) {
                System.setProperty(key, "warn");
            }
        }
    }
}
