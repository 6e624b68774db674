package io.spool.support.problem;

import io.spool.common.json.JsonCodec;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;

/** The JSON codec, the one mapping of errors to problem+json answers and its WebFlux handler, for every Spool web service. */
@AutoConfiguration
public class ProblemAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	JsonCodec jsonCodec() {
		return JsonCodec.standard();
	}

	@Bean
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	Problems problems(JsonCodec jsonCodec) {
		return new Problems(jsonCodec);
	}

	@Bean
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	ProblemWebExceptionHandler problemWebExceptionHandler(Problems problems) {
		return new ProblemWebExceptionHandler(problems);
	}

}
