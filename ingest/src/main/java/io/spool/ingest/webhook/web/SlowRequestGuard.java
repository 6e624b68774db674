package io.spool.ingest.webhook.web;

import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A request whose bytes stop coming is cut off: {@code server.netty.idle-timeout} only closes connections idle
 * between requests, so a sender that declares a body and never finishes it would otherwise hold a connection
 * (and its buffers) forever. The same duration bounds the silence inside a request.
 */
@Configuration(proxyBeanMethods = false)
class SlowRequestGuard {

	@Bean
	NettyServerCustomizer requestReadTimeout(@Value("${server.netty.idle-timeout:30s}") Duration silence) {
		return server -> server.readTimeout(silence);
	}

}
