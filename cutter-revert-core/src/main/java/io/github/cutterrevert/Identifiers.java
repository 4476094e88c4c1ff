package io.github.cutterrevert;

/** The shared rule for identity values such as run and change set ids. */
final class Identifiers {
    static final int MAX_LENGTH = 200;

    private Identifiers() {}

    static String require(String field, String value) {
        String expected =
                "1 to " + MAX_LENGTH + " printable characters without control characters or surrounding whitespace";
        if (value == null
                || value.isBlank()
                || value.length() > MAX_LENGTH
                || !value.strip().equals(value)) {
            throw new InvalidInputException(field, expected, value);
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new InvalidInputException(field, expected, value);
            }
        }
        return value;
    }
}
