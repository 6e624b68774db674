/** The HTTP adapter of the read API. */
package io.spool.dispatcher.query.web;
