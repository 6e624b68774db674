package io.spool.dispatcher.stream;

import reactor.core.publisher.Flux;

/**
 * The port of live state changes: every snapshot published to {@code spool.state.v1} by any dispatcher
 * replica, from the moment of subscription. Hot and lossy for slow subscribers: a planning screen wants the
 * latest state now, not a backlog.
 */
public interface StateFeed {

	/**
	 * @param key the record key, e.g. {@code printer/printer_123}
	 * @param json the snapshot
	 */
	record Change(String key, String json) {

		public String kind() {
			int slash = key.indexOf('/');
			return slash < 0 ? key : key.substring(0, slash);
		}

	}

	Flux<Change> changes();

}
