package io.github.cutterrevert.jooq.internal;

import java.sql.Connection;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.ParamType;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.conf.StatementType;
import org.jooq.impl.DSL;

/**
 * The jOOQ contexts the module runs and renders with. They never take a caller's settings: names
 * are always quoted, values always bound, and jOOQ's own execute logging (which would print bind
 * values) is off.
 */
public final class Sessions {
    private Sessions() {}

    private static Settings settings() {
        return new Settings()
                .withRenderQuotedNames(RenderQuotedNames.EXPLICIT_DEFAULT_QUOTED)
                .withStatementType(StatementType.PREPARED_STATEMENT)
                .withParamType(ParamType.INDEXED)
                .withRenderSchema(true)
                .withExecuteLogging(false)
                .withExecuteLoggingSQLExceptions(false)
                .withDiagnosticsLogging(false);
    }

    /**
     * A context on one JDBC connection; the caller owns the connection and its transaction.
     *
     * @param connection the connection
     * @return the context
     */
    public static DSLContext on(Connection connection) {
        return DSL.using(connection, SQLDialect.POSTGRES, settings());
    }

    /**
     * A context without a connection that renders formatted SQL for people to read.
     *
     * @return the context
     */
    public static DSLContext renderer() {
        return DSL.using(SQLDialect.POSTGRES, settings().withRenderFormatted(true));
    }
}
