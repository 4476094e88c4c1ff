package io.github.cutterrevert.testkit.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Collects the samples and reports medians: a console table, the library's statements at one size
 * and {@code results.json}. Not thread-safe.
 */
final class Report {
    static final String LIBRARY = "library";
    static final String RUNBOOK_SQL = "runbook_sql";
    static final String PER_ROW = "per_row";

    private record Key(Durability durability, String mode, int units) {}

    private final Map<Key, Map<String, List<Sample>>> samples = new LinkedHashMap<>();

    void add(Durability durability, Contender contender, int units, Sample sample) {
        samples.computeIfAbsent(
                        new Key(durability, Contender.label(contender.mode()), units), key -> new LinkedHashMap<>())
                .computeIfAbsent(contender.method(), method -> new ArrayList<>())
                .add(sample);
    }

    /**
     * The results, one map per (durability, mode, units): durable before fast, soft before hard,
     * smaller sizes first.
     */
    List<Map<String, Object>> results() {
        List<Map<String, Object>> results = new ArrayList<>();
        List<Key> keys = new ArrayList<>(samples.keySet());
        keys.sort(Comparator.comparing(Key::durability)
                .thenComparing(Comparator.comparing(Key::mode).reversed())
                .thenComparingInt(Key::units));
        for (Key key : keys) {
            Map<String, List<Sample>> byMethod = samples.get(key);
            List<Sample> librarySamples = byMethod.get(LIBRARY);
            List<Sample> runbookSamples = byMethod.get(RUNBOOK_SQL);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("durability", key.durability().label());
            result.put("mode", key.mode());
            result.put("units", key.units());
            result.put("versions", (long) key.units() * World.VERSIONS_PER_UNIT);
            Double library = medianMs(byMethod.get(LIBRARY));
            Double runbook = medianMs(byMethod.get(RUNBOOK_SQL));
            result.put("library_ms", library);
            result.put("runbook_sql_ms", runbook);
            result.put("per_row_ms", medianMs(byMethod.get(PER_ROW)));
            result.put(
                    "ratio", library == null || runbook == null ? null : Math.round(library / runbook * 1000) / 1000.0);
            double[] pairs = pairedRatios(librarySamples, runbookSamples, Sample::nanos);
            result.put("ratio_of_pairs", quantile(pairs, 0.5));
            result.put("ratio_of_pairs_iqr", interquartile(pairs));
            result.put("plan_ms", ms(median(librarySamples, s -> s.planNanos().orElse(0))));
            result.put("plan_execute_ms", ms(median(librarySamples, Report::planAndExecute)));
            double[] totalPairs = pairedRatios(librarySamples, runbookSamples, Report::planAndExecute);
            result.put("plan_execute_ratio_of_pairs", quantile(totalPairs, 0.5));
            result.put("plan_execute_ratio_of_pairs_iqr", interquartile(totalPairs));
            result.put("connections", median(librarySamples, Sample::connections));
            result.put(
                    "connections_max",
                    librarySamples == null
                            ? null
                            : librarySamples.stream()
                                    .mapToInt(Sample::connections)
                                    .max()
                                    .orElse(0));
            result.put(
                    "statements",
                    medianSample(byMethod.get(LIBRARY)).map(Sample::statements).orElse(null));
            result.put(
                    "runbook_sql_statements",
                    medianSample(byMethod.get(RUNBOOK_SQL))
                            .map(Sample::statements)
                            .orElse(null));
            result.put(
                    "per_row_statements",
                    medianSample(byMethod.get(PER_ROW)).map(Sample::statements).orElse(null));
            result.put("cpu_ms", ms(median(librarySamples, Sample::cpuNanos)));
            result.put("runbook_sql_cpu_ms", ms(median(runbookSamples, Sample::cpuNanos)));
            result.put("allocated_bytes", median(byMethod.get(LIBRARY), Sample::allocatedBytes));
            result.put("runbook_sql_allocated_bytes", median(byMethod.get(RUNBOOK_SQL), Sample::allocatedBytes));
            result.put("per_row_allocated_bytes", median(byMethod.get(PER_ROW), Sample::allocatedBytes));
            result.put("plan_render_ms", ms(median(byMethod.get(LIBRARY), s -> s.planRenderNanos()
                    .orElse(0))));
            result.put(
                    "reps",
                    byMethod.get(LIBRARY) == null ? 0 : byMethod.get(LIBRARY).size());
            Map<String, List<Double>> all = new LinkedHashMap<>();
            byMethod.forEach((method, list) -> all.put(
                    method, list.stream().map(s -> ms((double) s.nanos())).toList()));
            result.put("samples_ms", all);
            result.put("library_statements_ms", profile(byMethod.get(LIBRARY)));
            result.put("runbook_sql_statements_ms", profile(byMethod.get(RUNBOOK_SQL)));
            results.add(result);
        }
        return results;
    }

