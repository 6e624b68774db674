package io.spool.dispatcher.delivery;

import java.net.URI;
import java.util.Map;

/**
 * One HTTP request to a subscriber, ready to send.
 *
 * @param uri the target
 * @param headers the headers, signature included
 * @param body the exact bytes of the body
 */
public record OutboundRequest(URI uri, Map<String, String> headers, byte[] body) {

	public OutboundRequest {
		headers = Map.copyOf(headers);
	}

}
