package io.github.cutterrevert.testkit;

import static io.github.cutterrevert.testkit.SqlStates.count;
import static io.github.cutterrevert.testkit.SqlStates.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Fresh databases made by hand: cloned from the template, isolated, dropped on close. */
class TestDatabaseIT {

    private static final System.Logger LOG = System.getLogger(TestDatabaseIT.class.getName());

    @Test
    void freshDatabasesAreDistinctHoldTheSchemaAndAreDroppedOnClose() throws SQLException {
        int clones = 10;
        List<String> names = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < clones; i++) {
            try (TestDatabase db = TestDatabase.create("clone")) {
                names.add(db.name());
                assertThat(count(db.dataSource(), "SELECT count(*) FROM cutter_governance.cut_change_set"))
                        .isZero();
            }
        }
        long perClone = (System.nanoTime() - started) / clones / 1_000;
        LOG.log(System.Logger.Level.INFO, "create + check + drop of a fresh database: {0} us on average", perClone);

        assertThat(names).doesNotHaveDuplicates().allMatch(name -> name.startsWith("cutter_clone_"));
        try (TestDatabase witness = TestDatabase.create("witness")) {
            assertThat(count(
                            witness.dataSource(),
                            "SELECT count(*) FROM pg_database WHERE datname IN ('" + String.join("', '", names) + "')"))
                    .as("databases left behind after close")
                    .isZero();
        }
    }

    @Test
    void closeDropsTheDatabaseAndASecondCloseDoesNothing() {
        TestDatabase db = TestDatabase.create("twice");
        db.close();

        assertThat(SqlStates.sqlStateOf(db.dataSource(), "SELECT 1"))
                .as("connecting to a dropped database")
                .isEqualTo("3D000");
        assertThatCode(db::close).doesNotThrowAnyException();
    }

    @Test
    void jdbcUrlNamesTheDatabaseWithoutCredentials() throws SQLException {
        try (TestDatabase db = TestDatabase.create("url")) {
            assertThat(db.jdbcUrl())
                    .startsWith("jdbc:postgresql://")
                    .endsWith("/" + db.name())
                    .doesNotContain("user=")
                    .doesNotContain("password=");
            assertThat(db.toString()).contains(db.name());
            assertThat(string(db.dataSource(), "SELECT current_database()")).isEqualTo(db.name());
        }
    }

    @Test
    void refusesABlankRole() {
        try (TestDatabase db = TestDatabase.create("role")) {
            assertThatThrownBy(() -> db.dataSourceAs(" "))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("role must not be blank");
        }
    }
}
