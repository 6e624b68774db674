/**
 * Webhook signing and verification, pure and constant-time: the hex HMAC-SHA256 scheme ({@link
 * io.spool.common.signing.HexSignature}) and Standard Webhooks ({@link
 * io.spool.common.signing.StandardWebhooks}).
 */
package io.spool.common.signing;
