/** The HTTP adapter of subscriptions. */
package io.spool.dispatcher.subscription.web;
