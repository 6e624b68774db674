/** Verification of a webhook's origin, one implementation per scheme of CONTRACT §1. Pure; no I/O. */
package io.spool.ingest.webhook.verify;
