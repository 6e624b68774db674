package io.spool.ingest.webhook;

/**
 * The {@code 202} answer (CONTRACT §1).
 *
 * @param status always {@code accepted}
 * @param id the gateway event id
 * @param source the source name
 * @param type the canonical event type
 */
public record Accepted(String status, String id, String source, String type) {

	public static Accepted of(String id, String source, String type) {
		return new Accepted("accepted", id, source, type);
	}

}
