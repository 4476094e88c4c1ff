package io.github.cutterrevert;

/**
 * An argument was rejected before anything was read or written: it names the field, what was
 * expected and a safe description of what was given.
 */
public final class InvalidInputException extends CutterRevertException {
    private static final long serialVersionUID = 1L;

    private final String field;
    private final String expected;
    private final String actual;

    /**
     * Creates the exception.
     *
     * @param field the argument or configuration key that was wrong, e.g. {@code "runId"}
     * @param expected what a valid value looks like
     * @param actual the given value; shortened and escaped for the message
     */
    public InvalidInputException(String field, String expected, String actual) {
        super(null, field + " must be " + expected + " but was " + describe(actual), null);
        this.field = field;
        this.expected = expected;
        this.actual = describe(actual);
    }

    /**
     * The rejected field.
     *
     * @return the field name
     */
    public String field() {
        return field;
    }

    /**
     * What a valid value looks like.
     *
     * @return the expectation
     */
    public String expected() {
        return expected;
    }

    /**
     * A safe, shortened description of the rejected value.
     *
     * @return the description ({@code null} for a null value, quoted and escaped otherwise)
     */
    public String actual() {
        return actual;
    }

    static String describe(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder("\"");
        int limit = Math.min(value.length(), 40);
        for (int i = 0; i < limit; i++) {
            char c = value.charAt(i);
            // Every control character (C0 and C1) and the Unicode line breaks: a rejected value must
            // not be able to forge a line in a log. A surrogate without its pair (or whose pair the
            // shortening cut off) would reach a log as '?'.
            boolean unpaired =
                    Identifiers.unpairedSurrogate(value, i) || (i == limit - 1 && Character.isHighSurrogate(c));
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || c == '"' || c == '\\' || unpaired) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
        if (value.length() > limit) {
            out.append("… (").append(value.length()).append(" chars)");
        }
        return out.toString();
    }
}
