/** The configured senders ({@code spool.ingest.sources.*}), validated and resolved at start-up. */
package io.spool.ingest.webhook.source;
