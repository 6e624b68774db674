/** A real single-node KRaft broker run in-process. */
package io.spool.standalone.kafka;
