package io.github.cutterrevert.testkit.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;

/** What the figures were measured on. Stateless. */
final class Machine {
    private Machine() {}

    /**
     * The machine and the JVM.
     *
     * @return name to value, in a stable order
     */
    static Map<String, Object> describe() {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cpu", cpuModel());
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        long memory = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
        machine.put("memory_gib", Math.round(memory / (1024.0 * 1024 * 1024) * 10) / 10.0);
        machine.put(
                "os",
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"));
        machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        machine.put("max_heap_mib", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        return machine;
    }

    /**
     * A PostgreSQL server: its version and the settings that decide what a COMMIT and a scan cost.
     *
     * @param admin a data source on the server
     * @return {@code postgresql} (the version) and {@code postgresql_settings}, in a stable order
     * @throws SQLException if the server cannot be asked
     */
    static Map<String, Object> postgres(DataSource admin) throws SQLException {
        Map<String, Object> server = new LinkedHashMap<>();
        try (Connection connection = admin.getConnection();
                Statement statement = connection.createStatement()) {
            server.put("postgresql", single(statement, "SHOW server_version"));
            Map<String, String> settings = new LinkedHashMap<>();
            for (String setting : new String[] {
                "shared_buffers",
                "work_mem",
                "fsync",
                "synchronous_commit",
                "full_page_writes",
                "wal_sync_method",
                "jit",
                "max_connections"
            }) {
                settings.put(setting, single(statement, "SHOW " + setting));
            }
            server.put("postgresql_settings", settings);
        }
        return server;
    }

    private static String single(Statement statement, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static String cpuModel() {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        try {
            if (Files.isReadable(cpuinfo)) {
                for (String line : Files.readAllLines(cpuinfo)) {
                    if (line.startsWith("model name")) {
                        return line.substring(line.indexOf(':') + 1).strip();
                    }
                }
            }
        } catch (IOException e) {
            // Not Linux, or not readable: say so below.
        }
        return System.getProperty("os.arch") + " (model unknown)";
    }
}
