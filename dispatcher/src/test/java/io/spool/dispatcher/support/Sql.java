package io.spool.dispatcher.support;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

/** Test-side reads of the dispatcher's tables over plain JDBC. */
public final class Sql {

	private final DataSource dataSource;

	public Sql(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	public long count(String sql) {
		try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
				ResultSet rs = s.executeQuery(sql)) {
			rs.next();
			return rs.getLong(1);
		}
		catch (SQLException ex) {
			return -1;
		}
	}

	/** The first column of the first row as text ({@code null} when there is no row). */
	public String text(String sql) {
		try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
				ResultSet rs = s.executeQuery(sql)) {
			return rs.next() ? rs.getString(1) : null;
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
