package io.spool.dispatcher.delivery.web;

import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.spool.dispatcher.delivery.Deliverer;
import io.spool.dispatcher.delivery.DeliveryStore;
import io.spool.dispatcher.delivery.ReplayRequest;
import io.spool.dispatcher.delivery.Replayer;
import io.spool.dispatcher.query.BadQueryException;
import io.spool.dispatcher.query.NotFoundException;
import io.spool.dispatcher.query.Page;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Deliveries for operators (CONTRACT §3, seed 003): listed by status with every attempt, retried by hand, and
 * dead letters replayed. Mutations need the admin token.
 */
@RestController
public class DeliveryController {

	private static final Set<String> STATUSES = Set.of("pending", "processing", "sent", "failed", "dead");

	private final DeliveryStore store;

	private final Deliverer deliverer;

	private final Replayer replayer;

	public DeliveryController(DeliveryStore store, Deliverer deliverer, Replayer replayer) {
		this.store = store;
		this.deliverer = deliverer;
		this.replayer = replayer;
	}

	@GetMapping(path = "/api/v1/deliveries", produces = MediaType.APPLICATION_JSON_VALUE)
	public Mono<Page<ObjectNode>> list(@RequestParam(required = false) String status,
			@RequestParam(required = false) String subscriptionId, @RequestParam(required = false) Integer limit,
			@RequestParam(required = false) String cursor) {
		if (status != null && !STATUSES.contains(status)) {
			throw new BadQueryException("status must be one of " + STATUSES);
		}
		int size = limit == null ? 50 : limit;
		if (size < 1 || size > 500) {
			throw new BadQueryException("limit must be between 1 and 500");
		}
		Long before;
		try {
			before = cursor == null ? null : Long.parseLong(cursor);
		}
		catch (NumberFormatException ex) {
			throw new BadQueryException("cursor is not one this API gave");
		}
		return store.list(status, subscriptionId == null ? null : uuid(subscriptionId, "subscription"), size, before)
			.map(items -> new Page<>(items,
					items.size() < size ? null : items.get(items.size() - 1).path("cursor").asString()));
	}

	@GetMapping(path = "/api/v1/deliveries/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
	public Mono<ObjectNode> get(@PathVariable String id) {
		return store.view(uuid(id, "delivery"))
			.switchIfEmpty(Mono.error(() -> new NotFoundException("no delivery " + id)));
	}

	@PostMapping(path = "/api/v1/deliveries/{id}/retry", produces = MediaType.APPLICATION_JSON_VALUE)
	public Mono<Map<String, Object>> retry(@PathVariable String id) {
		return deliverer.retryNow(uuid(id, "delivery"))
			.map(task -> Map.<String, Object>of("id", task.deliveryId().toString(), "status", "pending"))
			.switchIfEmpty(Mono.error(() -> new NotFoundException("no failed or dead delivery " + id)));
	}

	@PostMapping(path = "/api/v1/dead-letters/replay", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	public Mono<Replayer.Result> replay(@RequestBody ReplayRequest request) {
		return replayer.replay(request, "api");
	}

	private static UUID uuid(String id, String what) {
		try {
			return UUID.fromString(id);
		}
		catch (IllegalArgumentException ex) {
			throw new NotFoundException("no " + what + " " + id);
		}
	}

}
