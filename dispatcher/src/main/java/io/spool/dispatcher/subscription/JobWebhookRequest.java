package io.spool.dispatcher.subscription;

/** {@code PUT /api/v1/jobs/{id}/webhook}: {@code {"url", "secret"}} (CONTRACT §3). */
public record JobWebhookRequest(String url, String secret) {

	@Override
	public String toString() {
		return "JobWebhookRequest[url=" + url + ", secret=" + (secret == null ? "none" : "<redacted>") + "]";
	}

}
