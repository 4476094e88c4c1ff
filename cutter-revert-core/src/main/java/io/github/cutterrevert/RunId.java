package io.github.cutterrevert;

/**
 * Identifies one orchestrator run (a cut) or one revert run.
 *
 * <p>Any printable text of 1 to 200 characters without control characters, line separators
 * (U+2028, U+2029), unpaired surrogates (which UTF-8 cannot encode) or surrounding whitespace;
 * quotes, semicolons and Unicode are allowed and always bound as values, never rendered into SQL.
 *
 * @param value the run id
 */
public record RunId(String value) {
    private static final int MAX_DIRECTORY_NAME = 120;
    private static final int KEPT_PREFIX = 80;

    /** Validates the value. */
    public RunId {
        value = Identifiers.require("runId", value);
    }

    /**
     * Creates a run id.
     *
     * @param value the run id
     * @return the typed id
     * @throws InvalidInputException if the value is null, blank, longer than 200 characters or
     *     contains control characters, line separators or unpaired surrogates
     */
    public static RunId of(String value) {
        return new RunId(value);
    }

    /**
     * A file-system-safe directory name for this run: ASCII letters, digits, {@code .}, {@code _}
     * and {@code -} are kept, every other UTF-8 byte is percent-encoded ({@code %XX}); a name made
     * a leading dot is encoded too, so no run directory is hidden or named {@code .} or {@code ..}. A name longer than 120 characters is cut to at most 80 and suffixed
     * with {@code ~} and 32 hex digits of the id's SHA-256. Distinct run ids give distinct names.
     *
     * @return the directory name, e.g. {@code run-1} or {@code run%2F1}
     */
    public String directoryName() {
        byte[] bytes = value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < bytes.length; i++) {
            int c = bytes[i] & 0xff;
            boolean safe = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '_'
                    || c == '-'
                    || (c == '.' && i > 0);
            if (safe) {
                out.append((char) c);
            } else {
                out.append('%').append(String.format("%02X", c));
            }
        }
        if (out.length() <= MAX_DIRECTORY_NAME) {
            return out.toString();
        }
        // File names are limited to 255 bytes: keep a readable prefix (never splitting a %XX
        // escape) and make it unique with a hash of the whole id.
        int cut = KEPT_PREFIX;
        if (out.charAt(cut - 1) == '%') {
            cut -= 1;
        } else if (out.charAt(cut - 2) == '%') {
            cut -= 2;
        }
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
            return out.substring(0, cut) + "~" + java.util.HexFormat.of().formatHex(hash, 0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
