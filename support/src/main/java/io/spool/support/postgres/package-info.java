/** PostgreSQL helpers that need no driver: values written in PostgreSQL's own text forms. */
package io.spool.support.postgres;
