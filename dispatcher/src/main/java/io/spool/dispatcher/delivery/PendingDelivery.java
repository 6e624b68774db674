package io.spool.dispatcher.delivery;

import java.time.Instant;
import java.util.UUID;

/**
 * A {@code pending} delivery as a subscriber's lane reads its left-behind work back from the store: its id, and
 * when the row last changed, which with the id orders them and marks how far a lane has read.
 */
public record PendingDelivery(UUID id, Instant since) {

	/** Before every pending delivery: where a lane starts reading. */
	public static final PendingDelivery START = new PendingDelivery(new UUID(0, 0), Instant.EPOCH);

}
