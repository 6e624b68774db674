/** The PostgreSQL adapter of deliveries. */
package io.spool.dispatcher.delivery.r2dbc;
