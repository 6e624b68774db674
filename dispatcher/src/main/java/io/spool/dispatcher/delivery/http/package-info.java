/** The HTTP adapter of deliveries: one attempt with Reactor Netty's HttpClient. */
package io.spool.dispatcher.delivery.http;
