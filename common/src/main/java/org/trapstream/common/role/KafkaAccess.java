package org.trapstream.common.role;

import java.util.Optional;
import java.util.Set;

/**
 * What a role does on Kafka, as a cluster that enforces ACLs must allow it: the topics it reads, the topics it
 * writes, and the configuration key naming its consumer group (empty when it reads by assignment, in no group).
 * The Kubernetes manifests' KafkaUser of each role is checked against it.
 */
public record KafkaAccess(Set<String> reads, Set<String> writes, Optional<String> groupIdKey) {

    public KafkaAccess {
        reads = Set.copyOf(reads);
        writes = Set.copyOf(writes);
    }
}
