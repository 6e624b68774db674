/** The ingest service. */
package io.spool.ingest;
