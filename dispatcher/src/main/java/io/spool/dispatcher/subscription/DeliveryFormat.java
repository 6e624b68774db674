package io.spool.dispatcher.subscription;

import java.util.Locale;
import java.util.Optional;

/** How a delivery's body and headers look (CONTRACT §3). */
public enum DeliveryFormat {

	/** The CloudEvent JSON with Standard Webhooks headers. */
	CLOUDEVENTS("cloudevents"),
	/** Seed 004's {@code job_status_update} with {@code X-Print-Service-*} headers. */
	PRINT_SERVICE("print-service");

	private final String value;

	DeliveryFormat(String value) {
		this.value = value;
	}

	public String value() {
		return value;
	}

	public static Optional<DeliveryFormat> parse(String value) {
		if (value == null) {
			return Optional.of(CLOUDEVENTS);
		}
		String normalized = value.strip().toLowerCase(Locale.ROOT);
		for (DeliveryFormat format : values()) {
			if (format.value.equals(normalized)) {
				return Optional.of(format);
			}
		}
		return Optional.empty();
	}

}
