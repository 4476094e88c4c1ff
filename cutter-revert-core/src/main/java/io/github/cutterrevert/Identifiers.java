package io.github.cutterrevert;

/** The shared rule for identity values such as run and change set ids. */
final class Identifiers {
    static final int MAX_LENGTH = 200;

    private Identifiers() {}

    static String require(String field, String value) {
        String expected = "1 to " + MAX_LENGTH
                + " printable characters without control characters, line separators, unpaired surrogates"
                + " or surrounding whitespace";
        if (value == null
                || value.isBlank()
                || value.length() > MAX_LENGTH
                || !value.strip().equals(value)) {
            throw new InvalidInputException(field, expected, value);
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || unpairedSurrogate(value, i)) {
                throw new InvalidInputException(field, expected, value);
            }
        }
        return value;
    }

    /**
     * Whether the char at {@code i} is half of no surrogate pair. UTF-8 cannot encode it: the JDBC
     * driver would send {@code ?} instead, so the id would name another row.
     */
    static boolean unpairedSurrogate(String value, int i) {
        char c = value.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i == 0 || !Character.isHighSurrogate(value.charAt(i - 1));
        }
        return false;
    }
}
