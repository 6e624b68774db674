/** The HTTP adapter of the webhook feature. */
package io.spool.ingest.webhook.web;
