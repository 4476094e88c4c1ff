package io.github.cutterrevert.testkit.demo;

import io.github.cutterrevert.testkit.TestDatabase;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The demo's options, read from system properties.
 *
 * @param units {@code demo.units}: draft units in the failing cut (default: 300)
 * @param keep {@code demo.keep}: keep the database afterwards ({@code true}: until Enter; a number:
 *     that many seconds; default: drop it at once)
 */
record Options(int units, Optional<Keep> keep) {
    static final int DEFAULT_UNITS = 300;

    static Options fromSystemProperties() {
        String units = System.getProperty("demo.units", Integer.toString(DEFAULT_UNITS));
        int parsed;
        try {
            parsed = Integer.parseInt(units.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("demo.units must be a whole number but was '" + units + "'", e);
        }
        if (parsed < 1 || parsed > 1_000_000) {
            throw new IllegalArgumentException("demo.units must be between 1 and 1,000,000 but was " + parsed);
        }
        String keep = System.getProperty("demo.keep", "false").strip();
        return new Options(parsed, Keep.parse(keep));
    }

    /**
     * How long to keep the database after the demo.
     *
     * @param seconds how many seconds; empty: until Enter
     */
    record Keep(OptionalLong seconds) {
        static Optional<Keep> parse(String value) {
            if (value.equalsIgnoreCase("false") || value.isEmpty()) {
                return Optional.empty();
            }
            if (value.equalsIgnoreCase("true")) {
                return Optional.of(new Keep(OptionalLong.empty()));
            }
            try {
                long seconds = Long.parseLong(value);
                if (seconds < 1) {
                    throw new IllegalArgumentException("demo.keep must be > 0 seconds but was " + seconds);
                }
                return Optional.of(new Keep(OptionalLong.of(seconds)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "demo.keep must be true, false or a number of seconds but was '" + value + "'", e);
            }
        }

        /** Prints how to reach the database and waits. */
        void await(Console console, TestDatabase db) throws IOException {
            console.section(7, "The database, kept for you");
            console.field("JDBC URL", db.jdbcUrl());
            console.field("roles", "cutter_exec / cutter_exec (the orchestrator), query_pg / query_pg (read-only)");
            console.field(
                    "psql",
                    "psql '" + db.jdbcUrl().replaceFirst("^jdbc:", "") + "?user=cutter_exec&password=cutter_exec'");
            console.blank();
            if (seconds.isPresent()) {
                console.say("Dropping it in " + seconds.getAsLong() + " s.");
                try {
                    Thread.sleep(seconds.getAsLong() * 1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            } else {
                console.say("Press Enter to drop it and end the demo.");
                // Not closed: it wraps System.in.
                BufferedReader in = new BufferedReader(new InputStreamReader(System.in, Charset.defaultCharset()));
                in.readLine();
            }
        }
    }
}
