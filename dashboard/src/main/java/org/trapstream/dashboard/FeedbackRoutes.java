package org.trapstream.dashboard;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trapstream.common.auth.AccessGuard;
import org.trapstream.common.auth.AccessRole;
import org.trapstream.common.contract.Feedback;
import org.trapstream.common.contract.Prediction;
import org.trapstream.common.http.HttpRoutes;
import org.trapstream.common.http.Problem;
import org.trapstream.common.metrics.Metrics;

/**
 * {@code POST /api/v1/feedback}: a labeler's label for a stored image; {@code POST /api/v1/review/answer}: the same
 * from the review page, for an item the labeler holds the lease of ({@link ReviewLeases}; 409 when someone else
 * took it meanwhile). Checks run cheapest first (the credential, which must be a labeler's or an operator's, then
 * the body, the lease, then the image store on a worker); the answer is 202 only once Kafka has acknowledged the
 * {@link Feedback} record, so an accepted label is never lost. The review item is closed at once here and, for
 * every other dashboard instance, when the record comes back on the feedback topic; the label is remembered for
 * its labeler's undo ({@link RecentAnswers}).
 */
final class FeedbackRoutes implements HttpRoutes {

    private static final int MAX_BODY_BYTES = 4096;

    private static final Logger LOG = LoggerFactory.getLogger(FeedbackRoutes.class);

    private final Handler<RoutingContext> labelersOnly;
    private final StoredImages images;
    private final FeedbackPublisher publisher;
    private final PredictionView view;
    private final ReviewQueue reviewQueue;
    private final ReviewLeases leases;
    private final RecentAnswers answers;
    private final Map<FeedbackOutcome, Counter> outcomes = new EnumMap<>(FeedbackOutcome.class);

    FeedbackRoutes(AccessGuard guard, StoredImages images, FeedbackPublisher publisher, PredictionView view,
                   ReviewQueue reviewQueue, ReviewLeases leases, RecentAnswers answers, MeterRegistry registry) {
        this.labelersOnly = guard.atLeast(AccessRole.LABELER);
        this.images = images;
        this.publisher = publisher;
        this.view = view;
        this.reviewQueue = reviewQueue;
        this.leases = leases;
        this.answers = answers;
        for (FeedbackOutcome outcome : FeedbackOutcome.values()) {
            outcomes.put(outcome, Metrics.counter(registry, "camtrap.dashboard.feedback", "Feedback requests by outcome",
                "outcome", outcome.tag()));
        }
    }

    @Override
    public void mount(Router router) {
        // A route of its own: route handlers may not run before a body handler on the same route.
        router.post("/api/v1/feedback").handler(labelersOnly);
        router.post("/api/v1/feedback")
            .handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES))
            .handler(ctx -> submit(ctx, false));
        router.post("/api/v1/review/answer").handler(labelersOnly);
        router.post("/api/v1/review/answer")
            .handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES))
            .handler(ctx -> submit(ctx, true));
    }

    private void submit(RoutingContext ctx, boolean leased) {
        String labeler = AccessGuard.person(ctx).name();
        FeedbackRequest request;
        try {
            request = FeedbackRequest.parse(ctx.body().buffer());
            if (leased && !leases.heldBy(labeler, request.imageId())) {
                throw FeedbackRejected.leaseNotHeld(request.imageId());
            }
        } catch (FeedbackRejected rejected) {
            refuse(ctx, rejected);
            return;
        }
        images.contains(request.imageId())
            .compose(stored -> stored
                ? publisher.publish(request.toFeedback(labeler, Instant.now(), cameraOf(request.imageId())))
                : Future.failedFuture(FeedbackRejected.unknownImage(request.imageId())))
            .onSuccess(feedback -> accept(ctx, feedback))
            .onFailure(e -> {
                if (e instanceof FeedbackRejected rejected) {
                    refuse(ctx, rejected);
                } else {
                    outcomes.get(FeedbackOutcome.FAILED).increment();
                    LOG.warn("Feedback for {} not published: {}", request.imageId(), e.toString());
                    Problem.send(ctx, 503, "unavailable", "The label could not be stored; try again");
                }
            });
    }

    /**
     * The camera that sent the image, as far as this dashboard has seen it (null when not), so the trainer can
     * hold whole cameras out of training.
     */
    private String cameraOf(String imageId) {
        return view.prediction(imageId).or(() -> reviewQueue.item(imageId)).map(Prediction::cameraId).orElse(null);
    }

    private void accept(RoutingContext ctx, Feedback feedback) {
        outcomes.get(FeedbackOutcome.ACCEPTED).increment();
        // Closed before the lease goes: a next item asked for in between never hands this one out again.
        reviewQueue.labelled(feedback.imageId());
        leases.answered(feedback.imageId());
        answers.add(List.of(feedback));
        JsonResponses.send(ctx, 202, new JsonObject()
            .put("image_id", feedback.imageId())
            .put("label", feedback.label())
            .put("labeler", feedback.labeler())
            .put("labeled_at", feedback.labeledAt().toString())
            .put("status", "accepted"));
    }

    private void refuse(RoutingContext ctx, FeedbackRejected rejected) {
        outcomes.get(rejected.outcome()).increment();
        Problem.send(ctx, rejected.status(), rejected.code(), rejected.getMessage());
    }
}
