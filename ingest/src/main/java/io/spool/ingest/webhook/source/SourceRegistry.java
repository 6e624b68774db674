package io.spool.ingest.webhook.source;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.spool.common.signing.StandardWebhooks;
import io.spool.ingest.webhook.mapping.GenericFormat;
import io.spool.ingest.webhook.mapping.MarketplaceFormat;
import io.spool.ingest.webhook.mapping.PayloadFormat;
import io.spool.ingest.webhook.mapping.PrintServiceFormat;
import io.spool.ingest.webhook.mapping.SimplePrintFormat;
import io.spool.ingest.webhook.verify.HmacVerifier;
import io.spool.ingest.webhook.verify.StandardWebhooksVerifier;
import io.spool.ingest.webhook.verify.TokenVerifier;
import io.spool.ingest.webhook.verify.Verifier;
import tools.jackson.core.JsonPointer;

/**
 * The configured sources, validated at start-up: a source that could never verify a request (a missing
 * secret, a secret that is not base64, a bad JSON pointer) stops the service with a message naming the
 * source and the key, never the secret.
 */
public final class SourceRegistry {

	/** Source names are path segments: short, lowercase, no dots or slashes. */
	public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

	private final Map<String, Source> sources;

	public SourceRegistry(Map<String, SourceProperties> configured) {
		Map<String, Source> built = new LinkedHashMap<>();
		List<String> problems = new ArrayList<>();
		configured.forEach((name, properties) -> {
			try {
				built.put(name, build(name, properties));
			}
			catch (IllegalArgumentException ex) {
				problems.add("spool.ingest.sources." + name + ": " + ex.getMessage());
			}
		});
		if (!problems.isEmpty()) {
			throw new IllegalStateException("invalid source configuration: " + String.join("; ", problems));
		}
		this.sources = Map.copyOf(built);
	}

	public Optional<Source> find(String name) {
		return Optional.ofNullable(sources.get(name));
	}

	static Source build(String name, SourceProperties p) {
		if (!NAME.matcher(name).matches()) {
			throw new IllegalArgumentException("a source name must match " + NAME.pattern());
		}
		if (p.format() == null) {
			throw new IllegalArgumentException("format is required");
		}
		String idHeader = blankToNull(p.idHeader());
		if (idHeader == null && p.verification() == Verification.STANDARD_WEBHOOKS) {
			idHeader = StandardWebhooks.ID_HEADER;
		}
		PayloadFormat format = format(p);
		String idPointer = blankToNull(p.idPointer());
		if (idPointer == null) {
			idPointer = format.defaultIdPointer();
		}
		checkPointer("id-pointer", idPointer);
		return new Source(name, verifier(p), format, rateLimiter(name, p.rateLimit()), idHeader, idPointer);
	}

	private static PayloadFormat format(SourceProperties p) {
		return switch (p.format()) {
			case SIMPLEPRINT -> new SimplePrintFormat();
			case MARKETPLACE -> new MarketplaceFormat();
			case PRINT_SERVICE -> new PrintServiceFormat();
			case GENERIC -> {
				String typePointer = blankToNull(p.typePointer());
				checkPointer("type-pointer", typePointer);
				checkPointer("subject-pointer", blankToNull(p.subjectPointer()));
				if (blankToNull(p.typeHeader()) == null && typePointer == null) {
					throw new IllegalArgumentException("a generic source needs type-header or type-pointer");
				}
				yield new GenericFormat(blankToNull(p.typeHeader()), typePointer, blankToNull(p.subjectPointer()));
			}
		};
	}

	private static Verifier verifier(SourceProperties p) {
		return switch (p.verification()) {
			case NONE -> Verifier.NONE;
			case TOKEN -> new TokenVerifier(keys("token", p.token(), p.previousSecrets()));
			case HMAC_SHA256 -> {
				if (blankToNull(p.signatureHeader()) == null) {
					throw new IllegalArgumentException("signature-header must not be empty");
				}
				yield new HmacVerifier(p.signatureHeader(), p.signaturePrefix(),
						keys("secret", p.secret(), p.previousSecrets()));
			}
			case STANDARD_WEBHOOKS -> new StandardWebhooksVerifier(keys("secret", p.secret(), p.previousSecrets()),
					positive(p.tolerance()));
		};
	}

	private static List<String> keys(String key, String current, List<String> previous) {
		if (blankToNull(current) == null) {
			throw new IllegalArgumentException(key + " is required for this verification");
		}
		List<String> all = new ArrayList<>();
		all.add(current);
		previous.stream().filter(s -> blankToNull(s) != null).forEach(all::add);
		return all;
	}

	private static Duration positive(Duration tolerance) {
		if (tolerance == null || tolerance.isNegative() || tolerance.isZero()) {
			throw new IllegalArgumentException("tolerance must be positive");
		}
		return tolerance;
	}

	private static RateLimiter rateLimiter(String name, double perSecond) {
		if (perSecond < 0) {
			throw new IllegalArgumentException("rate-limit must not be negative");
		}
		if (perSecond == 0) {
			return null;
		}
		// At least one permit per period; below one per second the period stretches instead.
		int permits = (int) Math.max(1, Math.round(perSecond));
		Duration period = perSecond >= 1 ? Duration.ofSeconds(1) : Duration.ofNanos((long) (1e9 / perSecond));
		RateLimiterConfig config = RateLimiterConfig.custom()
			.limitForPeriod(permits)
			.limitRefreshPeriod(period)
			.timeoutDuration(Duration.ZERO)
			.build();
		return RateLimiter.of("source-" + name, config);
	}

	private static void checkPointer(String key, String pointer) {
		if (pointer == null) {
			return;
		}
		try {
			JsonPointer.compile(pointer);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(key + " is not a JSON pointer (RFC 6901), e.g. /data/id");
		}
	}

	private static String blankToNull(String value) {
		return value == null || value.isBlank() ? null : value;
	}

}
