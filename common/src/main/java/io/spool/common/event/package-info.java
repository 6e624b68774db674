/** The CloudEvents envelope, canonical event types and topic names: Spool's wire contract with consumers. */
package io.spool.common.event;
