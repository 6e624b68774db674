/** The root of Spool's exceptions and its retryable / permanent split. */
package io.spool.common.error;
