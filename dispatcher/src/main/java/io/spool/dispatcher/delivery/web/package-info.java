/** The HTTP adapter of deliveries: listing, manual retry and dead-letter replay. */
package io.spool.dispatcher.delivery.web;
