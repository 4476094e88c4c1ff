package io.github.cutterrevert.testkit.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark's options, read from system properties.
 *
 * @param sizes {@code bench.sizes}: draft units per cut (default: {@code 1000,10000,100000})
 * @param reps {@code bench.reps}: measured repetitions per contender and size (default: 5)
 * @param warmup {@code bench.warmup}: unrecorded rounds on the smallest size first (default: 1)
 * @param perRowMax {@code bench.perRowMax}: the largest size the per-row loop runs at (default:
 *     10000)
 */
record BenchOptions(List<Integer> sizes, int reps, int warmup, int perRowMax) {

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
        int reps = parse("bench.reps", System.getProperty("bench.reps", "5"));
        if (reps < 1) {
            throw new IllegalArgumentException("bench.reps must be > 0 but was " + reps);
        }
        int warmup = parse("bench.warmup", System.getProperty("bench.warmup", "1"));
        if (warmup < 0) {
            throw new IllegalArgumentException("bench.warmup must be >= 0 but was " + warmup);
        }
        int perRowMax = parse("bench.perRowMax", System.getProperty("bench.perRowMax", "10000"));
        return new BenchOptions(List.copyOf(sizes), reps, warmup, perRowMax);
    }

    private static int parse(String name, String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number but was '" + value + "'", e);
        }
    }
}
