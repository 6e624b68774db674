package io.spool.standalone.kafka;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.spool.standalone.Ports;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedKafkaBrokerIT {

	@Test
	void restartsOnItsOwnDataDirectoryWithItsTopics(@TempDir Path dataDir) throws Exception {
		int port = Ports.freePortPair();
		try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(port, dataDir);
				Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
			admin.createTopics(List.of(new NewTopic("kept.v1", 1, (short) 1))).all().get();
		}
		try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(port, dataDir);
				Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
			Set<String> topics = admin.listTopics().names().get();
			assertThat(topics).contains("kept.v1");
		}
	}

}
