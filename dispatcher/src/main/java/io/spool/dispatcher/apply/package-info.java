/**
 * The apply feature's core: records become plans (pure), plans become state through the {@link
 * io.spool.dispatcher.apply.StateStore} port, state leaves through the {@link
 * io.spool.dispatcher.apply.StatePublisher} port. It never imports Kafka or R2DBC; its adapters ({@code
 * kafka}, {@code r2dbc}) do.
 */
package io.spool.dispatcher.apply;
