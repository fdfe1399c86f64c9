package org.trapstream.dashboard;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trapstream.common.config.ConfigException;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.role.Role;
import org.trapstream.common.role.RoleContext;
import org.trapstream.image.store.ImageStore;

/**
 * The dashboard: answers "what became of image X" from a bounded in-memory view of the prediction and dead-letter
 * topics, keeps the open review queue, serves stored images and the labeler page, and publishes the labelers'
 * feedback. Its state is rebuilt from Kafka on every start, so any number of instances can run side by side.
 */
public final class DashboardRole implements Role {

    private static final Logger LOG = LoggerFactory.getLogger(DashboardRole.class);

    @Override
    public String name() {
        return "dashboard";
    }

    @Override
    public Future<Void> deploy(Vertx vertx, RoleContext context) {
        TrapstreamConfig config = context.config();
        LabelerTokens tokens;
        try {
            tokens = LabelerTokens.parse(config.getList(TrapstreamConfig.LABELER_TOKENS));
        } catch (ConfigException e) {
            return Future.failedFuture(e);
        }
        if (tokens.size() == 0) {
            LOG.warn("{} is empty: the dashboard refuses all feedback", TrapstreamConfig.LABELER_TOKENS);
        }
        int viewCapacity = config.getInt(TrapstreamConfig.VIEW_CAPACITY);
        PredictionView view = new PredictionView(viewCapacity);
        ReviewQueue reviewQueue = new ReviewQueue(config.getInt(TrapstreamConfig.REVIEW_CAPACITY), viewCapacity);
        KnownLabels labels = new KnownLabels();
        StoredImages images = new StoredImages(new ImageStore(config.imageStoreDir()),
            vertx.createSharedWorkerExecutor("trapstream-dashboard-io", config.getInt(TrapstreamConfig.DASHBOARD_IO_THREADS)));
        MeterRegistry registry = context.registry();
        FeedConsumerVerticle feed = new FeedConsumerVerticle(config, registry, view, reviewQueue, labels);
        FeedbackPublisher publisher = new FeedbackPublisher(config);

        return vertx.deployVerticle(publisher)
            .compose(id -> vertx.deployVerticle(feed))
            .onSuccess(id -> {
                Gauge.builder("camtrap.dashboard.view.entries", view, PredictionView::size)
                    .description("Images whose outcome the dashboard remembers").register(registry);
                Gauge.builder("camtrap.dashboard.review.open", reviewQueue, ReviewQueue::openCount)
                    .description("Open review items").register(registry);
                context.addRoutes(new ViewRoutes(view, reviewQueue, labels));
                context.addRoutes(new ImageRoutes(images));
                context.addRoutes(new FeedbackRoutes(tokens, images, publisher, reviewQueue, registry));
                context.addRoutes(new LabelerPageRoutes());
                context.health().register(name(), () -> new JsonObject()
                    .put("up", feed.running())
                    .put("assigned_partitions", feed.assignedPartitions())
                    .put("view_size", view.size())
                    .put("open_review_items", reviewQueue.openCount()));
            })
            .mapEmpty();
    }
}