    /** The console table of medians. */
    void printTable(PrintStream out) {
        List<List<String>> rows = new ArrayList<>();
        for (Map<String, Object> result : results()) {
            rows.add(List.of(
                    (String) result.get("durability"),
                    (String) result.get("mode"),
                    count((int) result.get("units")),
                    number(result.get("library_ms")),
                    number(result.get("runbook_sql_ms")),
                    ratio(result.get("ratio")),
                    ratio(result.get("ratio_of_pairs")) + " " + range(result.get("ratio_of_pairs_iqr")),
                    number(result.get("plan_execute_ms")),
                    ratio(result.get("plan_execute_ratio_of_pairs")) + " "
                            + range(result.get("plan_execute_ratio_of_pairs_iqr")),
                    number(result.get("per_row_ms")),
                    statements(result.get("statements"))
                            + " / " + statements(result.get("runbook_sql_statements"))
                            + " / " + statements(result.get("per_row_statements")),
                    result.get("connections_max") == null
                            ? "-"
                            : result.get("connections_max").toString(),
                    result.get("allocated_bytes") == null
                            ? "-"
                            : count(((Double) result.get("allocated_bytes")).longValue()),
                    Integer.toString((int) result.get("reps"))));
        }
        table(
                out,
                List.of(
                        "server",
                        "mode",
                        "units",
                        "library ms",
                        "runbook SQL ms",
                        "ratio",
                        "paired [IQR]",
                        "plan+execute ms",
                        "paired [IQR]",
                        "per-row ms",
                        "statements lib / SQL / per-row",
                        "connections",
                        "lib bytes allocated",
                        "reps"),
                rows);
    }

    /**
     * Where the time went in the median sample of the library and of the runbook's SQL at one size:
     * every statement and connection call with its time, and what is left for the JVM.
     */
    void printProfile(PrintStream out, String durability, int units) {
        for (Map<String, Object> result : results()) {
            if ((int) result.get("units") != units || !durability.equals(result.get("durability"))) {
                continue;
            }
            for (String method : List.of(LIBRARY, RUNBOOK_SQL)) {
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> calls = (List<Map<String, Object>>) result.get(method + "_statements_ms");
                Object total = result.get(method + "_ms");
                if (calls.isEmpty() || total == null) {
                    continue;
                }
                double statements = sum(calls, true);
                double control = sum(calls, false);
                out.printf(
                        Locale.ROOT,
                        "%n  %s, %s, %s, %s units, median run of %s ms: statements %.1f ms, connection calls"
                                + " %.1f ms, the rest (JVM) %.1f ms; thread CPU time %s ms (median of all runs)%n%n",
                        method,
                        durability,
                        result.get("mode"),
                        count(units),
                        number(total),
                        statements,
                        control,
                        (Double) total - statements - control,
                        number(result.get(method.equals(LIBRARY) ? "cpu_ms" : "runbook_sql_cpu_ms")));
                List<List<String>> rows = new ArrayList<>();
                int number = 0;
                for (Map<String, Object> call : calls) {
                    boolean statement = (Boolean) call.get("statement");
                    rows.add(List.of(
                            statement ? Integer.toString(++number) : "",
                            number(call.get("jvm_ms_before")),
                            number(call.get("ms")),
                            shorten((String) call.get("sql"), 100)));
                }
                table(out, List.of("#", "JVM ms before", "ms", "statement"), rows);
            }
        }
    }

    private static double sum(List<Map<String, Object>> calls, boolean statements) {
        return calls.stream()
                .filter(call -> (Boolean) call.get("statement") == statements)
                .mapToDouble(call -> (Double) call.get("ms"))
                .sum();
    }

