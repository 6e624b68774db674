/** A real PostgreSQL server run from the standalone. */
package io.spool.standalone.postgres;
