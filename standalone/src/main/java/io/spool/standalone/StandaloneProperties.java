package io.spool.standalone;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The embedded default's own settings, {@code spool.standalone.*} (CONTRACT §4).
 *
 * @param kafkaPort the embedded broker's client port (its controller takes the next one)
 * @param postgresPort the embedded PostgreSQL's port (used once the dispatcher joins)
 * @param dataDir where the broker (and database) keep their data; empty means a fresh temporary directory,
 * deleted at shutdown
 * @param exitWhenReady start everything, then stop at once: the build's training run, which records the classes
 * start-up loads into a class-data-sharing archive (standalone/README.md)
 */
@ConfigurationProperties("spool.standalone")
public record StandaloneProperties(@DefaultValue("9092") int kafkaPort, @DefaultValue("15432") int postgresPort,
		@DefaultValue("") String dataDir, @DefaultValue("false") boolean exitWhenReady) {

}
