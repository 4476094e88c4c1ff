package io.github.cutterrevert.cli.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Human output in the demo's style: a title, labelled fields, indented blocks and aligned tables,
 * plain ASCII. Not thread-safe.
 */
final class Text {
    private static final Pattern NUMBER = Pattern.compile("[-+]?[0-9][0-9,.]*");

    private final StringBuilder out = new StringBuilder();

    /** A title, underlined. */
    Text title(String text) {
        out.append(text).append('\n').append("-".repeat(text.length())).append('\n');
        return this;
    }

    /** {@code label:  value}, labels padded to one width. */
    Text field(String label, Object value) {
        out.append(String.format(Locale.ROOT, "  %-15s %s%n", label + ":", value));
        return this;
    }

    /** A line of prose, indented by two spaces. */
    Text line(String text) {
        out.append("  ").append(text).append('\n');
        return this;
    }

    /** An empty line. */
    Text blank() {
        out.append('\n');
        return this;
    }

    /** Multi-line text as it is (a plan summary, a script). */
    Text raw(String text) {
        out.append(text);
        if (!text.endsWith("\n")) {
            out.append('\n');
        }
        return this;
    }

    /** Multi-line text, each line indented by four spaces. */
    Text block(String text) {
        text.lines().forEach(line -> out.append("    ").append(line).append('\n'));
        return this;
    }

    /** An aligned table: numbers right-aligned, text left-aligned, a rule under the header. */
    Text table(List<String> header, List<List<String>> rows) {
        int[] widths = new int[header.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = header.get(c).length();
            for (List<String> row : rows) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        out.append("  ").append(row(header, widths)).append('\n');
        List<String> rules = new ArrayList<>();
        for (int width : widths) {
            rules.add("-".repeat(width));
        }
        out.append("  ").append(String.join("  ", rules)).append('\n');
        rows.forEach(r -> out.append("  ").append(row(r, widths)).append('\n'));
        return this;
    }

    private static String row(List<String> cells, int[] widths) {
        StringBuilder text = new StringBuilder();
        for (int c = 0; c < widths.length; c++) {
            String cell = cells.get(c);
            boolean right = c > 0 && NUMBER.matcher(cell).matches();
            if (c > 0) {
                text.append("  ");
            }
            text.append(String.format(Locale.ROOT, "%" + (right ? "" : "-") + widths[c] + "s", cell));
        }
        return text.toString().stripTrailing();
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
