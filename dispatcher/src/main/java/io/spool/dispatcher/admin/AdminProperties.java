package io.spool.dispatcher.admin;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code spool.admin.*}. Without a token a random one is generated at start-up and logged once, so that a
 * development run is usable and a production one is never open; set {@code spool.admin.token} (for example
 * from {@code SPOOL_ADMIN_TOKEN}) in production.
 *
 * @param token the bearer token every mutating API call needs
 */
@ConfigurationProperties("spool.admin")
public record AdminProperties(String token) {

	@Override
	public String toString() {
		return "AdminProperties[token=" + (token == null ? "generated" : "<redacted>") + "]";
	}

}
