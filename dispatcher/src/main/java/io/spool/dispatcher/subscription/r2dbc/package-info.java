/** The PostgreSQL adapter of subscriptions. */
package io.spool.dispatcher.subscription.r2dbc;
