package io.spool.ingest.webhook.web;

import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpMethod;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.web.util.pattern.PathPatternParser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NettyWebhookRouteTests {

	@Test
	void takesExactlyTheRequestsWebFluxWouldMatchToTheWebhookPath() {
		var pattern = PathPatternParser.defaultInstance.parse(WebhookRoutes.PATH);
		for (String uri : List.of("/api/v1/webhooks/printers", "/api/v1/webhooks/printers?token=t",
				"/api/v1/webhooks/printers#x", "/api/v1/webhooks/print%20ers", "/api/v1/webhooks/printers/",
				"/api/v1/webhooks/", "/api/v1/webhooks", "/api/v1/webhooks/a/b", "/api/v1/webhooksx/a",
				"/API/v1/webhooks/printers", "/api/v1/webhooks//", "/")) {
			var path = request(uri).getPath().pathWithinApplication();
			assertThat(NettyWebhookRoute.source(uri) != null).as(uri).isEqualTo(pattern.matches(path));
		}
	}

	@Test
	void leavesUrisThatAreNotValidToWebFlux() {
		assertThat(NettyWebhookRoute.takes("/api/v1/webhooks/printers")).isTrue();
		assertThat(NettyWebhookRoute.takes("/api/v1/webhooks/printers?token=a%20b")).isTrue();
		assertThat(NettyWebhookRoute.takes("/api/v1/webhooks/print%65rs")).isTrue();
		for (String invalid : List.of("/api/v1/webhooks/printers?token=%zz", "/api/v1/webhooks/pr%2", "/api/v1/webhooks/a b",
				"/api/v1/webhooks/printers?x={y}", "/api/v1/webhooks/printers?x=\\")) {
			assertThatThrownBy(() -> URI.create(invalid)).as(invalid).isInstanceOf(IllegalArgumentException.class);
			assertThat(NettyWebhookRoute.takes(invalid)).as(invalid).isFalse();
		}
	}

	@Test
	void readsTheSourceSegmentOfTheUriInEitherForm() {
		assertThat(NettyWebhookRoute.source("/api/v1/webhooks/printers?token=a/b")).isEqualTo("printers");
		assertThat(NettyWebhookRoute.source("http://spool.example:8080/api/v1/webhooks/printers?x")).isEqualTo("printers");
		assertThat(NettyWebhookRoute.path("/api/v1/webhooks/printers?token=t#frag")).isEqualTo("/api/v1/webhooks/printers");
	}

	/** WebFlux's view of a request to {@code uri}, taken as it is (no encoding). */
	private static MockServerHttpRequest request(String uri) {
		return MockServerHttpRequest.method(HttpMethod.POST, URI.create(uri)).build();
	}

	@Test
	void decodesTheQueryAsWebFluxDoes() {
		for (String query : List.of("", "?", "?token=it-token", "?token=a%20b&token=c+d", "?token",
				"?token=", "?=x&token=1", "?a=1&&b=2", "?token=a=b", "?t%6Fken=%E2%82%AC", "?token=1#frag")) {
			String uri = "/api/v1/webhooks/printers" + query;
			assertThat(NettyWebhookRoute.query(uri)).as(query)
				.isEqualTo(request(uri).getQueryParams());
		}
	}

}
