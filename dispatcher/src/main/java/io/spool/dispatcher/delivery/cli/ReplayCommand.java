package io.spool.dispatcher.delivery.cli;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.spool.common.json.JsonCodec;
import io.spool.dispatcher.delivery.ReplayRequest;
import io.spool.dispatcher.delivery.Replayer;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;

/**
 * {@code java -jar spool-dispatcher.jar replay [--subscription=<id>] [--event-type=<type>] [--since=<instant>]
 * [--until=<instant>] [--limit=<n>] [--rate=<per second>] [--dry-run]}: the dead-letter replay without a web
 * server, for SREs at a shell. Prints the result as JSON: {@code {"matched", "replayed", "dryRun"}}. The
 * deliveries it queues are sent by the running dispatchers.
 */
public final class ReplayCommand implements ApplicationRunner {

	private final Replayer replayer;

	private final JsonCodec codec;

	public ReplayCommand(Replayer replayer, JsonCodec codec) {
		this.replayer = replayer;
		this.codec = codec;
	}

	@Override
	public void run(ApplicationArguments args) {
		ReplayRequest request = new ReplayRequest(option(args, "subscription", UUID::fromString),
				option(args, "event-type", s -> s), option(args, "since", Instant::parse),
				option(args, "until", Instant::parse), option(args, "limit", Integer::valueOf),
				args.containsOption("dry-run"), option(args, "rate", Double::valueOf));
		String who = "cli:" + System.getProperty("user.name", "unknown");
		Replayer.Result result = replayer.replay(request, who).block();
		System.out.println(codec.writeString(result));
	}

	private static <T> T option(ApplicationArguments args, String name, java.util.function.Function<String, T> parse) {
		List<String> values = args.getOptionValues(name);
		if (values == null || values.isEmpty()) {
			return null;
		}
		try {
			return parse.apply(values.get(values.size() - 1));
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException("--" + name + " has an invalid value: " + values.get(values.size() - 1));
		}
	}

}
