package io.spool.dispatcher.subscription;

import java.util.UUID;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The port to stored subscriptions. */
public interface SubscriptionStore {

	Mono<Subscription> insert(Subscription subscription);

	/** Replaces every field but id and creation time; empty when there is no such subscription. */
	Mono<Subscription> update(Subscription subscription);

	Mono<Boolean> delete(UUID id);

	Mono<Subscription> find(UUID id);

	Flux<Subscription> all();

	/** Disables a subscription, saying why; the subscriber said it is gone. */
	Mono<Void> disable(UUID id, String reason);

	/** Sets a job's own webhook (seed 004), creating the job's row if no event named it yet. */
	Mono<Void> setJobWebhook(String jobId, String url, String secret);

}
