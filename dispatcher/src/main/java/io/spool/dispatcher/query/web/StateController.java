package io.spool.dispatcher.query.web;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.spool.dispatcher.apply.EntityKind;
import io.spool.dispatcher.query.BadQueryException;
import io.spool.dispatcher.query.EventFilter;
import io.spool.dispatcher.query.NotFoundException;
import io.spool.dispatcher.query.Page;
import io.spool.dispatcher.query.StateQueries;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The read API (CONTRACT §3): printers, jobs, queues and products as their latest state, and the event log
 * with filters and cursor pagination. Listings answer {@code {"items": [...], "nextCursor": "..."}}.
 */
@RestController
@org.springframework.web.bind.annotation.RequestMapping(path = "/api/v1", produces = MediaType.APPLICATION_JSON_VALUE)
public class StateController {

	static final int DEFAULT_LIMIT = 50;

	static final int MAX_LIMIT = 500;

	private static final Set<String> PAGING = Set.of("limit", "cursor");

	private final StateQueries queries;

	public StateController(StateQueries queries) {
		this.queries = queries;
	}

	@GetMapping("/printers")
	public Mono<Page<ObjectNode>> printers(@RequestParam Map<String, String> params) {
		return list(EntityKind.PRINTER, params);
	}

	@GetMapping("/printers/{id}")
	public Mono<ObjectNode> printer(@PathVariable String id) {
		return one(EntityKind.PRINTER, id);
	}

	@GetMapping("/jobs")
	public Mono<Page<ObjectNode>> jobs(@RequestParam Map<String, String> params) {
		return list(EntityKind.JOB, params);
	}

	@GetMapping("/jobs/{id}")
	public Mono<ObjectNode> job(@PathVariable String id) {
		return one(EntityKind.JOB, id);
	}

	@GetMapping("/queues")
	public Mono<Page<ObjectNode>> queues(@RequestParam Map<String, String> params) {
		return list(EntityKind.QUEUE, params);
	}

	@GetMapping("/queues/{id}")
	public Mono<ObjectNode> queue(@PathVariable String id) {
		return one(EntityKind.QUEUE, id);
	}

	@GetMapping("/products")
	public Mono<Page<ObjectNode>> products(@RequestParam Map<String, String> params) {
		return list(EntityKind.PRODUCT, params);
	}

	@GetMapping("/products/{id}")
	public Mono<ObjectNode> product(@PathVariable String id) {
		return one(EntityKind.PRODUCT, id);
	}

	@GetMapping("/events")
	public Mono<Page<ObjectNode>> events(@RequestParam(required = false) String source,
			@RequestParam(required = false) String type, @RequestParam(required = false) String subject,
			@RequestParam(required = false) String status, @RequestParam(required = false) String since,
			@RequestParam(required = false) String until, @RequestParam(required = false) String limit,
			@RequestParam(required = false) String cursor) {
		if (status != null && !status.equals("processed") && !status.equals("failed")) {
			throw new BadQueryException("status must be 'processed' or 'failed'");
		}
		EventFilter filter = new EventFilter(source, type, subject, status, instant("since", since),
				instant("until", until));
		Long before = null;
		if (cursor != null) {
			try {
				before = Long.parseLong(decode(cursor));
			}
			catch (NumberFormatException ex) {
				throw new BadQueryException("cursor is not one this API gave");
			}
		}
		return queries.events(filter, limit(limit), before)
			.map(page -> new Page<>(page.items(), page.nextCursor() == null ? null : encode(page.nextCursor())));
	}

	@GetMapping("/events/{id}")
	public Mono<ObjectNode> event(@PathVariable String id) {
		UUID uuid;
		try {
			uuid = UUID.fromString(id);
		}
		catch (IllegalArgumentException ex) {
			throw new NotFoundException("no event " + id);
		}
		return queries.event(uuid).switchIfEmpty(Mono.error(() -> new NotFoundException("no event " + id)));
	}

	private Mono<Page<ObjectNode>> list(EntityKind kind, Map<String, String> params) {
		Set<String> allowed = queries.filterableFields(kind);
		Map<String, String> filters = new LinkedHashMap<>();
		params.forEach((name, value) -> {
			if (PAGING.contains(name)) {
				return;
			}
			if (!allowed.contains(name)) {
				throw new BadQueryException("unknown filter '" + name + "'; filters are " + allowed);
			}
			filters.put(name, value);
		});
		String cursor = params.get("cursor");
		return queries.entities(kind, filters, limit(params.get("limit")), cursor == null ? null : decode(cursor))
			.map(page -> new Page<>(page.items(), page.nextCursor() == null ? null : encode(page.nextCursor())));
	}

	private Mono<ObjectNode> one(EntityKind kind, String id) {
		return queries.entity(kind, id)
			.switchIfEmpty(Mono.error(() -> new NotFoundException("no " + kind.key() + " " + id)));
	}

	private static int limit(String limit) {
		if (limit == null) {
			return DEFAULT_LIMIT;
		}
		try {
			int value = Integer.parseInt(limit);
			if (value < 1 || value > MAX_LIMIT) {
				throw new BadQueryException("limit must be between 1 and " + MAX_LIMIT);
			}
			return value;
		}
		catch (NumberFormatException ex) {
			throw new BadQueryException("limit must be a whole number");
		}
	}

	private static Instant instant(String name, String value) {
		if (value == null) {
			return null;
		}
		try {
			return Instant.parse(value);
		}
		catch (DateTimeParseException ex) {
			throw new BadQueryException(name + " must be an ISO-8601 instant, e.g. 2025-01-15T10:30:00Z");
		}
	}

	private static String encode(String cursor) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(cursor.getBytes(StandardCharsets.UTF_8));
	}

	private static String decode(String cursor) {
		try {
			return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			throw new BadQueryException("cursor is not one this API gave");
		}
	}

}
