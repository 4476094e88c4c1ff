package io.github.cutterrevert.proof.input;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * What the proofs compare before and after: the catalog of the schemas the library touches, and
 * every row of every table keyed by its primary key. Plain JDBC as the superuser, outside the code
 * under test. Stateless and thread-safe.
 */
public final class Probe {
    /** The reference schema's schemas. */
    public static final List<String> SCHEMAS = List.of("public", "cutter_governance");

    private static final String CATALOG = """
            SELECT line FROM (
              SELECT 'schema ' || n.nspname || ' owner=' || pg_get_userbyid(n.nspowner)
                     || ' acl=' || coalesce(n.nspacl::text, '') AS line
                FROM pg_namespace n WHERE n.nspname = ANY (?)
              UNION ALL
              SELECT 'relation ' || n.nspname || '.' || c.relname || ' kind=' || c.relkind::text::text
                     || ' owner=' || pg_get_userbyid(c.relowner) || ' acl=' || coalesce(c.relacl::text, '')
                     || ' rls=' || c.relrowsecurity || ' persistence=' || c.relpersistence::text
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ANY (?)
              UNION ALL
              SELECT 'column ' || n.nspname || '.' || c.relname || '.' || a.attname || ' #' || a.attnum
                     || ' ' || format_type(a.atttypid, a.atttypmod) || ' notnull=' || a.attnotnull
                     || ' identity=' || a.attidentity::text || ' default=' || coalesce(pg_get_expr(d.adbin, d.adrelid), '')
                     || ' acl=' || coalesce(a.attacl::text, '')
                FROM pg_attribute a
                JOIN pg_class c ON c.oid = a.attrelid
                JOIN pg_namespace n ON n.oid = c.relnamespace
                LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
               WHERE n.nspname = ANY (?) AND a.attnum > 0 AND NOT a.attisdropped
              UNION ALL
              SELECT 'trigger ' || pg_get_triggerdef(t.oid) || ' enabled=' || t.tgenabled::text
                FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
               WHERE n.nspname = ANY (?) AND NOT t.tgisinternal
              UNION ALL
              SELECT 'function ' || n.nspname || '.' || p.proname || '(' || pg_get_function_identity_arguments(p.oid)
                     || ') returns ' || format_type(p.prorettype, NULL) || ' body=' || md5(p.prosrc)
                     || ' owner=' || pg_get_userbyid(p.proowner) || ' acl=' || coalesce(p.proacl::text, '')
                     || ' definer=' || p.prosecdef
                FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = ANY (?)
              UNION ALL
              SELECT 'constraint ' || n.nspname || '.' || c.relname || '.' || k.conname || ' '
                     || pg_get_constraintdef(k.oid)
                FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
               WHERE n.nspname = ANY (?)
              UNION ALL
              SELECT 'index ' || pg_get_indexdef(i.indexrelid)
                FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
               WHERE n.nspname = ANY (?)
              UNION ALL
              SELECT 'rule ' || r.rulename || ' ' || pg_get_ruledef(r.oid)
                FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class JOIN pg_namespace n ON n.oid = c.relnamespace
               WHERE n.nspname = ANY (?)
              UNION ALL
              SELECT 'policy ' || n.nspname || '.' || c.relname || '.' || p.polname
                FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace
               WHERE n.nspname = ANY (?)
              UNION ALL
              SELECT 'role ' || r.rolname || ' super=' || r.rolsuper || ' login=' || r.rolcanlogin
                     || ' bypassrls=' || r.rolbypassrls
                FROM pg_roles r WHERE r.rolname IN ('cutter_exec', 'query_pg')
            ) catalog ORDER BY line
            """;

    private static final String TABLES = """
            SELECT n.nspname, c.relname,
                   coalesce((SELECT array_agg(a.attname::text ORDER BY k.ord)
                               FROM pg_index i
                               CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
                               JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                              WHERE i.indrelid = c.oid AND i.indisprimary), '{}')
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = ANY (?) AND c.relkind IN ('r', 'p')
             ORDER BY 1, 2
            """;

    private Probe() {}

