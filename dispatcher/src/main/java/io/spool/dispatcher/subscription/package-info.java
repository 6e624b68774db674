/** Subscriptions: who wants which events where, and the rules for where Spool may send. */
package io.spool.dispatcher.subscription;
