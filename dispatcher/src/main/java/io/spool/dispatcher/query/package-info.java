/** The read API's core: the query port, its filters and pages. */
package io.spool.dispatcher.query;
