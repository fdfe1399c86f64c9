package org.trapstream.dashboard;

import java.time.Clock;
import java.util.List;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import org.trapstream.common.auth.AccessGuard;
import org.trapstream.common.auth.AuthSettings;
import org.trapstream.common.auth.Credential;
import org.trapstream.common.auth.Person;
import org.trapstream.common.auth.Sessions;
import org.trapstream.common.auth.TokenVerifier;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.role.RoleContext;
import org.trapstream.image.ImageLimits;
import org.trapstream.image.store.ImageStore;
import org.trapstream.serving.ModelRegistry;

/**
 * The dashboard's wiring: its in-memory state (what became of each image, the open review items, the labels
 * seen, the cameras' health), the I/O workers that read the image store and the model registry, and the three
 * verticles that talk to Kafka, the {@link FeedbackPublisher}, the {@link ModelChanges} and the
 * {@link FeedConsumerVerticle}; its HTTP routes, their description ({@code openapi.json} beside this class) and its
 * health check go into the role's context once those are up. Vert.x undeploys the three before it stops this one,
 * which then closes the I/O workers.
 */
final class DashboardVerticle extends VerticleBase {

    static final String NAME = "dashboard";
    private static final String IO_POOL = "trapstream-dashboard-io";
    private static final long MIB = 1024L * 1024;

    private final RoleContext role;
    private final List<Credential<Person>> people;
    private final CameraSettings cameraSettings;
    private WorkerExecutor io;

    DashboardVerticle(RoleContext role, List<Credential<Person>> people, CameraSettings cameraSettings) {
        this.role = role;
        this.people = people;
        this.cameraSettings = cameraSettings;
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
        TokenVerifier<Person> verifier = AuthSettings.verifier(config, io);
        Sessions sessions = new Sessions(config.getDuration(DashboardConfig.SESSION_TTL),
            config.getInt(DashboardConfig.SESSION_CAPACITY), Clock.systemUTC());
        AccessGuard guard = new AccessGuard(people, verifier, sessions, registry, NAME);
        ReviewLeases leases = new ReviewLeases(config.getDuration(DashboardConfig.REVIEW_LEASE), Clock.systemUTC());
        RecentAnswers answers = new RecentAnswers();
        ThumbnailCache thumbnails = new ThumbnailCache(config.getInt(DashboardConfig.THUMBNAIL_CACHE_MIB) * MIB);
        FeedbackPublisher publisher = new FeedbackPublisher(config);
        CameraTracker cameras = new CameraTracker(cameraSettings, registry);
        EventView events = new EventView(config.getInt(DashboardConfig.EVENT_CAPACITY));
        FeedConsumerVerticle feed = new FeedConsumerVerticle(config, registry, view, reviewQueue, labels, images,
            cameras, events);
        ModelRegistry models = new ModelRegistry(config.modelRegistryDir());
        ModelChanges modelChanges = new ModelChanges(config, models);

        return vertx.deployVerticle(publisher)
            .compose(id -> vertx.deployVerticle(modelChanges))
            .compose(id -> vertx.deployVerticle(feed))
            .onSuccess(id -> {
                Gauge.builder("camtrap.dashboard.view.entries", view, PredictionView::size)
                    .description("Images whose outcome the dashboard remembers").register(registry);
                Gauge.builder("camtrap.dashboard.review.open", reviewQueue, ReviewQueue::openCount)
                    .description("Open review items").register(registry);
                Gauge.builder("camtrap.dashboard.review.capacity", () -> config.getInt(DashboardConfig.REVIEW_CAPACITY))
                    .description("Open review items the dashboard keeps; beyond it the oldest leaves the list")
                    .register(registry);
                Gauge.builder("camtrap.dashboard.sessions", sessions, Sessions::size)
                    .description("Signed-in sessions of the pages").register(registry);
                Gauge.builder("camtrap.dashboard.thumbnail.cache", thumbnails, ThumbnailCache::bytes)
                    .description("Memory held by scaled thumbnails").baseUnit("bytes").register(registry);
                role.addRoutes(new SignInRoutes(people, verifier, sessions, guard, registry));
                // Before the view's routes: its GET /api/v1/predictions/:image_id would take the stream's path.
                role.addRoutes(new LiveRoutes(guard, config.getInt(DashboardConfig.LIVE_MAX_CLIENTS),
                    config.getInt(DashboardConfig.LIVE_CLIENT_BUFFER_BYTES),
                    config.getDuration(DashboardConfig.LIVE_HEARTBEAT), registry));
                role.addRoutes(new ViewRoutes(guard, view, reviewQueue, labels));
                role.addRoutes(new ImageRoutes(guard, images, DashboardConfig.locationRoles(config)));
                role.addRoutes(new ThumbnailRoutes(guard, images, thumbnails, ImageLimits.defaults()));
                role.addRoutes(new FeedbackRoutes(guard, images, publisher, view, reviewQueue, leases, answers,
                    registry));
                role.addRoutes(new EventRoutes(guard, events, publisher, reviewQueue, leases, answers,
                    registry));
                role.addRoutes(new ReviewRoutes(guard, reviewQueue, leases, answers, publisher,
                    events));
                role.addRoutes(new ModelRoutes(guard, models, modelChanges, io, registry));
                role.addRoutes(new CameraRoutes(guard, cameras));
                role.addRoutes(new PageRoutes());
                role.api().describe(DashboardVerticle.class, "openapi.json");
                role.health().register(NAME, () -> new JsonObject()
                    .put("up", feed.running())
                    .put("assigned_partitions", feed.assignedPartitions())
                    .put("view_size", view.size())
                    .put("open_review_items", reviewQueue.openCount())
                    .put("cameras_tracked", cameras.size()));
            })
            .recover(failure -> stop().transform(ignored -> Future.failedFuture(failure)));
    }

    @Override
    public Future<?> stop() {
        return io.close();
    }
}
