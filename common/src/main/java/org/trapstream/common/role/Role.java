package org.trapstream.common.role;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * One of Trapstream's roles (ingest, classifier, trainer, dashboard). The launcher deploys one role per
 * process, or all of them in one JVM for {@code trapstream run}; either way the role only sees its context.
 */
public interface Role {

    /** Short lower-case name, used in logs, client ids and metric tags. */
    String name();

    /** The topics it reads and writes and its consumer group, which its Kafka ACLs must allow. */
    KafkaAccess kafkaAccess();

    /**
     * Deploys the role's verticles and registers its HTTP routes and health checks in the context.
     * Completes once the role is ready to work; a failure fails the launch. Undeployed by {@code vertx.close()}.
     */
    Future<Void> deploy(Vertx vertx, RoleContext context);
}
