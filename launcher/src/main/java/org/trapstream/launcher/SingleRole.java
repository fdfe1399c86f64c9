package org.trapstream.launcher;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.kafka.KafkaClients;
import org.trapstream.common.kafka.TopicAdmin;
import org.trapstream.common.role.Role;

/** One role in its own process, against an existing Kafka cluster: how Trapstream scales out. */
final class SingleRole {

    private static final Logger LOG = LoggerFactory.getLogger(SingleRole.class);

    static RoleHost start(TrapstreamConfig config, String roleName) {
        KafkaClients.bootstrapServers(config); // fails with a clear message when no broker is given
        Role role = Roles.create(roleName);
        TopicAdmin.ensureTopics(config);
        RoleHost host = RoleHost.start(config, List.of(role));
        LOG.info("The {} role is serving on {} (Kafka {})", roleName, LocalAddress.url(config, host.httpPort()),
            config.getString(TrapstreamConfig.KAFKA_BOOTSTRAP_SERVERS));
        return host;
    }

    private SingleRole() {
    }
}
