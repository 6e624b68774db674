package io.spool.ingest.webhook.web;

import java.time.Clock;
import java.util.Set;

import io.spool.common.json.JsonCodec;
import io.spool.ingest.webhook.Accepted;
import io.spool.ingest.webhook.IngestService;
import io.spool.support.problem.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springdoc.core.annotations.RouterOperation;
import reactor.core.publisher.Mono;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.MethodNotAllowedException;

/**
 * The webhook endpoint: {@code POST} served by Reactor Netty itself ({@link NettyWebhookRoute}); every other
 * method on the path answered by WebFlux with {@code 405} and {@code Allow: POST}, as an annotated controller
 * would; the endpoint documented for the OpenAPI document here.
 */
@Configuration(proxyBeanMethods = false)
class WebhookRoutes {

	static final String PATH = "/api/v1/webhooks/{source}";

	@Bean
	NettyWebhookRoute webhookRoute(IngestService ingest, JsonCodec codec, Problems problems, Clock clock) {
		return new NettyWebhookRoute(ingest, codec, problems, clock);
	}

	@Bean
	@RouterOperation(path = PATH, method = RequestMethod.POST,
			operation = @Operation(operationId = "receiveWebhook",
					summary = "Accept one webhook of a configured source",
					description = "Verifies the signature on the raw body, normalizes the payload into a CloudEvent"
							+ " and answers 202 once Kafka has acknowledged it (CONTRACT §1).",
					parameters = @Parameter(in = ParameterIn.PATH, name = "source", required = true,
							description = "the configured source name"),
					requestBody = @RequestBody(required = true,
							content = @Content(mediaType = "application/json", schema = @Schema(type = "object"))),
					responses = @ApiResponse(responseCode = "202", description = "stored in Kafka",
							content = @Content(mediaType = "application/json",
									schema = @Schema(implementation = Accepted.class)))))
	RouterFunction<ServerResponse> webhookOtherMethods() {
		return RouterFunctions.route()
			.route(RequestPredicates.path(PATH).and(RequestPredicates.method(HttpMethod.POST).negate()),
					request -> Mono.error(new MethodNotAllowedException(request.method(), Set.of(HttpMethod.POST))))
			.build();
	}

}
