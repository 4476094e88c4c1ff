package io.github.cutterrevert.soak;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cutterrevert.jooq.PostgresTarget;
import io.github.cutterrevert.testkit.PlainJdbc;
import io.github.cutterrevert.testkit.ReferenceWorld;
import io.github.cutterrevert.testkit.TestDatabase;
import io.github.cutterrevert.testkit.TestGovernance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * The randomized fault soak: seeded trials of random cuts, races and faults against the real
 * PostgreSQL, each checked against the model ({@link TrialRun}).
 *
 * <ul>
 *   <li>default: {@value #FIXED_SEED} for {@code soak.fixed-trials} trials (100) and one random
 *       seed, printed, for {@code soak.random-trials} (50);
 *   <li>{@code -Dsoak.trials=10000} (with {@code -Dsoak.seed=…} or a random seed): the long run;
 *   <li>{@code -Dsoak.trial=<trial seed>}: exactly one trial, as a failure printed it.
 * </ul>
 *
 * Each run prints {@code soak: <trials> trials, <faults> faults injected, <violations> violations,
 * seed <seed>}, appends it to {@code target/soak/summary.txt} (echoed into the build output after
 * the integration tests) and writes the figures to {@code target/soak/results.json} ({@code
 * results-postgres-<major>.json} on an older major).
 */
class SoakIT {
    static final long FIXED_SEED = 20261201L;
    private static final int TRIALS_PER_DATABASE = 100;
    private static final Path DIRECTORY = Path.of("target", "soak");

    /** The figures of one seeded run. */
    record Figures(long seed, int trials, int faults, int violations, long millis, List<String> failures) {
        String line() {
            return "soak: " + trials + " trials, " + faults + " faults injected, " + violations + " violations, seed "
                    + seed;
        }
    }

    @Test
    void randomCutsRacesAndFaultsKeepEveryInvariant() {
        String single = System.getProperty("soak.trial");
        List<Figures> runs = new ArrayList<>();
        ExecutorService sessions = Executors.newCachedThreadPool();
        try {
            if (single != null && !single.isBlank()) {
                long seed = Long.parseUnsignedLong(single.strip().replaceFirst("^0x", ""), 16);
                runs.add(runOne(seed, sessions));
            } else if (Integer.getInteger("soak.trials", 0) > 0) {
                runs.add(run(seed(), Integer.getInteger("soak.trials"), sessions));
            } else {
                runs.add(run(FIXED_SEED, Integer.getInteger("soak.fixed-trials", 100), sessions));
                runs.add(run(new SecureRandom().nextLong(), Integer.getInteger("soak.random-trials", 50), sessions));
            }
        } finally {
            sessions.shutdownNow();
        }
        report(runs);
        List<String> failures =
                runs.stream().flatMap(r -> r.failures().stream()).toList();
        assertThat(failures)
                .as("violations of the soak's model (seeds and reproductions above)")
                .isEmpty();
    }

    private static long seed() {
        String given = System.getProperty("soak.seed");
        return given == null || given.isBlank() ? new SecureRandom().nextLong() : Long.parseLong(given.strip());
    }

    private static Figures run(long seed, int trials, ExecutorService sessions) {
        System.out.println("soak: starting " + trials + " trials with seed " + seed + " (reproduce: -Dsoak.trials="
                + trials + " -Dsoak.seed=" + seed + ")");
        long started = System.nanoTime();
        SplittableRandom seeds = new SplittableRandom(seed);
        int faults = 0;
        int violations = 0;
        List<String> failures = new ArrayList<>();
        TestDatabase db = null;
        try {
            for (int i = 0; i < trials; i++) {
                if (i % TRIALS_PER_DATABASE == 0) {
                    if (db != null) {
                        failures.addAll(wholeChain(db, seed));
                        db.close();
                    }
                    db = TestDatabase.create("soak");
                    ReferenceWorld.seedBaseline(db.dataSource());
                }
                Trial trial = Trial.draw(seeds.nextLong());
                TrialRun run =
                        new TrialRun(trial, db.dataSource(), db.dataSourceAs(TestDatabase.CUTTER_EXEC), sessions);
                long trialStarted = System.nanoTime();
                List<String> found = run.run();
                if (Boolean.getBoolean("soak.verbose")) {
                    System.out.printf(
                            "soak: trial %d %d ms: %s%n",
                            i, (System.nanoTime() - trialStarted) / 1_000_000, trial.describe());
                }
                if (run.faultFired()) {
                    faults++;
                }
                if (!found.isEmpty()) {
                    violations += found.size();
                    failures.add(reproduction(seed, i, trial, found));
                    System.out.println(failures.getLast());
                }
                if ((i + 1) % 500 == 0) {
                    writeJson(
                            List.of(new Figures(
                                    seed,
                                    i + 1,
                                    faults,
                                    violations,
                                    (System.nanoTime() - started) / 1_000_000,
                                    failures)),
                            false);
                    System.out.printf(
                            "soak: %d of %d trials, %d faults, %d violations, %d s%n",
                            i + 1, trials, faults, violations, (System.nanoTime() - started) / 1_000_000_000L);
                }
            }
            if (db != null) {
                List<String> chain = wholeChain(db, seed);
                violations += chain.size();
                failures.addAll(chain);
            }
        } finally {
            if (db != null) {
                db.close();
            }
        }
        Figures figures =
                new Figures(seed, trials, faults, violations, (System.nanoTime() - started) / 1_000_000, failures);
        System.out.println(figures.line());
        return figures;
    }

    private static Figures runOne(long trialSeed, ExecutorService sessions) {
        Trial trial = Trial.draw(trialSeed);
        System.out.println("soak: one trial " + HexFormat.of().toHexDigits(trialSeed) + ": " + trial.describe());
        long started = System.nanoTime();
        try (TestDatabase db = TestDatabase.create("soak-one")) {
            ReferenceWorld.seedBaseline(db.dataSource());
            TrialRun run = new TrialRun(trial, db.dataSource(), db.dataSourceAs(TestDatabase.CUTTER_EXEC), sessions);
            List<String> found = run.run();
            List<String> failures = found.isEmpty() ? List.of() : List.of(reproduction(trialSeed, 0, trial, found));
            failures.forEach(System.out::println);
            Figures figures = new Figures(
                    trialSeed,
                    1,
                    run.faultFired() ? 1 : 0,
                    found.size(),
                    (System.nanoTime() - started) / 1_000_000,
                    failures);
            System.out.println(figures.line());
            return figures;
        }
    }

    private static List<String> wholeChain(TestDatabase db, long seed) {
        var chain = PostgresTarget.of(db.dataSourceAs(TestDatabase.CUTTER_EXEC))
                .verifyDecisions(TestGovernance.publicKeys());
        long decisions = PlainJdbc.count(
                db.dataSource(), "SELECT count(*) FROM cutter_governance.review_decision WHERE signature IS NOT NULL");
        if (chain.intact() && chain.checked() == decisions) {
            return List.of();
        }
        return List.of("seed " + seed + ": the whole signed chain of " + db.name() + " does not verify: " + chain + " ("
                + decisions + " signed decisions)");
    }

    private static String reproduction(long seed, int index, Trial trial, List<String> found) {
        String trialSeed = HexFormat.of().toHexDigits(trial.seed());
        return "soak VIOLATION in trial " + index + " of seed " + seed + " (trial seed " + trialSeed + "): "
                + trial.describe() + "\n  - " + String.join("\n  - ", found)
                + "\n  reproduce: ./mvnw -B -ntp verify -pl cutter-revert-testkit -am -Dit.test=SoakIT -Dsoak.trial="
                + trialSeed + " -Dtest='NoSuch*' -Dsurefire.failIfNoSpecifiedTests=false"
                + " -Dfailsafe.failIfNoSpecifiedTests=false";
    }

    private static void report(List<Figures> runs) {
        long serverMajor = writeJson(runs, true);
        StringBuilder lines = new StringBuilder();
        for (Figures f : runs) {
            lines.append("soak on PostgreSQL ")
                    .append(serverMajor)
                    .append(" took ")
                    .append(f.millis() / 1000)
                    .append(" s:\n")
                    .append(f.line())
                    .append('\n');
        }
        try {
            Files.writeString(
                    DIRECTORY.resolve("summary.txt"),
                    lines,
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + DIRECTORY, e);
        }
    }

    /** Writes the figures (also while a long run is under way, with {@code "complete": false}). */
    private static long writeJson(List<Figures> runs, boolean complete) {
        String major = System.getProperty("cutter.test.postgres", "");
        long serverMajor;
        try (TestDatabase db = TestDatabase.create("soak-version")) {
            serverMajor = PlainJdbc.count(db.dataSource(), "SELECT current_setting('server_version_num')::int / 10000");
        }
        String name = major.isBlank() ? "results.json" : "results-postgres-" + major.strip() + ".json";
        StringBuilder json = new StringBuilder(
                "{\n  \"postgres_major\": " + serverMajor + ",\n  \"complete\": " + complete + ",\n  \"runs\": [\n");
        int trials = 0;
        int faults = 0;
        int violations = 0;
        for (int i = 0; i < runs.size(); i++) {
            Figures f = runs.get(i);
            trials += f.trials();
            faults += f.faults();
            violations += f.violations();
            json.append("    {\"seed\": ")
                    .append(f.seed())
                    .append(", \"trials\": ")
                    .append(f.trials())
                    .append(", \"faults_injected\": ")
                    .append(f.faults())
                    .append(", \"violations\": ")
                    .append(f.violations())
                    .append(", \"elapsed_ms\": ")
                    .append(f.millis())
                    .append('}')
                    .append(i + 1 < runs.size() ? ",\n" : "\n");
        }
        json.append("  ],\n  \"trials\": ")
                .append(trials)
                .append(",\n  \"faults_injected\": ")
                .append(faults)
                .append(",\n  \"violations\": ")
                .append(violations)
                .append("\n}\n");
        try {
            Files.createDirectories(DIRECTORY);
            Files.writeString(DIRECTORY.resolve(name), json);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + DIRECTORY, e);
        }
        return serverMajor;
    }
}
