/** The command-line adapter of dead-letter replay. */
package io.spool.dispatcher.delivery.cli;
