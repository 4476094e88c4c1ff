package io.github.cutterrevert.testkit.demo;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The demo's output: numbered sections, indented text, aligned tables, a progress line for long
 * steps and checks that stop the demo when something did not behave as expected. Plain ASCII, so
 * it reads the same in any terminal and in a CI log.
 *
 * <p>Not thread-safe, except that the progress ticker writes from its own daemon thread while the
 * caller waits.
 */
final class Console {
    private static final Pattern NUMBER = Pattern.compile("[-+]?[0-9][0-9,.]*( ms| s| bytes)?");

    private final PrintStream out;
    private int checks;

    Console(PrintStream out) {
        this.out = out;
    }

    /** The demo's title, underlined. */
    void title(String text) {
        out.println();
        out.println(text);
        out.println("=".repeat(text.length()));
    }

    /** A numbered section, underlined. */
    void section(int number, String text) {
        String heading = number + ". " + text;
        out.println();
        out.println(heading);
        out.println("-".repeat(heading.length()));
    }

    /** A line of prose, indented by two spaces. */
    void say(String text) {
        out.println("  " + text);
    }

    /** An empty line. */
    void blank() {
        out.println();
    }

    /** A labelled value: {@code label   value}, labels padded to one width. */
    void field(String label, Object value) {
        out.printf(Locale.ROOT, "  %-16s %s%n", label + ":", value);
    }

    /** Multi-line text (a plan summary, a script, a file), each line indented by four spaces. */
    void block(String text) {
        text.lines().forEach(line -> out.println("    " + line));
    }

    /** Multi-line text, at most {@code maxLines} lines, with a note of how many were left out. */
    void block(String text, int maxLines) {
        List<String> lines = text.lines().toList();
        lines.stream().limit(maxLines).forEach(line -> out.println("    " + line));
        if (lines.size() > maxLines) {
            out.println("    ... (" + (lines.size() - maxLines) + " more lines)");
        }
    }

    /**
     * A psql script for the terminal: the header, every write and the COMMIT in full; guards,
     * counts and catalog reads as their comment lines and a line count (the file has them all).
     */
    void script(String script) {
        List<String> blocks = List.of(script.split("\\n\\s*\\n"));
        for (int b = 0; b < blocks.size(); b++) {
            List<String> lines = blocks.get(b).lines().toList();
            boolean writes = lines.stream()
                    .anyMatch(line -> line.startsWith("update ")
                            || line.startsWith("delete from ")
                            || line.startsWith("insert into "));
            if (b == 0 || writes || b == blocks.size() - 1) {
                lines.forEach(line -> out.println("    " + line));
            } else {
                List<String> comments =
                        lines.stream().filter(line -> line.startsWith("--")).toList();
                comments.forEach(line -> out.println("    " + line));
                out.println("    -- [" + (lines.size() - comments.size()) + " lines of SQL, in the file]");
            }
            out.println();
        }
    }

    /**
     * An aligned table: numbers right-aligned, text left-aligned, a rule under the header.
     *
     * @param header the column names
     * @param rows the rows, each as long as the header
     */
    void table(List<String> header, List<List<String>> rows) {
        int[] widths = new int[header.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = header.get(c).length();
            for (List<String> row : rows) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        out.println("  " + line(header, widths, true));
        List<String> rules = new ArrayList<>();
        for (int width : widths) {
            rules.add("-".repeat(width));
        }
        out.println("  " + String.join("  ", rules));
        for (List<String> row : rows) {
            out.println("  " + line(row, widths, false));
        }
    }

    private static String line(List<String> cells, int[] widths, boolean header) {
        StringBuilder text = new StringBuilder();
        for (int c = 0; c < widths.length; c++) {
            String cell = cells.get(c);
            boolean right = c > 0 && (header || NUMBER.matcher(cell).matches());
            String format = "%" + (right ? "" : "-") + widths[c] + "s";
            if (c > 0) {
                text.append("  ");
            }
            text.append(String.format(Locale.ROOT, format, cell));
        }
        return text.toString().stripTrailing();
    }

    /**
     * Runs a step that may take a while, printing its label, a dot per second while it runs and
     * how long it took.
     *
     * @param label what is happening, e.g. {@code cutting 300 units}
     * @param work the step
     * @return the step's result
     */
    <T> T progress(String label, Supplier<T> work) {
        out.print("  " + label + " ");
        out.flush();
        long started = System.nanoTime();
        Thread ticker = Thread.ofPlatform().daemon().name("demo-progress").start(() -> {
            try {
                while (true) {
                    Thread.sleep(1000);
                    out.print(".");
                    out.flush();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            T result = work.get();
            stop(ticker);
            out.printf(Locale.ROOT, " done in %s%n", seconds(System.nanoTime() - started));
            return result;
        } catch (RuntimeException | Error e) {
            stop(ticker);
            out.println(" FAILED");
            throw e;
        }
    }

    private static void stop(Thread ticker) {
        ticker.interrupt();
        try {
            ticker.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Checks one expectation of the story: prints {@code [ok]} and goes on, or stops the demo.
     *
     * @param holds whether it holds
     * @param expectation what was expected, e.g. {@code baseline counts 158 / 165 / 60}
     * @param found what was found, for the message when it does not hold
     * @throws DemoFailure if it does not hold
     */
    void check(boolean holds, String expectation, Object found) {
        if (!holds) {
            out.println("  [FAILED] expected " + expectation + " but found " + found);
            throw new DemoFailure("expected " + expectation + " but found " + found);
        }
        checks++;
        out.println("  [ok] " + expectation);
    }

    /** How many checks held so far. */
    int checks() {
        return checks;
    }

    /** A count with thousands separators, e.g. {@code 100,000}. */
    static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    /** A signed count, e.g. {@code +600}, {@code -300}, {@code 0}. */
    static String delta(long value) {
        return value == 0 ? "0" : String.format(Locale.ROOT, "%+,d", value);
    }

    /** Nanoseconds as seconds with one decimal, or milliseconds below one second. */
    static String seconds(long nanos) {
        return nanos < 1_000_000_000L
                ? String.format(Locale.ROOT, "%d ms", nanos / 1_000_000)
                : String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }

    /** A step of the demo did not behave as the story says it must. */
    static final class DemoFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DemoFailure(String message) {
            super(message);
        }
    }
}
