/**
 * What every Spool service shares: the CloudEvents envelope and canonical event types ({@code event}),
 * topic names ({@code event}), the one JSON codec ({@code json}), webhook signing ({@code signing}) and the
 * root of Spool's exceptions ({@code error}). Nothing here does I/O.
 */
package io.spool.common;
