package io.spool.dispatcher.delivery;

import java.util.UUID;

import io.spool.dispatcher.subscription.DeliveryFormat;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryWorkTests {

	@Test
	void jobWebhooksToOneHostShareOneCircuitWhateverTheirJob() {
		assertThat(job("job-1", "https://farm.example/hooks/job-1").resilienceKey())
			.isEqualTo(job("job-2", "https://farm.example/hooks/job-2?x=1").resilienceKey())
			.isEqualTo("jobs@https://farm.example");
	}

	@Test
	void jobWebhooksToDifferentHostsOrPortsHaveTheirOwnCircuits() {
		assertThat(job("j", "https://farm.example/h").resilienceKey())
			.isNotEqualTo(job("j", "https://other.example/h").resilienceKey())
			.isNotEqualTo(job("j", "https://farm.example:8443/h").resilienceKey());
	}

	@Test
	void aSubscriptionIsItsOwnCircuitAndItsJobsKeepTheirOwnLanes() {
		UUID subscription = UUID.randomUUID();
		DeliveryWork work = new DeliveryWork(UUID.randomUUID(), subscription, null, "https://farm.example/h", null,
				DeliveryFormat.CLOUDEVENTS, "{}", true, null, null, 0, "t", null, null, UUID.randomUUID());
		assertThat(work.resilienceKey()).isEqualTo(subscription.toString()).isEqualTo(work.target());
		assertThat(job("job-1", "https://farm.example/h").target()).isEqualTo("job/job-1");
	}

	private static DeliveryWork job(String jobId, String url) {
		return new DeliveryWork(UUID.randomUUID(), null, jobId, url, null, DeliveryFormat.PRINT_SERVICE, "{}", true,
				null, null, 0, "t", null, null, UUID.randomUUID());
	}

}
