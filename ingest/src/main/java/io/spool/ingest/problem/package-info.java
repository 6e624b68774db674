/** Errors as RFC 9457 problem+json, in one place. */
package io.spool.ingest.problem;
