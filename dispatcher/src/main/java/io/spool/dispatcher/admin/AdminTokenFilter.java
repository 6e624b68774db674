package io.spool.dispatcher.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Every mutating call under {@code /api/} needs {@code Authorization: Bearer <spool.admin.token>}: none is
 * {@code 401}, another token {@code 403} (CONTRACT §3). The comparison is constant-time; reads are open.
 */
public final class AdminTokenFilter implements WebFilter {

	private static final String BEARER = "Bearer ";

	private final byte[] token;

	public AdminTokenFilter(String token) {
		this.token = token.getBytes(StandardCharsets.UTF_8);
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		HttpMethod method = exchange.getRequest().getMethod();
		boolean mutating = method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH
				|| method == HttpMethod.DELETE;
		if (!mutating || !exchange.getRequest().getPath().value().startsWith("/api/")) {
			return chain.filter(exchange);
		}
		String authorization = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
		if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			return Mono.error(new AdminAuthException(401, "Authorization: Bearer <admin token> is required"));
		}
		byte[] given = authorization.substring(BEARER.length()).strip().getBytes(StandardCharsets.UTF_8);
		if (!MessageDigest.isEqual(token, given)) {
			return Mono.error(new AdminAuthException(403, "the admin token is not valid"));
		}
		return chain.filter(exchange);
	}

}
