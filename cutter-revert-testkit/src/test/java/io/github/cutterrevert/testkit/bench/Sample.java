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
 * @param planNanos for the library: {@code plan()} alone, the part an orchestrator waits for
 *     before {@code execute()} (plan + execute is what it sees in total)
 * @param connections connections taken from the data source meanwhile
 * @param log every statement sent, with its time
 * @param cpuNanos CPU time of the measuring thread meanwhile (its own work, the JDBC driver's
 *     included; not the server's, not waiting)
 */
record Sample(
        long nanos,
        int statements,
        long allocatedBytes,
        OptionalLong planRenderNanos,
        OptionalLong planNanos,
        int connections,
        List<CountingDataSource.Executed> log,
        long cpuNanos) {

    Sample {
        log = List.copyOf(log);
    }
}
