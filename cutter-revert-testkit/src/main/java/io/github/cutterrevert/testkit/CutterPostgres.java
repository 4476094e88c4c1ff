package io.github.cutterrevert.testkit;

import io.github.cutterrevert.testkit.internal.CutterPostgresExtension;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a test class its own fresh database holding the reference schema, and injects it.
 *
 * <p>The database is created before the class's {@code @BeforeAll} methods run and dropped after
 * its {@code @AfterAll} methods; every test of the class (and of its {@code @Nested} classes)
 * shares it, so give each test its own change set and run ids. Constructors, lifecycle methods and
 * test methods may declare parameters of these types:
 *
 * <ul>
 *   <li>{@link TestDatabase}: the handle (names, URLs, role data sources);
 *   <li>{@link javax.sql.DataSource}: {@link TestDatabase#dataSource()}, the superuser;
 *   <li>{@link org.jooq.DSLContext}: {@link TestDatabase#dsl()}.
 * </ul>
 *
 * <pre>{@code
 * @CutterPostgres
 * class LedgerIT {
 *   @BeforeAll
 *   static void seed(DataSource dataSource) {
 *     ReferenceWorld.seedBaseline(dataSource);
 *   }
 *
 *   @Test
 *   void startsAtBaseline(TestDatabase db) {
 *     CutterAssertions.assertThat(db).hasBaselineCounts();
 *   }
 * }
 * }</pre>
 *
 * The server is chosen as described in the {@linkplain io.github.cutterrevert.testkit package
 * documentation}.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(CutterPostgresExtension.class)
public @interface CutterPostgres {
    /**
     * The schema the class's database holds (default: {@link SchemaVariant#REFERENCE}).
     *
     * @return the schema variant
     */
    SchemaVariant schema() default SchemaVariant.REFERENCE;
}
