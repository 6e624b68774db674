package io.spool.dispatcher.subscription.web;

import java.util.UUID;

import io.spool.dispatcher.query.NotFoundException;
import io.spool.dispatcher.subscription.SubscriptionRequest;
import io.spool.dispatcher.subscription.SubscriptionService;
import io.spool.dispatcher.subscription.SubscriptionView;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/subscriptions} (CONTRACT §3). Mutations need the admin token (checked by the admin filter);
 * a subscription is created with {@code 201} and never returned with its secret.
 */
@RestController
@RequestMapping(path = "/api/v1/subscriptions", produces = MediaType.APPLICATION_JSON_VALUE)
public class SubscriptionController {

	private final SubscriptionService subscriptions;

	public SubscriptionController(SubscriptionService subscriptions) {
		this.subscriptions = subscriptions;
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	@ResponseStatus(HttpStatus.CREATED)
	public Mono<SubscriptionView> create(@RequestBody SubscriptionRequest request) {
		return subscriptions.create(request).map(SubscriptionView::of);
	}

	@GetMapping
	public Flux<SubscriptionView> list() {
		return subscriptions.all().map(SubscriptionView::of);
	}

	@GetMapping("/{id}")
	public Mono<SubscriptionView> get(@PathVariable String id) {
		return subscriptions.find(uuid(id)).map(SubscriptionView::of);
	}

	@PutMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
	public Mono<SubscriptionView> replace(@PathVariable String id, @RequestBody SubscriptionRequest request) {
		return subscriptions.replace(uuid(id), request).map(SubscriptionView::of);
	}

	@DeleteMapping("/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	public Mono<Void> delete(@PathVariable String id) {
		return subscriptions.delete(uuid(id));
	}

	private static UUID uuid(String id) {
		try {
			return UUID.fromString(id);
		}
		catch (IllegalArgumentException ex) {
			throw new NotFoundException("no subscription " + id);
		}
	}

}
