package io.github.cutterrevert.failclosed;

import io.github.cutterrevert.RunId;
import io.github.cutterrevert.spi.KillSwitch;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The README's example: {@code execution_enabled} as one row of {@code ops.kill_switch (one
 * boolean PRIMARY KEY CHECK (one), enabled boolean NOT NULL, changed_by text, reason text,
 * changed_at timestamptz)}. No row reads as off.
 */
final class RowKillSwitch implements KillSwitch {
    private final DataSource ds;

    RowKillSwitch(DataSource ds) {
        this.ds = ds;
    }

    @Override
    public boolean executionEnabled() {
        try (Connection c = ds.getConnection();
                ResultSet rs = c.createStatement().executeQuery("SELECT enabled FROM ops.kill_switch")) {
            return rs.next() && rs.getBoolean(1); // no row: off
        } catch (SQLException e) {
            throw new IllegalStateException("kill switch unreadable, SQLSTATE " + e.getSQLState(), e);
        }
    }

    @Override
    public void disable(RunId runId, String reason) {
        set(false, runId.value(), reason);
    }

    @Override
    public void enable(String enabledBy, String reason) {
        set(true, enabledBy, reason);
    }

    private void set(boolean enabled, String by, String reason) {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO ops.kill_switch VALUES (true, ?, ?, ?, now())"
                        + " ON CONFLICT (one) DO UPDATE SET enabled = EXCLUDED.enabled,"
                        + " changed_by = EXCLUDED.changed_by, reason = EXCLUDED.reason, changed_at = now()")) {
            ps.setBoolean(1, enabled);
            ps.setString(2, by);
            ps.setString(3, reason);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("kill switch not written, SQLSTATE " + e.getSQLState(), e);
        }
    }
}
