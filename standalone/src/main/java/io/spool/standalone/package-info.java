/** The embedded default: a real Kafka broker and the Spool services in one JVM. */
package io.spool.standalone;
