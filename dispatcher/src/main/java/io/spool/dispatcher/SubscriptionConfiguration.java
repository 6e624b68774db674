package io.spool.dispatcher;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;

import io.spool.dispatcher.admin.AdminProperties;
import io.spool.dispatcher.admin.AdminTokenFilter;
import io.spool.dispatcher.delivery.DeliveryProperties;
import io.spool.dispatcher.subscription.SubscriptionService;
import io.spool.dispatcher.subscription.TargetPolicy;
import io.spool.dispatcher.subscription.r2dbc.PostgresSubscriptionStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;

/** Wires subscriptions and the admin token. */
@Configuration(proxyBeanMethods = false)
class SubscriptionConfiguration {

	private static final Logger log = LoggerFactory.getLogger(SubscriptionConfiguration.class);

	@Bean
	TargetPolicy targetPolicy(DeliveryProperties delivery) {
		return new TargetPolicy(delivery.allowPrivateNetworks());
	}

	@Bean
	PostgresSubscriptionStore subscriptionStore(DatabaseClient db) {
		return new PostgresSubscriptionStore(db);
	}

	@Bean
	SubscriptionService subscriptionService(PostgresSubscriptionStore store, TargetPolicy policy, Clock clock) {
		return new SubscriptionService(store, policy, clock);
	}

	@Bean
	AdminTokenFilter adminTokenFilter(AdminProperties admin) {
		String token = admin.token();
		if (token == null || token.isBlank()) {
			byte[] random = new byte[24];
			new SecureRandom().nextBytes(random);
			token = HexFormat.of().formatHex(random);
			// Printed once on purpose: a development run needs it, and it is generated, not configured.
			log.warn("spool.admin.token is not set; this run's admin token is {}", token);
		}
		return new AdminTokenFilter(token);
	}

}
