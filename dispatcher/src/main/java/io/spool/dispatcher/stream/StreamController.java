package io.spool.dispatcher.stream;

import java.time.Duration;
import java.util.Set;

import reactor.core.publisher.Flux;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/stream}: Server-Sent Events of state changes, so that a planning screen updates in well
 * under a second instead of polling. Each event is named by kind ({@code printer}, {@code job}, {@code queue},
 * {@code product}), its id is the entity key and its data the snapshot JSON; {@code ?kinds=printer,job}
 * narrows it. A comment every 15 s keeps proxies from closing an idle stream.
 */
@RestController
@ConditionalOnWebApplication
public class StreamController {

	static final Duration HEARTBEAT = Duration.ofSeconds(15);

	private final StateFeed feed;

	public StreamController(StateFeed feed) {
		this.feed = feed;
	}

	@GetMapping(path = "/api/v1/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	public Flux<ServerSentEvent<String>> stream(@RequestParam(required = false) Set<String> kinds) {
		Flux<ServerSentEvent<String>> changes = feed.changes()
			.filter(change -> kinds == null || kinds.isEmpty() || kinds.contains(change.kind()))
			.map(change -> ServerSentEvent.<String>builder()
				.event(change.kind())
				.id(change.key())
				.data(change.json())
				.build());
		// Heartbeats end with the feed, so that a shutting-down service does not wait on open streams.
		Flux<ServerSentEvent<String>> heartbeats = Flux.interval(HEARTBEAT)
			.map(i -> ServerSentEvent.<String>builder().comment("keep-alive").build())
			.takeUntilOther(feed.changes().ignoreElements());
		return Flux.merge(changes, heartbeats);
	}

}
