/** Reactive plumbing shared by the services. */
package io.spool.support.reactive;
