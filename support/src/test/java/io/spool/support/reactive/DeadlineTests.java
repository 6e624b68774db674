package io.spool.support.reactive;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import reactor.core.CoreSubscriber;
import reactor.core.Scannable;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

class DeadlineTests {

	@Test
	void passesAValueThatArrivesInTime() {
		// built inside the supplier: Mono.delay takes its scheduler, here the virtual one, when it is assembled
		StepVerifier.withVirtualTime(() -> new Deadline(Duration.ofSeconds(5))
			.bound(Mono.delay(Duration.ofSeconds(4)).thenReturn("late but in time")))
			.thenAwait(Duration.ofSeconds(4))
			.expectNext("late but in time")
			.expectComplete()
			.verify(Duration.ofSeconds(10));
	}

	@Test
	void failsWithATimeoutWhenNothingArrivesWithinTheLimit() {
		StepVerifier.withVirtualTime(() -> new Deadline(Duration.ofSeconds(5)).bound(Mono.never()))
			.expectSubscription()
			.expectNoEvent(Duration.ofMillis(4999))
			.thenAwait(Duration.ofMillis(1))
			.expectErrorSatisfies(ex -> assertThat(ex).isInstanceOf(TimeoutException.class).hasMessage("no signal within 5000 ms"))
			.verify(Duration.ofSeconds(10));
	}

	@Test
	void eachSubscriptionHasItsOwnClock() {
		StepVerifier.withVirtualTime(() -> {
			Deadline deadline = new Deadline(Duration.ofSeconds(5));
			// subscribed 4 s after the deadline was made: its 3 s answer is in time
			return Mono.delay(Duration.ofSeconds(4)).then(deadline.bound(Mono.delay(Duration.ofSeconds(3)).thenReturn("second")));
		})
			.thenAwait(Duration.ofSeconds(7))
			.expectNext("second")
			.expectComplete()
			.verify(Duration.ofSeconds(10));
	}

	@Test
	void asksTheBoundedChainForNoNameOnSubscribing() {
		// timeout(Duration) and timeout(Publisher) describe themselves on every subscription from the chain's name
		AtomicInteger nameLookups = new AtomicInteger();
		Mono<String> scanned = new NameCountingMono(Mono.just("value"), nameLookups);

		StepVerifier.create(new Deadline(Duration.ofSeconds(5)).bound(scanned)).expectNext("value").expectComplete()
			.verify(Duration.ofSeconds(10));

		assertThat(nameLookups).hasValue(0);
	}

	/** A source that counts how often it is asked for its name. */
	private static final class NameCountingMono extends Mono<String> implements Scannable {

		private final Mono<String> source;

		private final AtomicInteger lookups;

		NameCountingMono(Mono<String> source, AtomicInteger lookups) {
			this.source = source;
			this.lookups = lookups;
		}

		@Override
		public void subscribe(CoreSubscriber<? super String> actual) {
			source.subscribe(actual);
		}

		@Override
		public Object scanUnsafe(Attr key) {
			if (key == Attr.NAME) {
				lookups.incrementAndGet();
			}
			return null;
		}

	}

}
