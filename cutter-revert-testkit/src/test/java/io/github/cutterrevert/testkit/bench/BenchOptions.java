package io.github.cutterrevert.testkit.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * The benchmark's options, read from system properties.
 *
 * @param sizes {@code bench.sizes}: draft units per cut (default: {@code 1000,10000,100000})
 * @param fixedReps {@code bench.reps}: measured repetitions per contender, the same at every size
 *     (default: more where a run is short, see {@link #reps(int)})
 * @param warmup {@code bench.warmup}: unrecorded rounds on the smallest size first, of every
 *     contender in the first and of the library's alone after it (default: 100, the library's
 *     steady state; 1 measures a JVM's first calls)
 * @param perRowMax {@code bench.perRowMax}: the largest size the per-row loop runs at (default:
 *     10000)
 * @param durabilities {@code bench.durability}: {@code durable}, {@code fast} or both, in that
 *     order (default: both)
 */
record BenchOptions(
        List<Integer> sizes, OptionalInt fixedReps, int warmup, int perRowMax, List<Durability> durabilities) {

    static BenchOptions fromSystemProperties() {
        List<Integer> sizes = new ArrayList<>();
        String text = System.getProperty("bench.sizes", "1000,10000,100000");
        for (String part : text.split(",")) {
            int size = parse("bench.sizes", part.strip().replace("_", ""));
            if (size < 1) {
                throw new IllegalArgumentException("bench.sizes must be > 0 but held " + size);
            }
            sizes.add(size);
        }
        sizes.sort(null);
        OptionalInt reps = OptionalInt.empty();
        String repsText = System.getProperty("bench.reps");
        if (repsText != null) {
            int value = parse("bench.reps", repsText);
            if (value < 1) {
                throw new IllegalArgumentException("bench.reps must be > 0 but was " + value);
            }
            reps = OptionalInt.of(value);
        }
        int warmup = parse("bench.warmup", System.getProperty("bench.warmup", "100"));
        if (warmup < 0) {
            throw new IllegalArgumentException("bench.warmup must be >= 0 but was " + warmup);
        }
        int perRowMax = parse("bench.perRowMax", System.getProperty("bench.perRowMax", "10000"));
        List<Durability> durabilities = new ArrayList<>();
        for (String part :
                System.getProperty("bench.durability", "durable,fast").split(",")) {
            Durability durability = Durability.parse(part);
            if (!durabilities.contains(durability)) {
                durabilities.add(durability);
            }
        }
        durabilities.sort(null);
        return new BenchOptions(List.copyOf(sizes), reps, warmup, perRowMax, List.copyOf(durabilities));
    }

    /**
     * Measured repetitions at one size: {@code bench.reps} when given, else 31 up to 1,000 units,
     * 15 up to 10,000 and 7 above, so that the short runs, where a shared machine's noise weighs
     * most, get the most pairs.
     *
     * @param units the size
     * @return the repetitions
     */
    int reps(int units) {
        if (fixedReps.isPresent()) {
            return fixedReps.getAsInt();
        }
        return units <= 1_000 ? 31 : units <= 10_000 ? 15 : 7;
    }

    /** How the repetitions were chosen, for the console and {@code results.json}. */
    String repsDescription() {
        if (fixedReps.isPresent()) {
            return Integer.toString(fixedReps.getAsInt());
        }
        return String.join(
                ", ", sizes.stream().map(size -> size + ": " + reps(size)).toList());
    }

    private static int parse(String name, String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number but was '" + value + "'", e);
        }
    }
}
