package io.spool.dispatcher.subscription.web;

import java.util.Map;

import io.spool.dispatcher.subscription.JobWebhookRequest;
import io.spool.dispatcher.subscription.SubscriptionService;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code PUT /api/v1/jobs/{id}/webhook}: a job's own webhook URL, given when the job is submitted (seed 004). */
@RestController
public class JobWebhookController {

	private final SubscriptionService subscriptions;

	public JobWebhookController(SubscriptionService subscriptions) {
		this.subscriptions = subscriptions;
	}

	@PutMapping(path = "/api/v1/jobs/{id}/webhook", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	public Mono<Map<String, Object>> set(@PathVariable String id, @RequestBody JobWebhookRequest request) {
		return subscriptions.setJobWebhook(id, request)
			.thenReturn(Map.of("jobId", id, "url", request.url().strip(), "hasSecret",
					request.secret() != null && !request.secret().isBlank()));
	}

}
