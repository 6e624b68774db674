package io.spool.dispatcher.support;

import java.util.ArrayList;
import java.util.List;

import io.spool.common.event.CloudEvent;

/**
 * A print farm's day as events, with the state it must end in: {@code printers} printers, each running
 * {@code jobsPerPrinter} jobs (started, progress, then completed or failed), then going idle or offline.
 */
public final class Workload {

	public static final int EVENTS_PER_JOB = 3;

	private final int printers;

	private final int jobsPerPrinter;

	private final String prefix;

	public Workload(String prefix, int printers, int jobsPerPrinter) {
		this.prefix = prefix;
		this.printers = printers;
		this.jobsPerPrinter = jobsPerPrinter;
	}

	public int eventsPerPrinter() {
		return jobsPerPrinter * EVENTS_PER_JOB + 1;
	}

	public int size() {
		return printers * eventsPerPrinter();
	}

	public int printers() {
		return printers;
	}

	public String printer(int p) {
		return prefix + "-printer-" + p;
	}

	public String job(int p, int j) {
		return prefix + "-job-" + p + "-" + j;
	}

	/** Interleaved across printers, as a farm would send them. */
	public List<CloudEvent> events() {
		List<CloudEvent> events = new ArrayList<>(size());
		long base = 1_740_000_000L;
		for (int j = 0; j < jobsPerPrinter; j++) {
			for (int p = 0; p < printers; p++) {
				long t = base + (long) j * 10;
				events.add(Events.simplePrint("job.started", printer(p), job(p, j), t));
				events.add(Events.progress(printer(p), job(p, j), t + 1, 50));
				events.add(Events.simplePrint(failed(p, j) ? "job.failed" : "job.completed", printer(p), job(p, j), t + 2));
			}
		}
		for (int p = 0; p < printers; p++) {
			events.add(Events.simplePrint(p % 2 == 0 ? "printer.offline" : "printer.online", printer(p), null,
					base + (long) jobsPerPrinter * 10 + 5));
		}
		return events;
	}

	public boolean failed(int p, int j) {
		return (p + j) % 7 == 0;
	}

	public String expectedPrinterState(int p) {
		return p % 2 == 0 ? "offline" : "idle";
	}

	public long expectedFailedJobs() {
		long failed = 0;
		for (int p = 0; p < printers; p++) {
			for (int j = 0; j < jobsPerPrinter; j++) {
				failed += failed(p, j) ? 1 : 0;
			}
		}
		return failed;
	}

}
