package io.github.cutterrevert.testkit;

import static io.github.cutterrevert.testkit.SqlStates.count;
import static io.github.cutterrevert.testkit.SqlStates.execute;
import static io.github.cutterrevert.testkit.SqlStates.string;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * Writes the same ledger key from several test classes: each class must see only its own row, in
 * a database no other class got.
 */
@CutterPostgres
abstract class IsolationProbe {

    /** Database name by test class, across the classes of this JVM. */
    private static final Map<String, Class<?>> DATABASES = new ConcurrentHashMap<>();

    @Test
    void seesOnlyItsOwnRowsInItsOwnDatabase(TestDatabase db) throws SQLException {
        String owner = getClass().getSimpleName();
        execute(
                db.dataSource(),
                "INSERT INTO cutter_governance.cut_change_set (change_set_id, run_id) VALUES ('isolation-probe', '"
                        + owner + "')");

        assertThat(count(db.dataSource(), "SELECT count(*) FROM cutter_governance.cut_change_set"))
                .isEqualTo(1);
        assertThat(string(db.dataSource(), "SELECT run_id FROM cutter_governance.cut_change_set"))
                .isEqualTo(owner);
        assertThat(string(db.dataSource(), "SELECT current_database()")).isEqualTo(db.name());
        Class<?> previous = DATABASES.putIfAbsent(db.name(), getClass());
        assertThat(previous).as("another test class got database %s", db.name()).isNull();
    }
}
