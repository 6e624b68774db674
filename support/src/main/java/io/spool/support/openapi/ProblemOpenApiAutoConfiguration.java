package io.spool.support.openapi;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * The OpenAPI document of every Spool service (springdoc, {@code /v3/api-docs}) describes its errors as they
 * are: RFC 9457 {@code application/problem+json} with a {@code Problem} schema, on every operation.
 */
@AutoConfiguration
@ConditionalOnClass(OpenApiCustomizer.class)
public class ProblemOpenApiAutoConfiguration {

	static final String PROBLEM = "Problem";

	@Bean
	OpenApiCustomizer problemResponses() {
		return openApi -> {
			if (openApi.getComponents() == null) {
				openApi.setComponents(new Components());
			}
			openApi.getComponents().addSchemas(PROBLEM, problemSchema());
			if (openApi.getPaths() == null) {
				return;
			}
			Content problem = new Content().addMediaType("application/problem+json",
					new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM)));
			openApi.getPaths().values().forEach(path -> path.readOperations().forEach(operation -> {
				operation.getResponses()
					.putIfAbsent("4XX", new ApiResponse().description("The request was refused").content(problem));
				operation.getResponses()
					.putIfAbsent("5XX", new ApiResponse().description("The service could not answer").content(problem));
			}));
		};
	}

	private static Schema<?> problemSchema() {
		return new ObjectSchema().description("RFC 9457 problem details")
			.addProperty("type", new StringSchema().description("a stable URN per kind of problem, e.g. urn:spool:problem:unknown-source"))
			.addProperty("title", new StringSchema())
			.addProperty("status", new IntegerSchema())
			.addProperty("detail", new StringSchema().description("what is wrong, for the caller; never a stack trace or a secret"))
			.addProperty("instance", new StringSchema().description("the request path"));
	}

}
