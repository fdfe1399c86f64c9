package org.trapstream.trainer;

import java.util.concurrent.TimeUnit;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.producer.KafkaProducer;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.contract.ModelAnnouncement;
import org.trapstream.common.kafka.KafkaClients;
import org.trapstream.common.kafka.TopicAdmin;
import org.trapstream.common.role.RoleContext;
import org.trapstream.image.store.ImageStore;
import org.trapstream.serving.Backend;
import org.trapstream.serving.ModelMetadata;
import org.trapstream.serving.ModelRegistry;
import org.trapstream.trainer.feedback.FeedbackConsumer;
import org.trapstream.trainer.feedback.FeedbackIntake;
import org.trapstream.trainer.labels.LabelRecord;
import org.trapstream.trainer.labels.LabelStore;
import org.trapstream.trainer.training.RetrainPolicy;
import org.trapstream.trainer.training.RetrainScheduler;
import org.trapstream.trainer.training.TrainingRun;

/**
 * The trainer: feedback into the label log, retraining on the dedicated training thread, promotion and
 * announcement. The event loop only moves records and decisions; label I/O runs on a one-thread worker (so
 * appends stay in order) and training on another one-thread worker with no execution time limit.
 */
final class TrainerVerticle extends VerticleBase {

    private static final String CLIENT_ID = "trapstream-trainer";

    private final RoleContext context;
    private WorkerExecutor labelsWorker;
    private WorkerExecutor trainingThread;
    private LabelStore labels;
    private FeedbackConsumer feedback;
    private RetrainScheduler scheduler;
    private ModelAnnouncer announcer;

    TrainerVerticle(RoleContext context) {
        this.context = context;
    }

    /** What start-up reads from disk, off the event loop. */
    private record Opened(ImageStore images, ModelRegistry registry, long trainedPosition, String servingVersion,
                          ModelAnnouncement lastPromotion) {
    }

    @Override
    public Future<?> start() {
        labelsWorker = vertx.createSharedWorkerExecutor("trapstream-trainer-labels", 1);
        trainingThread = vertx.createSharedWorkerExecutor("trapstream-trainer-training", 1, 7, TimeUnit.DAYS);
        // A failed start releases the label log's lock, or the next attempt could not open it.
        return labelsWorker.executeBlocking(this::open).compose(this::wire)
            .recover(failure -> release().transform(v -> Future.failedFuture(failure)));
    }

    private Opened open() {
        TrapstreamConfig config = context.config();
        TopicAdmin.ensureTopics(config);
        Backend.init();
        labels = LabelStore.open(config.labelsDir());
        ImageStore images = new ImageStore(config.imageStoreDir());
        keepLabelledImages(labels, images);
        ModelRegistry registry = new ModelRegistry(config.modelRegistryDir());
        return new Opened(images, registry, TrainedPosition.of(registry.list(), labels.logPosition()),
            registry.promoted().map(ModelMetadata::version).orElse(null),
            registry.promotedAnnouncement().orElse(null));
    }

    /**
     * Marks every labelled image kept from the store's retention: labels given before markers existed, or whose
     * marker a crash lost, are safe once the trainer has started. Each marker is written once.
     */
    static void keepLabelledImages(LabelStore labels, ImageStore images) {
        labels.snapshot().records().stream()
            .map(LabelRecord::imageId)
            .filter(images::contains)
            .forEach(images::keep);
    }

    private Future<Void> wire(Opened opened) {
        TrapstreamConfig config = context.config();
        TrainerMetrics metrics = new TrainerMetrics(context.registry(), labels);
        ImageStore images = opened.images();
        TrainingRun run = new TrainingRun(labels, images, opened.registry(), TrainingRun.Settings.from(config));
        announcer = new ModelAnnouncer(KafkaProducer.create(vertx, KafkaClients.producer(config, CLIENT_ID)));
        scheduler = new RetrainScheduler(vertx, trainingThread, run, RetrainPolicy.from(config), labels, metrics,
            announcer::announce, opened.trainedPosition(), opened.servingVersion());
        feedback = new FeedbackConsumer(vertx.getOrCreateContext(), config, CLIENT_ID, labelsWorker,
            new FeedbackIntake(images), labels, metrics, scheduler::labelsAdded);
        context.health().register("trainer", this::health);
        return feedback.start().onSuccess(v -> scheduler.start(opened.lastPromotion()));
    }

    private JsonObject health() {
        return scheduler.status()
            .put("up", feedback.healthy())
            .put("labels", labels.labelledImages());
    }

    @Override
    public Future<?> stop() {
        return feedback.stop()
            .compose(v -> scheduler.stop())
            .compose(v -> announcer.close())
            .eventually(this::release);
    }

    /** Closes the label log (releasing its lock) and the worker pools. */
    private Future<Void> release() {
        Future<Void> closed = labels == null ? Future.succeededFuture() : labelsWorker.executeBlocking(() -> {
            labels.close();
            return null;
        });
        return closed.eventually(() -> Future.all(labelsWorker.close(), trainingThread.close())).mapEmpty();
    }
}
