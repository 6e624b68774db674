/** The HTTP adapter of deliveries: one attempt with WebClient. */
package io.spool.dispatcher.delivery.http;
