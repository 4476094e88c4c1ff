package io.github.cutterrevert.testkit;

import static io.github.cutterrevert.testkit.SqlStates.count;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/** A class's database is dropped once the class is done, so test runs leave nothing behind. */
class CutterPostgresLifecycleIT {

    private static final AtomicReference<String> PROBED = new AtomicReference<>();

    /** Run only by the launcher below: static nested classes are not discovered with their outer class. */
    @CutterPostgres
    static class Probe {

        @Test
        void recordsItsDatabase(TestDatabase db) {
            PROBED.set(db.name());
        }
    }

    @Test
    void databaseIsDroppedWhenItsClassIsDone() throws SQLException {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.selectClass(Probe.class))
                .build();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();

        LauncherFactory.create().execute(request, listener);

        assertThat(listener.getSummary().getTestsSucceededCount()).isEqualTo(1);
        String probed = PROBED.get();
        assertThat(probed).startsWith("cutter_probe_");
        try (TestDatabase witness = TestDatabase.create("witness")) {
            assertThat(count(witness.dataSource(), "SELECT count(*) FROM pg_database WHERE datname = '" + probed + "'"))
                    .as("database %s after its class finished", probed)
                    .isZero();
        }
    }
}
