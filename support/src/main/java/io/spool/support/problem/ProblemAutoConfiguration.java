package io.spool.support.problem;

import io.spool.common.json.JsonCodec;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;

/** The JSON codec and the one problem+json error handler of every Spool web service. */
@AutoConfiguration
public class ProblemAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	JsonCodec jsonCodec() {
		return JsonCodec.standard();
	}

	@Bean
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	ProblemWebExceptionHandler problemWebExceptionHandler(JsonCodec jsonCodec) {
		return new ProblemWebExceptionHandler(jsonCodec);
	}

}
