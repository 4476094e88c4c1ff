package io.github.cutterrevert.testkit.bench;

import java.util.List;
import java.util.OptionalLong;

/**
 * One measured compensation.
 *
 * @param nanos wall-clock time of the compensation, connection already open
 * @param statements statements sent
 * @param allocatedBytes bytes the measuring thread allocated meanwhile
 * @param planRenderNanos for the library: {@code plan()} plus {@code render(plan)}, before it
 * @param log every statement sent, with its time
 */
record Sample(
        long nanos,
        int statements,
        long allocatedBytes,
        OptionalLong planRenderNanos,
        List<CountingDataSource.Executed> log) {

    Sample {
        log = List.copyOf(log);
    }
}