    /**
     * Every schema object of the given schemas (tables, columns, triggers, functions, constraints,
     * indexes, rules, policies, privileges) and the reference roles, one sorted line each, without
     * oids or statistics: equal lists mean an unchanged schema.
     *
     * @param superuser a data source that can read the catalog
     * @param schemas the schemas
     * @return the lines
     */
    public static List<String> catalog(DataSource superuser, List<String> schemas) {
        try (Connection connection = superuser.getConnection();
                PreparedStatement query = connection.prepareStatement(CATALOG)) {
            Array names = connection.createArrayOf("text", schemas.toArray());
            for (int i = 1; i <= query.getParameterMetaData().getParameterCount(); i++) {
                query.setArray(i, names);
            }
            List<String> lines = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    lines.add(rows.getString(1));
                }
            }
            return lines;
        } catch (SQLException e) {
            throw new IllegalStateException("reading the catalog", e);
        }
    }

    /**
     * The catalog of the reference schema's schemas.
     *
     * @param superuser a data source that can read the catalog
     * @return the lines
     */
    public static List<String> catalog(DataSource superuser) {
        return catalog(superuser, SCHEMAS);
    }

    /**
     * Every row of every table of the given schemas: qualified table name to (primary key as text
     * to the whole row as text). A table without a primary key is keyed by the row itself.
     *
     * @param superuser a data source that can read every table
     * @param schemas the schemas
     * @return the rows
     */
    public static Map<String, Map<String, String>> rows(DataSource superuser, List<String> schemas) {
        Map<String, Map<String, String>> tables = new TreeMap<>();
        try (Connection connection = superuser.getConnection()) {
            List<String[]> names = new ArrayList<>();
            List<List<String>> keys = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement(TABLES)) {
                query.setArray(1, connection.createArrayOf("text", schemas.toArray()));
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        names.add(new String[] {rows.getString(1), rows.getString(2)});
                        keys.add(List.of((String[]) rows.getArray(3).getArray()));
                    }
                }
            }
            for (int i = 0; i < names.size(); i++) {
                String[] name = names.get(i);
                String key = keys.get(i).isEmpty()
                        ? "t::text"
                        : "ROW("
                                + String.join(
                                        ", ",
                                        keys.get(i).stream()
                                                .map(column -> "t." + quote(column))
                                                .toList())
                                + ")::text";
                String sql = "SELECT " + key + ", t::text FROM " + quote(name[0]) + "." + quote(name[1]) + " t";
                Map<String, String> contents = new TreeMap<>();
                try (PreparedStatement query = connection.prepareStatement(sql);
                        ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        contents.put(rows.getString(1), rows.getString(2));
                    }
                }
                tables.put(name[0] + "." + name[1], contents);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading every row", e);
        }
        return tables;
    }

    /**
     * Every row of the reference schema's tables.
     *
     * @param superuser a data source that can read every table
     * @return the rows
     */
    public static Map<String, Map<String, String>> rows(DataSource superuser) {
        return rows(superuser, SCHEMAS);
    }

    /**
     * The primary keys of rows added, removed or changed between two {@link #rows} readings, per
     * table; tables without a change are left out.
     *
     * @param before the earlier reading
     * @param after the later reading
     * @return table to changed keys
     */
    public static Map<String, Set<String>> changed(
            Map<String, Map<String, String>> before, Map<String, Map<String, String>> after) {
        Map<String, Set<String>> changed = new TreeMap<>();
        Set<String> tables = new LinkedHashSet<>(before.keySet());
        tables.addAll(after.keySet());
        for (String table : tables) {
            Map<String, String> was = before.getOrDefault(table, Map.of());
            Map<String, String> is = after.getOrDefault(table, Map.of());
            Set<String> keys = new TreeSet<>(was.keySet());
            keys.addAll(is.keySet());
            keys.removeIf(key -> java.util.Objects.equals(was.get(key), is.get(key)));
            if (!keys.isEmpty()) {
                changed.put(table, keys);
            }
        }
        return changed;
    }

    /**
     * A quoted SQL identifier.
     *
     * @param identifier the name
     * @return it in double quotes, inner quotes doubled
     */
    public static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /**
     * The first column of every row of a query, as text.
     *
     * @param dataSource where
     * @param sql the query
     * @param parameters its bound parameters
     * @return the values, in order
     */
    public static List<String> texts(DataSource dataSource, String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = prepare(connection, sql, parameters);
                ResultSet rows = query.executeQuery()) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /**
     * Runs a statement expected to fail and returns its SQLSTATE.
     *
     * @param dataSource where
     * @param sql the statement
     * @param parameters its bound parameters
     * @return the SQLSTATE of the failure
     * @throws AssertionError if the statement succeeded
     */
    public static String sqlStateOf(DataSource dataSource, String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = prepare(connection, sql, parameters)) {
            statement.execute();
        } catch (SQLException e) {
            return e.getSQLState();
        }
        throw new AssertionError("expected the database to refuse: " + sql);
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... parameters)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
        return statement;
    }
}
