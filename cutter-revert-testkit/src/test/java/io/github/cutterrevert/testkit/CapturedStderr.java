package io.github.cutterrevert.testkit;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** What a piece of work wrote to {@code System.err}, where slf4j-simple logs in the tests. */
public final class CapturedStderr {
    private CapturedStderr() {}

    /**
     * Runs the work with {@code System.err} copied into a buffer (it still reaches the console).
     *
     * @param work the work
     * @return everything written to {@code System.err} meanwhile
     */
    public static String during(Runnable work) {
        PrintStream original = System.err;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        OutputStream tee = new OutputStream() {
            @Override
            public void write(int b) {
                buffer.write(b);
                original.write(b);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                buffer.write(bytes, offset, length);
                original.write(bytes, offset, length);
            }
        };
        System.setErr(new PrintStream(tee, true, StandardCharsets.UTF_8));
        try {
            work.run();
        } finally {
            System.err.flush();
            System.setErr(original);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
