package io.spool.ingest.webhook.verify;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.spool.common.signing.StandardWebhooks;
import io.spool.ingest.webhook.WebhookRequest;

/** The Standard Webhooks scheme, with its timestamp tolerance. */
public final class StandardWebhooksVerifier implements Verifier {

	private final List<StandardWebhooks> keys;

	private final Duration tolerance;

	/** @param secrets the current {@code whsec_} secret first, then any still accepted during a rotation */
	public StandardWebhooksVerifier(List<String> secrets, Duration tolerance) {
		this.keys = secrets.stream().map(StandardWebhooks::fromSecret).toList();
		this.tolerance = tolerance;
	}

	@Override
	public void verify(WebhookRequest request, byte[] body, Instant now) {
		String id = request.header(StandardWebhooks.ID_HEADER);
		String timestamp = request.header(StandardWebhooks.TIMESTAMP_HEADER);
		String signature = request.header(StandardWebhooks.SIGNATURE_HEADER);
		KeyRotation.verifyWithAny(keys, key -> key.verify(id, timestamp, signature, body, now, tolerance));
	}

	@Override
	public String toString() {
		return "StandardWebhooksVerifier[tolerance=" + tolerance + ", keys=<redacted>]";
	}

}
