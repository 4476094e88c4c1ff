package io.github.cutterrevert;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EscalationBundlesTest {
    private static final RunId RUN = RunId.of("run/7 ü");

    @TempDir
    Path root;

    @Test
    void listsEveryBundleOfTheRunOldestFirstAndNothingBeforeTheFirstFailure() {
        FailClosed failClosed = FailClosed.inDirectories(root.resolve("rollback"), root.resolve("locks"));
        assertThat(failClosed.escalationBundles(RUN)).as("never failed").isEmpty();

        Escalation first = engage(failClosed, "first");
        failClosed.release("operator", "looked at it", false);
        Escalation second = engage(failClosed, "second");

        assertThat(failClosed.escalationBundles(RUN))
                .containsExactly(first.bundle(), second.bundle())
                .allSatisfy(bundle -> assertThat(bundle.getParent()).isEqualTo(failClosed.runDirectory(RUN)));
        assertThat(second.bundle().getFileName()).hasToString("escalation-2.txt");
        assertThat(failClosed.escalationBundles(RunId.of("another-run"))).isEmpty();
    }

    private static Escalation engage(FailClosed failClosed, String reason) {
        return failClosed.engage(
                RUN,
                new Verdict.Failed(reason, Optional.empty()),
                Optional.empty(),
                () -> "",
                () -> {
                    throw new IllegalStateException("no database in this test");
                },
                snapshot -> {
                    throw new IllegalStateException("not reached");
                },
                null);
    }
}
