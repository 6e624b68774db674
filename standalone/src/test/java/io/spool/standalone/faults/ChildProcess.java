package io.spool.standalone.faults;

import java.io.File;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One JVM of the fault suite (a service from its packaged jar, or the broker), started with its output appended
 * to a log file, and stopped with SIGTERM or killed with SIGKILL like a real deployment would see.
 */
final class ChildProcess {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

	private final String name;

	private final List<String> command;

	private final Path log;

	private final Map<String, String> environment = new LinkedHashMap<>(Map.of("MALLOC_ARENA_MAX", "2"));

	private volatile Process process;

	ChildProcess(String name, List<String> jvmAndArgs, Path log) {
		this.name = name;
		this.command = new ArrayList<>();
		this.command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		this.command.addAll(jvmAndArgs);
		this.log = log;
	}

	static ChildProcess jar(String name, Path jar, List<String> jvm, Path log, List<String> args) {
		List<String> all = new ArrayList<>(jvm);
		all.addAll(List.of("-jar", jar.toString()));
		all.addAll(args);
		return new ChildProcess(name, all, log);
	}

	static ChildProcess mainClass(String name, Class<?> main, List<String> jvm, Path log, List<String> args) {
		List<String> all = new ArrayList<>(jvm);
		all.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
		all.addAll(args);
		return new ChildProcess(name, all, log);
	}

	/** Adds variables to the environment it starts with (two malloc arenas are always set, as in the images). */
	ChildProcess withEnvironment(Map<String, String> variables) {
		environment.putAll(variables);
		return this;
	}

	String name() {
		return name;
	}

	ChildProcess start() throws IOException {
		Files.createDirectories(log.getParent());
		Files.writeString(log, "---- start " + java.time.Instant.now() + "\n", java.nio.file.StandardOpenOption.CREATE,
				java.nio.file.StandardOpenOption.APPEND);
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
			.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
		builder.environment().putAll(environment);
		process = builder.start();
		return this;
	}

	/** SIGKILL: no shutdown hook, no flush, no goodbye. */
	void kill() throws InterruptedException {
		process.destroyForcibly();
		process.waitFor(30, TimeUnit.SECONDS);
	}

	/** SIGTERM, then waits for the process to finish its shutdown. */
	void stop() throws InterruptedException {
		Process p = process;
		if (p == null || !p.isAlive()) {
			return;
		}
		p.destroy();
		if (!p.waitFor(60, TimeUnit.SECONDS)) {
			p.destroyForcibly();
			p.waitFor(10, TimeUnit.SECONDS);
		}
	}

	boolean alive() {
		return process != null && process.isAlive();
	}

	long pid() {
		return process.pid();
	}

	/** Resident memory in MiB, from /proc; -1 when not running or not on Linux. */
	long residentMiB() {
		Process p = process;
		if (p == null || !p.isAlive()) {
			return -1;
		}
		try {
			for (String line : Files.readAllLines(Path.of("/proc", Long.toString(p.pid()), "status"))) {
				if (line.startsWith("VmRSS:")) {
					return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// gone between the check and the read
		}
		return -1;
	}

	void awaitHttpOk(String url, Duration atMost) throws Exception {
		long deadline = System.nanoTime() + atMost.toNanos();
		while (System.nanoTime() < deadline) {
			check();
			try {
				HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
						HttpResponse.BodyHandlers.discarding());
				if (response.statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			Thread.sleep(200);
		}
		throw new IllegalStateException(name + " not ready at " + url + " after " + atMost + "; see " + log);
	}

	void awaitPort(int port, Duration atMost) throws Exception {
		long deadline = System.nanoTime() + atMost.toNanos();
		while (System.nanoTime() < deadline) {
			check();
			try (Socket socket = new Socket("127.0.0.1", port)) {
				if (socket.isConnected()) {
					return;
				}
			}
			catch (IOException ex) {
				Thread.sleep(100);
			}
		}
		throw new IllegalStateException(name + " not listening on " + port + " after " + atMost + "; see " + log);
	}

	private void check() {
		if (!process.isAlive()) {
			throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
		}
	}

}
