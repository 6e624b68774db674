/** W3C Trace Context, carried from webhook to delivery. */
package io.spool.common.trace;
