package org.trapstream.dashboard;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trapstream.common.auth.AuthSettings;
import org.trapstream.common.auth.Credential;
import org.trapstream.common.auth.Person;
import org.trapstream.common.config.ConfigException;
import org.trapstream.common.contract.Topics;
import org.trapstream.common.role.KafkaAccess;
import org.trapstream.common.role.Role;
import org.trapstream.common.role.RoleContext;

/**
 * The dashboard: answers "what became of image X" from a bounded in-memory view of the prediction and dead-letter
 * topics, keeps the open review queue, serves stored images, the labeler page, the live feed and the model registry,
 * publishes the labelers' feedback and lets operators promote and roll back models. Its state is rebuilt from Kafka
 * on every start, so any number of instances can run side by side. The {@link DashboardVerticle} wires it.
 */
public final class DashboardRole implements Role {

    private static final Logger LOG = LoggerFactory.getLogger(DashboardRole.class);

    @Override
    public String name() {
        return DashboardVerticle.NAME;
    }

    /** Reads its feed by assignment, in no group; writes the labelers' feedback and the operators' promotions. */
    @Override
    public KafkaAccess kafkaAccess() {
        return new KafkaAccess(Set.copyOf(FeedConsumerVerticle.TOPICS), Set.of(Topics.FEEDBACK, Topics.MODELS),
            Optional.empty());
    }

    @Override
    public Future<Void> deploy(Vertx vertx, RoleContext context) {
        List<Credential<Person>> people;
        CameraSettings cameras;
        try {
            people = AuthSettings.people(DashboardConfig.PEOPLE, context.config().getList(DashboardConfig.PEOPLE));
            cameras = CameraSettings.from(context.config());
        } catch (ConfigException e) {
            return Future.failedFuture(e);
        }
        if (people.isEmpty()) {
            LOG.warn("{} is empty: the dashboard refuses every API request", DashboardConfig.PEOPLE);
        }
        return vertx.deployVerticle(new DashboardVerticle(context, people, cameras)).mapEmpty();
    }
}