    /** Writes {@code results.json}. */
    void writeJson(Path file, Map<String, Object> machine, BenchOptions options, long wallNanos) throws IOException {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("benchmark", "cutter-revert execute() against the seed runbook's SQL and a per-row JDBC loop");
        document.put(
                "command",
                "./mvnw -q -Pbench verify -Dbench.sizes="
                        + String.join(
                                ",",
                                options.sizes().stream().map(String::valueOf).toList())
                        + (options.fixedReps().isPresent() ? " -Dbench.reps=" + options.repsDescription() : "")
                        + " -Dbench.durability="
                        + String.join(
                                ",",
                                options.durabilities().stream()
                                        .map(Durability::label)
                                        .toList()));
        document.put("generated_at", Instant.now().toString());
        document.put("wall_time_s", Math.round(wallNanos / 1e8) / 10.0);
        document.put("machine", machine);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("sizes", options.sizes());
        settings.put("reps", options.repsDescription());
        settings.put(
                "durability",
                options.durabilities().stream().map(Durability::label).toList());
        settings.put("warmup", options.warmup());
        settings.put("per_row_max_units", options.perRowMax());
        settings.put("versions_per_unit", World.VERSIONS_PER_UNIT);
        settings.put(
                "method",
                "one embedded PostgreSQL; one world per size built once, VACUUM (FREEZE, ANALYZE), cloned with"
                        + " CREATE DATABASE ... TEMPLATE for every measurement, CHECKPOINT before it; contenders"
                        + " interleaved (a seeded shuffle per repetition) after the warm-up rounds, no forced GC;"
                        + " the library on one long-lived target per server (validate() once); one open"
                        + " connection per clone; medians reported; cpu_ms is the measuring thread's CPU time;"
                        + " ratio_of_pairs is the median of per-repetition ratios library / runbook SQL, with its"
                        + " interquartile range; durable = an embedded server with fsync, synchronous_commit and"
                        + " full_page_writes on, fast = the testkit's server with them off");
        document.put("settings", settings);
        document.put("results", results());
        Files.createDirectories(file.getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), document);
    }

    /** The calls of the median sample: statements (numbered) and connection calls. */
    private static List<Map<String, Object>> profile(List<Sample> list) {
        return medianSample(list)
                .map(sample -> sample.log().stream()
                        .map(executed -> {
                            Map<String, Object> call = new LinkedHashMap<>();
                            call.put("ms", ms((double) executed.nanos()));
                            call.put("jvm_ms_before", ms((double) executed.gapNanos()));
                            call.put("statement", executed.statement());
                            call.put("sql", shorten(executed.sql(), 160));
                            return call;
                        })
                        .toList())
                .orElse(List.of());
    }

    // ---- statistics --------------------------------------------------------------------------

    /**
     * The per-repetition ratios library / runbook SQL, sorted: both run in the same round of the
     * interleaving, so a slow spell of a shared machine tends to weigh on both sides of a ratio.
     */
    private static double[] pairedRatios(
            List<Sample> library, List<Sample> runbook, java.util.function.ToLongFunction<Sample> value) {
        if (library == null || runbook == null || library.size() != runbook.size()) {
            return new double[0];
        }
        double[] ratios = new double[library.size()];
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] =
                    (double) value.applyAsLong(library.get(i)) / runbook.get(i).nanos();
        }
        java.util.Arrays.sort(ratios);
        return ratios;
    }

    /** A quantile of sorted values, interpolated linearly between neighbours; null when empty. */
    private static Double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return null;
        }
        double position = q * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(below + 1, sorted.length - 1);
        double value = sorted[below] + (position - below) * (sorted[above] - sorted[below]);
        return Math.round(value * 1000) / 1000.0;
    }

    /** The first and third quartile of sorted values; null when empty. */
    private static List<Double> interquartile(double[] sorted) {
        return sorted.length == 0 ? null : List.of(quantile(sorted, 0.25), quantile(sorted, 0.75));
    }

    private static long planAndExecute(Sample sample) {
        return sample.planNanos().orElse(0) + sample.nanos();
    }

    private static Double medianMs(List<Sample> list) {
        Double nanos = median(list, Sample::nanos);
        return nanos == null ? null : ms(nanos);
    }

    private static Double median(List<Sample> list, java.util.function.ToLongFunction<Sample> value) {
        if (list == null || list.isEmpty()) {
            return null;
        }
        long[] values = list.stream().mapToLong(value).sorted().toArray();
        int middle = values.length / 2;
        return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2.0;
    }

    /** The sample with the median time (the lower one of the middle two for an even count). */
    private static java.util.Optional<Sample> medianSample(List<Sample> list) {
        if (list == null || list.isEmpty()) {
            return java.util.Optional.empty();
        }
        List<Sample> sorted =
                list.stream().sorted(Comparator.comparingLong(Sample::nanos)).toList();
        return java.util.Optional.of(sorted.get((sorted.size() - 1) / 2));
    }

    private static Double ms(Double nanos) {
        return nanos == null ? null : Math.round(nanos / 1e5) / 10.0;
    }

    // ---- formatting --------------------------------------------------------------------------

    private static String ratio(Object value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%.2f", (Double) value);
    }

    private static String range(Object value) {
        if (!(value instanceof List<?> range) || range.size() != 2) {
            return "";
        }
        return String.format(Locale.ROOT, "[%.2f-%.2f]", (Double) range.get(0), (Double) range.get(1));
    }

    private static String number(Object value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%,.1f", (Double) value);
    }

    private static String statements(Object value) {
        return value instanceof Integer statements ? count(statements) : "-";
    }

    private static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    private static String shorten(String sql, int max) {
        String oneLine = sql.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= max ? oneLine : oneLine.substring(0, max - 3) + "...";
    }

    private static void table(PrintStream out, List<String> header, List<List<String>> rows) {
        int[] widths = new int[header.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = header.get(c).length();
            for (List<String> row : rows) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        out.println("  " + line(header, widths, header));
        List<String> rules = new ArrayList<>();
        for (int width : widths) {
            rules.add("-".repeat(width));
        }
        out.println("  " + String.join("  ", rules));
        for (List<String> row : rows) {
            out.println("  " + line(row, widths, header));
        }
    }

    private static String line(List<String> cells, int[] widths, List<String> header) {
        StringBuilder text = new StringBuilder();
        for (int c = 0; c < widths.length; c++) {
            // Text columns (server, mode, statement) left, numbers right.
            boolean left = header.get(c).equals("server")
                    || header.get(c).equals("mode")
                    || header.get(c).equals("statement");
            if (c > 0) {
                text.append("  ");
            }
            text.append(String.format(Locale.ROOT, "%" + (left ? "-" : "") + widths[c] + "s", cells.get(c)));
        }
        return text.toString().stripTrailing();
    }
}
