package io.github.cutterrevert.testkit;

import static io.github.cutterrevert.testkit.SqlStates.string;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Injection into constructors, lifecycle methods and test methods, including nested classes. */
@CutterPostgres
class CutterPostgresExtensionIT {

    private static TestDatabase fromBeforeAll;

    private final TestDatabase fromConstructor;

    CutterPostgresExtensionIT(TestDatabase db, DataSource dataSource) throws SQLException {
        this.fromConstructor = db;
        assertThat(string(dataSource, "SELECT current_database()")).isEqualTo(db.name());
    }

    @BeforeAll
    static void beforeAll(TestDatabase db, DataSource dataSource, DSLContext dsl) throws SQLException {
        fromBeforeAll = db;
        assertThat(string(dataSource, "SELECT current_database()")).isEqualTo(db.name());
        assertThat(dsl.fetchValue(DSL.field("current_database()", String.class)))
                .isEqualTo(db.name());
    }

    @BeforeEach
    void beforeEach(TestDatabase db) {
        assertThat(db).isSameAs(fromBeforeAll);
    }

    @Test
    void everyInjectionPointSeesTheSameFreshDatabase(TestDatabase db, DataSource dataSource, DSLContext dsl)
            throws SQLException {
        assertThat(db).isSameAs(fromBeforeAll).isSameAs(fromConstructor);
        assertThat(db.name()).startsWith("cutter_cutterpostgresextensionit_");
        assertThat(string(dataSource, "SELECT current_user")).isEqualTo(string(db.dataSource(), "SELECT current_user"));
        assertThat(dsl.fetchValue(DSL.field("current_database()", String.class)))
                .isEqualTo(db.name());
        assertThat(dsl.fetchCount(DSL.table("public.information_unit")))
                .as("a fresh database holds the schema and no units")
                .isZero();
    }

    @Test
    void roleDataSourcesLogInAsTheRole(TestDatabase db) throws SQLException {
        assertThat(string(
                        db.dataSourceAs(TestDatabase.CUTTER_EXEC), "SELECT current_user || '@' || current_database()"))
                .isEqualTo("cutter_exec@" + db.name());
        assertThat(string(db.dataSourceAs(TestDatabase.QUERY_PG), "SELECT current_user"))
                .isEqualTo("query_pg");
    }

    @AfterAll
    static void afterAll(TestDatabase db) throws SQLException {
        assertThat(db).isSameAs(fromBeforeAll);
        assertThat(string(db.dataSource(), "SELECT current_database()"))
                .as("the database lives until the class is done")
                .isEqualTo(db.name());
    }

    @Nested
    class NestedClass {

        @Test
        void sharesTheOuterClassDatabase(TestDatabase db, DataSource dataSource) throws SQLException {
            assertThat(db).isSameAs(fromBeforeAll);
            assertThat(string(dataSource, "SELECT current_database()")).isEqualTo(fromBeforeAll.name());
        }
    }
}
