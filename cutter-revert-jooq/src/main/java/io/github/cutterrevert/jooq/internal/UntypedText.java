package io.github.cutterrevert.jooq.internal;

import java.sql.SQLException;
import java.sql.Types;
import org.jooq.Binding;
import org.jooq.BindingGetResultSetContext;
import org.jooq.BindingGetSQLInputContext;
import org.jooq.BindingGetStatementContext;
import org.jooq.BindingRegisterContext;
import org.jooq.BindingSQLContext;
import org.jooq.BindingSetSQLOutputContext;
import org.jooq.BindingSetStatementContext;
import org.jooq.Converter;
import org.jooq.DataType;
import org.jooq.conf.ParamType;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Binds text without a type ({@code setObject(i, value, Types.OTHER)}), so that PostgreSQL infers
 * the parameter's type from where it is used: the same statement then works whether a status or
 * identity column is {@code text}, {@code varchar}, an enum or a {@code uuid}. Inlined (for the
 * psql script only) it renders as a quoted literal, which PostgreSQL types the same way.
 */
final class UntypedText implements Binding<String, String> {
    private static final long serialVersionUID = 1L;

    private static final Converter<String, String> IDENTITY =
            Converter.ofNullable(String.class, String.class, value -> value, value -> value);

    // Declared after IDENTITY: the binding's converter must exist when the type is built.
    /** Text bound without a type. */
    static final DataType<String> TYPE = SQLDataType.VARCHAR.asConvertedDataType(new UntypedText());

    private UntypedText() {}

    @Override
    public Converter<String, String> converter() {
        return IDENTITY;
    }

    @Override
    public void sql(BindingSQLContext<String> ctx) {
        if (ctx.render().paramType() == ParamType.INLINED) {
            ctx.render().visit(DSL.inline(ctx.value(), SQLDataType.VARCHAR));
        } else {
            ctx.render().sql(ctx.variable());
        }
    }

    @Override
    public void register(BindingRegisterContext<String> ctx) throws SQLException {
        ctx.statement().registerOutParameter(ctx.index(), Types.VARCHAR);
    }

    @Override
    public void set(BindingSetStatementContext<String> ctx) throws SQLException {
        ctx.statement().setObject(ctx.index(), ctx.value(), Types.OTHER);
    }

    @Override
    public void set(BindingSetSQLOutputContext<String> ctx) throws SQLException {
        ctx.output().writeString(ctx.value());
    }

    @Override
    public void get(BindingGetResultSetContext<String> ctx) throws SQLException {
        ctx.value(ctx.resultSet().getString(ctx.index()));
    }

    @Override
    public void get(BindingGetStatementContext<String> ctx) throws SQLException {
        ctx.value(ctx.statement().getString(ctx.index()));
    }

    @Override
    public void get(BindingGetSQLInputContext<String> ctx) throws SQLException {
        ctx.value(ctx.input().readString());
    }
}
