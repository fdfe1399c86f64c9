package org.trapstream.dashboard;

import java.util.List;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import org.trapstream.common.auth.AuthSettings;
import org.trapstream.common.auth.Credential;
import org.trapstream.common.auth.Person;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.role.RoleContext;
import org.trapstream.image.store.ImageStore;

/**
 * The dashboard's wiring: its in-memory state (what became of each image, the open review items, the labels
 * seen), the I/O workers that read the image store, and the two verticles that talk to Kafka, the
 * {@link FeedbackPublisher} and the {@link FeedConsumerVerticle}; its HTTP routes and health check go into the
 * role's context once those are up. Vert.x undeploys the two before it stops this one, which then closes the
 * I/O workers.
 */
final class DashboardVerticle extends VerticleBase {

    static final String NAME = "dashboard";
    private static final String IO_POOL = "trapstream-dashboard-io";

    private final RoleContext role;
    private final List<Credential<Person>> people;
    private WorkerExecutor io;

    DashboardVerticle(RoleContext role, List<Credential<Person>> people) {
        this.role = role;
        this.people = people;
    }

    @Override
    public Future<?> start() {
        TrapstreamConfig config = role.config();
        MeterRegistry registry = role.registry();
        int viewCapacity = config.getInt(DashboardConfig.VIEW_CAPACITY);
        PredictionView view = new PredictionView(viewCapacity);
        ReviewQueue reviewQueue = new ReviewQueue(config.getInt(DashboardConfig.REVIEW_CAPACITY), viewCapacity);
        KnownLabels labels = new KnownLabels();
        io = vertx.createSharedWorkerExecutor(IO_POOL, config.getInt(DashboardConfig.DASHBOARD_IO_THREADS));
        StoredImages images = new StoredImages(new ImageStore(config.imageStoreDir()), io);
        AccessGuard guard = new AccessGuard(people, AuthSettings.verifier(config, io), registry);
        FeedbackPublisher publisher = new FeedbackPublisher(config);
        FeedConsumerVerticle feed = new FeedConsumerVerticle(config, registry, view, reviewQueue, labels, images);

        return vertx.deployVerticle(publisher)
            .compose(id -> vertx.deployVerticle(feed))
            .onSuccess(id -> {
                Gauge.builder("camtrap.dashboard.view.entries", view, PredictionView::size)
                    .description("Images whose outcome the dashboard remembers").register(registry);
                Gauge.builder("camtrap.dashboard.review.open", reviewQueue, ReviewQueue::openCount)
                    .description("Open review items").register(registry);
                Gauge.builder("camtrap.dashboard.review.capacity", () -> config.getInt(DashboardConfig.REVIEW_CAPACITY))
                    .description("Open review items the dashboard keeps; beyond it the oldest leaves the list")
                    .register(registry);
                role.addRoutes(new ViewRoutes(guard, view, reviewQueue, labels));
                role.addRoutes(new ImageRoutes(guard, images, DashboardConfig.locationRoles(config)));
                role.addRoutes(new FeedbackRoutes(guard, images, publisher, view, reviewQueue, registry));
                role.addRoutes(new LabelerPageRoutes());
                role.health().register(NAME, () -> new JsonObject()
                    .put("up", feed.running())
                    .put("assigned_partitions", feed.assignedPartitions())
                    .put("view_size", view.size())
                    .put("open_review_items", reviewQueue.openCount()));
            })
            .recover(failure -> stop().transform(ignored -> Future.failedFuture(failure)));
    }

    @Override
    public Future<?> stop() {
        return io.close();
    }
}
