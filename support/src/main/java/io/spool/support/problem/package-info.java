/** Errors as RFC 9457 problem+json, in one place for every Spool web service. */
package io.spool.support.problem;
