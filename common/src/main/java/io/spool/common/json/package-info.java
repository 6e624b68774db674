/** The one JSON codec, with explicit read limits for untrusted input. */
package io.spool.common.json;
