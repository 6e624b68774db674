package io.spool.dispatcher.apply;

import java.util.Locale;
import java.util.Optional;

/**
 * The job status machine of seed 004 (pending → downloading → slicing → uploading → printing → complete, any →
 * failed) with SimplePrint's paused and cancelled. The rank orders events of the same time: later stages win.
 */
public enum JobStatus {

	PENDING(0), DOWNLOADING(1), SLICING(2), UPLOADING(3), PRINTING(4), PAUSED(5), COMPLETE(7), FAILED(7),
	CANCELLED(7);

	private final int rank;

	JobStatus(int rank) {
		this.rank = rank;
	}

	public int rank() {
		return rank;
	}

	public boolean isTerminal() {
		return rank == 7;
	}

	/** The wire value, lowercase. */
	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static Optional<JobStatus> parse(String value) {
		if (value == null) {
			return Optional.empty();
		}
		String normalized = value.strip().toUpperCase(Locale.ROOT);
		if (normalized.equals("COMPLETED")) {
			normalized = "COMPLETE";
		}
		else if (normalized.equals("CANCELED")) {
			normalized = "CANCELLED";
		}
		try {
			return Optional.of(JobStatus.valueOf(normalized));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

}
