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

}
