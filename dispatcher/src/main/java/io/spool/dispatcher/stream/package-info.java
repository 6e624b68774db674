/** Live state changes as Server-Sent Events. */
package io.spool.dispatcher.stream;
