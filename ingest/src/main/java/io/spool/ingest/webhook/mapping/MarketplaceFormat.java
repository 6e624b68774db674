package io.spool.ingest.webhook.mapping;

import java.util.Map;

import io.spool.common.event.EventTypes;
import io.spool.ingest.webhook.WebhookRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The marketplace's product events (seed 002): {@code {event_type, event_id, timestamp, data:{product_id,
 * title, image_key, …}}}. The event id is {@code event_id}; the subject is {@code product/<product_id>}.
 */
public final class MarketplaceFormat implements PayloadFormat {

	static final Map<String, String> TYPES = Map.of("product.created", EventTypes.PRODUCT_CREATED,
			"product.updated", EventTypes.PRODUCT_UPDATED, "product.deleted", EventTypes.PRODUCT_DELETED,
			"product.image.updated", EventTypes.PRODUCT_IMAGE_UPDATED, "product.image_updated",
			EventTypes.PRODUCT_IMAGE_UPDATED);

	@Override
	public Normalized normalize(ObjectNode payload, WebhookRequest request) {
		String eventType = JsonFields.text(payload, "/event_type");
		if (eventType == null) {
			throw new UnusablePayloadException("marketplace payload has no 'event_type'");
		}
		String type = TYPES.getOrDefault(eventType, EventTypes.UNKNOWN);
		JsonNode data = payload.path("data");
		String productId = JsonFields.text(data, "/product_id");
		if (productId == null && !EventTypes.UNKNOWN.equals(type)) {
			throw new UnusablePayloadException("marketplace product event has no 'data.product_id'");
		}
		ObjectNode fields = JsonNodeFactory.instance.objectNode();
		JsonFields.putIfPresent(fields, "productId", productId);
		JsonFields.putIfPresent(fields, "title", JsonFields.text(data, "/title"));
		JsonFields.putIfPresent(fields, "imageKey", JsonFields.text(data, "/image_key"));
		String subject = productId == null ? null : "product/" + productId;
		return new Normalized(type, eventType, subject, JsonFields.time(payload, "/timestamp"), fields);
	}

	@Override
	public String defaultIdPointer() {
		return "/event_id";
	}

}
