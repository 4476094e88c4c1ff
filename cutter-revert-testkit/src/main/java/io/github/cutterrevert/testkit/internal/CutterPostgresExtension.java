package io.github.cutterrevert.testkit.internal;

import io.github.cutterrevert.testkit.CutterPostgres;
import io.github.cutterrevert.testkit.SchemaVariant;
import io.github.cutterrevert.testkit.TestDatabase;
import java.util.Optional;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The extension behind {@link io.github.cutterrevert.testkit.CutterPostgres}: one {@link
 * TestDatabase} per top-level test class, kept in the class's extension store (so JUnit drops it
 * when the class is done) and injected as a {@link TestDatabase}, {@link DataSource} or {@link
 * DSLContext}.
 *
 * <p>Thread-safe; stateless apart from the store.
 */
public final class CutterPostgresExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(CutterPostgresExtension.class);
    private static final String DATABASE = "database";

    /** Creates the extension; JUnit does this. */
    public CutterPostgresExtension() {}

    /** Creates the class's database before any {@code @BeforeAll} method runs. */
    @Override
    public void beforeAll(ExtensionContext context) {
        database(context);
    }

    /** Supports parameters of type {@link TestDatabase}, {@link DataSource} and {@link DSLContext}. */
    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == TestDatabase.class || type == DataSource.class || type == DSLContext.class;
    }

    /** Resolves the class's database, its superuser data source or its jOOQ context. */
    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        TestDatabase database = database(extensionContext);
        Class<?> type = parameterContext.getParameter().getType();
        if (type == DataSource.class) {
            return database.dataSource();
        }
        if (type == DSLContext.class) {
            return database.dsl();
        }
        return database;
    }

    private static TestDatabase database(ExtensionContext context) {
        // Constructors and methods may see a method-level context, nested classes their own: the
        // database belongs to the outermost class, whichever context asks first.
        ExtensionContext owner = context;
        Optional<ExtensionContext> parent = owner.getParent();
        while (parent.isPresent() && parent.get().getTestClass().isPresent()) {
            owner = parent.get();
            parent = owner.getParent();
        }
        String hint = owner.getTestClass().map(Class::getSimpleName).orElse("junit");
        SchemaVariant schema = owner.getTestClass()
                .map(type -> type.getAnnotation(CutterPostgres.class)) // @Inherited
                .map(CutterPostgres::schema)
                .orElse(SchemaVariant.REFERENCE);
        return owner.getStore(NAMESPACE)
                .computeIfAbsent(DATABASE, key -> TestDatabase.create(hint, schema), TestDatabase.class);
    }
}
