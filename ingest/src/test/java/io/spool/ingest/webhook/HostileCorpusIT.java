package io.spool.ingest.webhook;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.spool.common.signing.HexSignature;
import io.spool.common.signing.StandardWebhooks;
import io.spool.ingest.support.EventsTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A corpus of more than 200 hostile requests, written byte by byte to a running ingest over raw sockets: every
 * one is answered 4xx, as problem+json whenever the request reached Spool (the HTTP codec itself answers
 * malformed framing and oversized headers before that), or its connection is closed on the read timeout; none
 * is answered 5xx, none publishes anything, and the service is still ready afterwards.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "server.netty.idle-timeout=2s")
@EmbeddedKafka(bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@ActiveProfiles("it")
class HostileCorpusIT {

	private static final String MARKET_SECRET = "it-market-secret";

	private static final String ERP_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

	private static EventsTopic events;

	@Value("${local.server.port}")
	private int port;

	@BeforeAll
	static void openTopic(@Value("${spring.kafka.bootstrap-servers}") String bootstrap) {
		events = new EventsTopic(bootstrap);
	}

	@AfterAll
	static void closeTopic() {
		events.close();
	}

	record Case(String name, byte[] request, boolean reachesSpool) {
	}

	/** What came back: a status line, or the server closing without one, or nothing before our own timeout. */
	record Answer(int status, String contentType, boolean closedByServer, boolean noAnswer) {
	}

	@Test
	void everyHostileRequestIsRefusedWithA4xxAndNothingIsPublished() throws Exception {
		events.mark();
		List<Case> corpus = corpus();
		assertThat(corpus).hasSizeGreaterThanOrEqualTo(200);
		List<String> failures = new ArrayList<>();
		for (Case c : corpus) {
			Answer answer = send(c.request());
			if (answer.closedByServer()) {
				continue;
			}
			boolean ok = answer.status() >= 400 && answer.status() < 500
					&& (!c.reachesSpool() || "application/problem+json".equals(answer.contentType()));
			if (!ok) {
				failures.add(c.name() + " -> " + answer);
			}
		}
		assertThat(failures).as("requests not refused with a 4xx problem").isEmpty();
		assertThat(events.countSince()).as("records published by hostile requests").isZero();
		Answer ready = send(http("GET", "/actuator/health/readiness", Map.of(), new byte[0]));
		assertThat(ready.status()).isEqualTo(200);
	}

	@Test
	void aBodyThatNeverFinishesHasItsConnectionClosed() throws Exception {
		byte[] head = ("POST /api/v1/webhooks/simpleprint HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
				+ "Content-Length: 1000\r\n\r\n{\"event\":").getBytes(StandardCharsets.UTF_8);
		Answer answer = send(head);
		// the server must end it (idle timeout, 2 s here): our own 10 s read timeout does not count
		assertThat(answer.noAnswer()).as("the server left the connection open").isFalse();
		assertThat(answer.closedByServer() || (answer.status() >= 400 && answer.status() < 500)).as(answer.toString())
			.isTrue();
	}

	private List<Case> corpus() {
		List<Case> cases = new ArrayList<>();
		String valid = "{\"event_type\":\"product.updated\",\"event_id\":\"e-1\",\"timestamp\":\"2025-11-12T10:00:00Z\","
				+ "\"data\":{\"product_id\":\"p1\",\"title\":\"T\",\"image_key\":\"k\"}}";
		// truncated JSON, correctly signed, so that it gets as far as the parser
		for (int cut = 1; cut < valid.length(); cut += 2) {
			cases.add(signedMarket("truncated at " + cut, valid.substring(0, cut).getBytes(StandardCharsets.UTF_8)));
		}
		// malformed JSON
		for (String body : List.of("", " ", "nul", "{", "}", "[]", "[1,2]", "\"text\"", "42", "true", "null",
				"{\"a\":}", "{\"a\" 1}", "{'a':1}", "{\"a\":1,}", "{\"a\":1}{}", "{\"a\":1} x", "{\"a\":NaN}",
				"{\"a\":Infinity}", "{\"a\":01}", "{\"a\":1.}", "{\"a\":\"\\x\"}", "{\"a\":\"\\u12\"}", "{a:1}",
				"{\"a\":[1,2}", "{\"a\":{\"b\":1}", "{\"a\":1,\"a\":2}", "/* c */{}", "{\"a\":1}//",
				"\u0000{}")) {
			cases.add(signedMarket("malformed " + body, body.getBytes(StandardCharsets.UTF_8)));
		}
		// nesting far past the limit
		for (int depth : List.of(65, 100, 1000, 10_000)) {
			cases.add(signedMarket("nested " + depth,
					("{\"a\":" + "[".repeat(depth) + "]".repeat(depth) + "}").getBytes(StandardCharsets.UTF_8)));
		}
		// huge numbers and strings
		for (int digits : List.of(101, 500, 5000)) {
			cases.add(signedMarket("number of " + digits + " digits",
					("{\"event_type\":\"product.updated\",\"n\":" + "9".repeat(digits) + "}").getBytes(StandardCharsets.UTF_8)));
		}
		cases.add(signedMarket("string past the body limit",
				("{\"event_type\":\"x\",\"s\":\"" + "a".repeat(70_000) + "\"}").getBytes(StandardCharsets.UTF_8)));
		// invalid UTF-8
		for (byte[] bad : List.of(new byte[] { (byte) 0xC3, 0x28 }, new byte[] { (byte) 0xA0, (byte) 0xA1 },
				new byte[] { (byte) 0xE2, 0x28, (byte) 0xA1 }, new byte[] { (byte) 0xF0, 0x28, (byte) 0x8C, 0x28 },
				new byte[] { (byte) 0xFF }, new byte[] { (byte) 0xED, (byte) 0xA0, (byte) 0x80 })) {
			ByteArrayOutputStream body = new ByteArrayOutputStream();
			body.writeBytes("{\"event_type\":\"product.updated\",\"t\":\"".getBytes(StandardCharsets.UTF_8));
			body.writeBytes(bad);
			body.writeBytes("\"}".getBytes(StandardCharsets.UTF_8));
			cases.add(signedMarket("invalid UTF-8 " + HexSignature.BARE.sign("k", bad).substring(0, 6), body.toByteArray()));
		}
		// wrong and missing content types
		for (String type : List.of("", "text/plain", "application/xml", "application/x-www-form-urlencoded",
				"multipart/form-data; boundary=x", "application/jsonx", "json", "application/", "/json",
				"application/json; charset=\u00ff", "text/json")) {
			Map<String, String> headers = new LinkedHashMap<>();
			if (!type.isEmpty()) {
				headers.put("Content-Type", type);
			}
			headers.put("X-Webhook-Signature", HexSignature.SHA256_PREFIXED.sign(MARKET_SECRET, valid.getBytes(StandardCharsets.UTF_8)));
			cases.add(new Case("content type '" + type + "'",
					http("POST", "/api/v1/webhooks/market", headers, valid.getBytes(StandardCharsets.UTF_8)), true));
		}
		// missing, garbled and wrong signatures
		byte[] validBytes = valid.getBytes(StandardCharsets.UTF_8);
		String right = HexSignature.SHA256_PREFIXED.sign(MARKET_SECRET, validBytes);
		for (String signature : List.of("", "sha256=", "sha256=zz", right.substring(0, right.length() - 1),
				right.toUpperCase(), "sha1=" + right.substring(7), right + "00", right.replace("sha256=", ""),
				"sha256=" + "0".repeat(64), HexSignature.SHA256_PREFIXED.sign("wrong-secret", validBytes),
				"sha256=" + "g".repeat(64), "sha256=\u00e9", right + "," + right)) {
			Map<String, String> headers = json();
			if (!signature.isEmpty()) {
				headers.put("X-Webhook-Signature", signature);
			}
			cases.add(new Case("signature '" + signature + "'", http("POST", "/api/v1/webhooks/market", headers, validBytes), true));
		}
		cases.add(new Case("no signature header", http("POST", "/api/v1/webhooks/market", json(), validBytes), true));
		// Standard Webhooks: garbled, replayed outside the tolerance, from the future
		StandardWebhooks erp = StandardWebhooks.fromSecret(ERP_SECRET);
		byte[] erpBody = "{\"type\":\"erp.order.updated\",\"subject\":\"order/1\"}".getBytes(StandardCharsets.UTF_8);
		long now = Instant.now().getEpochSecond();
		for (long skew : List.of(-330L, -600L, -86_400L, 330L, 3600L, -now + 1)) {
			Map<String, String> headers = json();
			headers.put("webhook-id", "msg-" + skew);
			headers.put("webhook-timestamp", Long.toString(now + skew));
			headers.put("webhook-signature", erp.sign("msg-" + skew, now + skew, erpBody));
			cases.add(new Case("standard webhooks " + skew + " s away", http("POST", "/api/v1/webhooks/erp", headers, erpBody), true));
		}
		for (String[] h : List.of(new String[] { "msg", "abc", "v1,xyz" }, new String[] { "", "", "" },
				new String[] { "msg", Long.toString(now), "v1," }, new String[] { "msg", Long.toString(now), "v2,AAAA" },
				new String[] { "msg", Long.toString(now) + "0", "v1,AAAA" }, new String[] { "msg", "-1", "v1,AAAA" },
				new String[] { "msg", "99999999999999999999", "v1,AAAA" }, new String[] { "msg", Long.toString(now), "AAAA" })) {
			Map<String, String> headers = json();
			headers.put("webhook-id", h[0]);
			headers.put("webhook-timestamp", h[1]);
			headers.put("webhook-signature", h[2]);
			cases.add(new Case("standard webhooks garbled " + String.join("|", h), http("POST", "/api/v1/webhooks/erp", headers, erpBody), true));
		}
		// token sources
		for (String token : List.of("", "it-token ", "IT-TOKEN", "it-toke", "Bearer it-token-x")) {
			Map<String, String> headers = json();
			headers.put("X-Event-Type", "thing.happened");
			headers.put("Authorization", "Bearer " + token);
			cases.add(new Case("token '" + token + "'", http("POST", "/api/v1/webhooks/tokened", headers, validBytes), true));
		}
		// overlong and path-like source names
		for (String source : List.of("nope", "MARKET", "market%00", "market%2F..", "..%2F..%2Fetc%2Fpasswd", "%2e%2e",
				"a".repeat(300), "a".repeat(2000), "market;x=1", "market%20", "%C3%28", "market.json", "%252e%252e",
				"market%0d%0aX-Injected:1")) {
			cases.add(new Case("source " + source.substring(0, Math.min(40, source.length())),
					http("POST", "/api/v1/webhooks/" + source, json(), validBytes), true));
		}
		for (String path : List.of("/api/v1/webhooks/", "/api/v1/webhooks", "/api/v1/webhooks/market/extra",
				"/api/v1/webhooks/../../actuator/env", "/api/v1/webhooks//market")) {
			cases.add(new Case("path " + path, http("POST", path, json(), validBytes), true));
		}
		// wrong methods
		for (String method : List.of("PUT", "PATCH", "DELETE")) {
			cases.add(new Case("method " + method, http(method, "/api/v1/webhooks/market", json(), validBytes), true));
		}
		// bodies over the limit (64 KB in tests), with and without Content-Length
		byte[] big = ("{\"event\":\"" + "x".repeat(70_000) + "\"}").getBytes(StandardCharsets.UTF_8);
		cases.add(new Case("over the limit with Content-Length", http("POST", "/api/v1/webhooks/simpleprint", json(), big), true));
		cases.add(new Case("over the limit, chunked", chunked("/api/v1/webhooks/simpleprint", big), true));
		Map<String, String> lying = json();
		lying.put("Content-Length", "99999999999");
		cases.add(new Case("declared past the limit", raw("POST", "/api/v1/webhooks/simpleprint", lying, new byte[0]), true));
		// headers: 64 KiB of them, and garbage in them (answered by the HTTP codec)
		Map<String, String> huge = json();
		huge.put("X-Huge", "h".repeat(64 * 1024));
		cases.add(new Case("64 KiB header", http("POST", "/api/v1/webhooks/simpleprint", huge, validBytes), false));
		Map<String, String> many = json();
		for (int i = 0; i < 2000; i++) {
			many.put("X-H" + i, "v".repeat(30));
		}
		cases.add(new Case("2000 headers", http("POST", "/api/v1/webhooks/simpleprint", many, validBytes), false));
		cases.add(new Case("garbage request line", "GARBAGE\r\n\r\n".getBytes(StandardCharsets.US_ASCII), false));
		cases.add(new Case("overlong request line", ("POST /" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: x\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII), false));
		// unusable payloads: valid JSON that a format cannot map
		for (String body : List.of("{}", "{\"event_type\":{}}", "{\"event_type\":\"product.updated\"}",
				"{\"event_type\":\"product.updated\",\"data\":{\"product_id\":{}}}", "{\"event_type\":null}",
				"{\"event_type\":[\"product.updated\"]}")) {
			cases.add(signedMarket("unusable " + body, body.getBytes(StandardCharsets.UTF_8)));
		}
		for (String body : List.of("{}", "{\"event\":\"job_status_update\"}", "{\"event\":\"job_status_update\",\"job_id\":\"1\"}",
				"{\"event\":{},\"job_id\":\"1\",\"status\":\"x\"}")) {
			byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
			Map<String, String> headers = json();
			headers.put("X-Print-Service-Signature", HexSignature.BARE.sign("it-print-secret", bytes));
			cases.add(new Case("print service " + body, http("POST", "/api/v1/webhooks/printsvc", headers, bytes), true));
		}
		for (String body : List.of("{}", "{\"data\":{}}", "{\"event\":{}}", "{\"event\":[]}", "{\"event\":null}")) {
			cases.add(new Case("simpleprint " + body,
					http("POST", "/api/v1/webhooks/simpleprint", json(), body.getBytes(StandardCharsets.UTF_8)), true));
		}
		return cases;
	}

	private static Map<String, String> json() {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("Content-Type", "application/json");
		return headers;
	}

	private static Case signedMarket(String name, byte[] body) {
		Map<String, String> headers = json();
		headers.put("X-Webhook-Signature", HexSignature.SHA256_PREFIXED.sign(MARKET_SECRET, body));
		return new Case(name, http("POST", "/api/v1/webhooks/market", headers, body), true);
	}

	private static byte[] http(String method, String path, Map<String, String> headers, byte[] body) {
		Map<String, String> all = new LinkedHashMap<>(headers);
		all.putIfAbsent("Content-Length", Integer.toString(body.length));
		return raw(method, path, all, body);
	}

	private static byte[] raw(String method, String path, Map<String, String> headers, byte[] body) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
		headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
		head.append("\r\n");
		out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
		out.writeBytes(body);
		return out.toByteArray();
	}

	private static byte[] chunked(String path, byte[] body) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type: application/json\r\n"
				+ "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
		for (int from = 0; from < body.length; from += 8192) {
			int n = Math.min(8192, body.length - from);
			out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
			out.write(body, from, n);
			out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
		}
		out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
		return out.toByteArray();
	}

	/** Writes the request and reads the status line and headers; a connection closed without an answer counts as closed. */
	private Answer send(byte[] request) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			try {
				out.write(request);
				out.flush();
			}
			catch (IOException refusedMidWay) {
				// the server answered and closed before reading everything: read what it said
			}
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream head = new ByteArrayOutputStream();
			boolean timedOut = false;
			try {
				int b;
				while ((b = in.read()) != -1) {
					head.write(b);
					if (head.size() >= 4 && new String(head.toByteArray(), StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
						break;
					}
				}
			}
			catch (SocketTimeoutException ex) {
				timedOut = true;
			}
			catch (java.net.SocketException reset) {
				// closed by the server
			}
			String text = head.toString(StandardCharsets.ISO_8859_1);
			if (!text.startsWith("HTTP/1.1 ")) {
				return new Answer(0, null, !timedOut, timedOut);
			}
			int status = Integer.parseInt(text.substring(9, 12));
			String contentType = null;
			for (String line : text.split("\r\n")) {
				if (line.toLowerCase().startsWith("content-type:")) {
					contentType = line.substring(13).trim();
				}
			}
			return new Answer(status, contentType, false, false);
		}
	}

}
