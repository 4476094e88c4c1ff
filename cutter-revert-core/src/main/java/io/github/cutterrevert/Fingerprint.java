package io.github.cutterrevert;

import java.util.regex.Pattern;

/**
 * The SHA-256 fingerprint of a plan, in lower-case hex: the value a reviewer approves.
 *
 * @param value 64 lower-case hex digits
 */
public record Fingerprint(String value) {
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

    /** Validates the value. */
    public Fingerprint {
        if (value == null || !HEX.matcher(value).matches()) {
            throw new InvalidInputException("fingerprint", "64 lower-case hex digits (SHA-256)", value);
        }
    }

    /**
     * Parses a fingerprint.
     *
     * @param value 64 lower-case hex digits
     * @return the fingerprint
     */
    public static Fingerprint of(String value) {
        return new Fingerprint(value);
    }

    /**
     * The first 12 hex digits, for display.
     *
     * @return the short form
     */
    public String shortForm() {
        return value.substring(0, 12);
    }

    @Override
    public String toString() {
        return value;
    }
}
