package io.spool.standalone.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a fault-suite run proved, from what the sender was answered, what the events topic holds, what the
 * database applied and what the subscriber received.
 *
 * @param sent webhooks sent
 * @param accepted answered 2xx
 * @param answers how many of each answer (status code; -1 no answer)
 * @param unanswered the requests that got no answer, by the sender's error, and when they were sent
 * @param acceptedNotInKafka answered 2xx but not on the events topic: must be 0
 * @param acceptedTwiceInKafka answered 2xx and on the topic more than once: must be 0
 * @param refusedButInKafka answered non-2xx (or not at all) yet on the topic (the sender would retry; the event id
 * makes that retry harmless)
 * @param acceptedNotApplied answered 2xx but not in the event log: must be 0
 * @param stateNotMatchingLog products whose version is not the number of their events in the event log (an
 * event logged without its change, or applied twice): must be 0
 * @param acceptedNotDelivered answered 2xx but never received by the subscriber: must be 0
 * @param deliveriesReceived deliveries the subscriber received
 * @param duplicateDeliveries deliveries received more than once (at-least-once delivery: counted, allowed)
 * @param notSent deliveries not in status sent at the end: must be 0
 * @param notSentBreakdown those, by status, last error and retries
 */
record Verdict(String run, long sent, long accepted, Map<Integer, Long> answers, String unanswered,
		long acceptedNotInKafka,
		long acceptedTwiceInKafka, long refusedButInKafka, long acceptedNotApplied, long stateNotMatchingLog,
		long acceptedNotDelivered,
		long deliveriesReceived, long duplicateDeliveries, long notSent, List<String> notSentBreakdown,
		List<FaultSuite.Fault> faults,
		List<FaultSuite.Sample> samples, double loadSeconds, double drainSeconds) {

	static Verdict of(FaultSuite.Settings settings, long t0Nanos, List<SteadyLoad.Sent> sent, Map<String, Integer> inKafka,
			Set<String> applied, long stateNotMatchingLog, Subscriber subscriber, long notSent,
			List<String> notSentBreakdown,
			List<FaultSuite.Fault> faults,
			List<FaultSuite.Sample> samples, double loadSeconds, double drainSeconds) {
		Map<Integer, Long> answers = new TreeMap<>();
		long accepted = 0, notInKafka = 0, twice = 0, refusedInKafka = 0, notApplied = 0, notDelivered = 0;
		Map<String, Long> unanswered = new TreeMap<>();
		double firstUnanswered = Double.MAX_VALUE;
		double lastUnanswered = -1;
		for (SteadyLoad.Sent s : sent) {
			answers.merge(s.status(), 1L, Long::sum);
			if (s.error() != null) {
				unanswered.merge(s.error(), 1L, Long::sum);
				firstUnanswered = Math.min(firstUnanswered, (s.sentNanos() - t0Nanos) / 1e9);
				lastUnanswered = Math.max(lastUnanswered, (s.sentNanos() - t0Nanos) / 1e9);
			}
			if (!s.accepted()) {
				continue;
			}
			accepted++;
			int copies = s.eventId() == null ? 0 : inKafka.getOrDefault(s.eventId(), 0);
			notInKafka += copies == 0 ? 1 : 0;
			twice += copies > 1 ? 1 : 0;
			notApplied += applied.contains(s.eventId()) ? 0 : 1;
			notDelivered += subscriber.timesReceived(s.eventId()) == 0 ? 1 : 0;
		}
		Set<String> acceptedIds = new java.util.HashSet<>();
		sent.stream().filter(SteadyLoad.Sent::accepted).forEach(s -> acceptedIds.add(s.eventId()));
		refusedInKafka = inKafka.keySet().stream().filter(id -> !acceptedIds.contains(id)).count();
		String unansweredSummary = unanswered.isEmpty() ? ""
				: unanswered + String.format(" (sent between %.1f s and %.1f s)", firstUnanswered, lastUnanswered);
		return new Verdict(settings.name(), sent.size(), accepted, answers, unansweredSummary, notInKafka, twice, refusedInKafka,
				notApplied, stateNotMatchingLog, notDelivered, subscriber.total(), subscriber.total() - subscriber.unique(), notSent,
				List.copyOf(notSentBreakdown), List.copyOf(faults), List.copyOf(samples), loadSeconds, drainSeconds);
	}

	/** Every promise that must hold, each as a line "ok/FAILED what"; empty list of failures means it held. */
	List<String> failures() {
		List<String> failed = new ArrayList<>();
		if (accepted == 0) {
			failed.add("nothing was accepted");
		}
		if (acceptedNotInKafka != 0) {
			failed.add(acceptedNotInKafka + " webhooks answered 2xx are not in Kafka");
		}
		if (acceptedTwiceInKafka != 0) {
			failed.add(acceptedTwiceInKafka + " webhooks answered 2xx are in Kafka more than once");
		}
		if (acceptedNotApplied != 0) {
			failed.add(acceptedNotApplied + " webhooks answered 2xx were never applied");
		}
		if (stateNotMatchingLog != 0) {
			failed.add(stateNotMatchingLog + " products do not count exactly the events logged for them");
		}
		if (acceptedNotDelivered != 0) {
			failed.add(acceptedNotDelivered + " webhooks answered 2xx never reached the subscriber");
		}
		if (notSent != 0) {
			failed.add(notSent + " deliveries are not sent at the end");
		}
		faults.stream()
			.filter(f -> Double.isNaN(f.recoveryS()))
			.forEach(f -> failed.add("no recovery after: " + f.name()));
		if (answers.keySet().stream().anyMatch(code -> code >= 400 && code < 500)) {
			failed.add("a well-formed, signed webhook was answered 4xx: " + answers);
		}
		return failed;
	}

	String markdown() {
		StringBuilder md = new StringBuilder();
		md.append("| check | result |\n|---|---|\n");
		row(md, "webhooks sent", sent + " in " + String.format("%.0f", loadSeconds) + " s");
		row(md, "answers", answers.toString().replace("-1=", "no answer="));
		if (!unanswered.isEmpty()) {
			row(md, "no answer, by the sender's error", unanswered);
		}
		row(md, "answered 2xx", Long.toString(accepted));
		row(md, "answered 2xx, not in Kafka (must be 0)", Long.toString(acceptedNotInKafka));
		row(md, "answered 2xx, in Kafka more than once (must be 0)", Long.toString(acceptedTwiceInKafka));
		row(md, "refused (5xx / no answer) yet in Kafka", Long.toString(refusedButInKafka));
		row(md, "answered 2xx, not applied (must be 0)", Long.toString(acceptedNotApplied));
		row(md, "products whose state does not count exactly their logged events (must be 0)",
				Long.toString(stateNotMatchingLog));
		row(md, "answered 2xx, never delivered (must be 0)", Long.toString(acceptedNotDelivered));
		row(md, "deliveries received / duplicates", deliveriesReceived + " / " + duplicateDeliveries);
		row(md, "deliveries not sent at the end (must be 0)", Long.toString(notSent));
		row(md, "every delivery made, after the load ended", acceptedNotDelivered == 0 && notSent == 0
				? String.format("%.0f s later", drainSeconds)
				: String.format("not within the %.0f s drain window", drainSeconds));
		samples.stream().filter(s -> s.phase().equals("drain")).findFirst().ifPresent(s -> row(md,
				"deliveries behind the accepted webhooks when the load ended", Long.toString(s.accepted() - s.delivered())));
		for (String line : notSentBreakdown) {
			row(md, "not sent", line);
		}
		row(md, "verdict", failures().isEmpty() ? "**held**" : "**FAILED**: " + String.join("; ", failures()));
		if (!faults.isEmpty()) {
			md.append("\n| fault | from (s) | repaired at (s) | recovery (s) |\n|---|---|---|---|\n");
			for (FaultSuite.Fault f : faults) {
				md.append(String.format("| %s | %.1f | %.1f | %.1f |%n", f.name(), f.startS(), f.endS(), f.recoveryS()));
			}
		}
		return md.toString();
	}

	String memoryCsv() {
		StringBuilder csv = new StringBuilder("t_s,phase,ingest_rss_mb,dispatcher_rss_mb,accepted,delivered\n");
		for (FaultSuite.Sample s : samples) {
			csv.append(String.format("%.0f,%s,%d,%d,%d,%d%n", s.tS(), s.phase(), s.ingestMiB(), s.dispatcherMiB(),
					s.accepted(), s.delivered()));
		}
		return csv.toString();
	}

	private static void row(StringBuilder md, String check, String result) {
		md.append("| ").append(check).append(" | ").append(result).append(" |\n");
	}

}
