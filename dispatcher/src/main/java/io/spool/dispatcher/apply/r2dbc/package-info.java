/** The PostgreSQL adapter of the apply feature (R2DBC). */
package io.spool.dispatcher.apply.r2dbc;
