package org.trapstream.dashboard;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trapstream.common.auth.AccessGuard;
import org.trapstream.common.auth.AccessRole;
import org.trapstream.common.contract.CaptureEvent;
import org.trapstream.common.contract.Feedback;
import org.trapstream.common.contract.ImageIds;
import org.trapstream.common.contract.Prediction;
import org.trapstream.common.http.HttpRoutes;
import org.trapstream.common.http.Problem;

/**
 * The review page's work flow, for labelers: {@code POST /api/v1/review/next} leases the next open item that
 * matches the filters ({@link ReviewFilter}) to the person asking ({@link ReviewLeases}), {@code POST
 * /api/v1/review/skip} hands it back, and {@code POST /api/v1/review/undo} takes back the person's last answer:
 * a retraction goes to the feedback topic (the label stops counting) and the item comes back, leased to them.
 * Answers go to {@code POST /api/v1/review/answer} ({@link FeedbackRoutes}). An item whose image belongs to a known
 * event comes with the event: the page answers the whole burst at once ({@link EventRoutes}), and undo takes back
 * every frame's label.
 */
final class ReviewRoutes implements HttpRoutes {

    private static final int MAX_BODY_BYTES = 1024;
    private static final Logger LOG = LoggerFactory.getLogger(ReviewRoutes.class);

    private final AccessGuard guard;
    private final ReviewQueue reviewQueue;
    private final ReviewLeases leases;
    private final RecentAnswers answers;
    private final FeedbackPublisher publisher;
    private final ReviewBursts bursts;

    ReviewRoutes(AccessGuard guard, ReviewQueue reviewQueue, ReviewLeases leases, RecentAnswers answers,
                 FeedbackPublisher publisher, ReviewBursts bursts) {
        this.guard = guard;
        this.reviewQueue = reviewQueue;
        this.leases = leases;
        this.answers = answers;
        this.publisher = publisher;
        this.bursts = bursts;
    }

    @Override
    public void mount(Router router) {
        router.post("/api/v1/review/next").handler(guard.atLeast(AccessRole.LABELER)).handler(this::next);
        router.post("/api/v1/review/skip").handler(guard.atLeast(AccessRole.LABELER));
        router.post("/api/v1/review/skip").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES))
            .handler(this::skip);
        router.post("/api/v1/review/undo").handler(guard.atLeast(AccessRole.LABELER)).handler(this::undo);
    }

    private void next(RoutingContext ctx) {
        ReviewFilter filter;
        try {
            filter = ReviewFilter.parse(ctx.queryParams());
        } catch (IllegalArgumentException e) {
            Problem.send(ctx, 400, "invalid_filter", e.getMessage());
            return;
        }
        String person = AccessGuard.person(ctx).name();
        List<Prediction> matching = reviewQueue.items(filter.order(), filter, Integer.MAX_VALUE);
        Optional<ReviewLeases.Lease> lease = leases.next(person, matching, id -> reviewQueue.item(id).isPresent(),
            bursts::burstOf);
        JsonResponses.send(ctx, 200, answer(lease.flatMap(this::leasedItem).orElse(null), leases.unheld(matching)));
    }

    private void skip(RoutingContext ctx) {
        JsonObject body = ctx.body().asJsonObject();
        String imageId = body == null ? null : body.getString("image_id");
        if (!ImageIds.isValid(imageId)) {
            Problem.send(ctx, 400, "invalid_image_id", "the body must be {\"image_id\"} with a valid image id");
            return;
        }
        if (!leases.skip(AccessGuard.person(ctx).name(), imageId)) {
            Problem.send(ctx, 409, "lease_not_held", "you do not hold " + imageId + "; ask for the next item");
            return;
        }
        ctx.response().setStatusCode(204).putHeader("Cache-Control", "no-store").end();
    }

    private void undo(RoutingContext ctx) {
        String person = AccessGuard.person(ctx).name();
        Optional<List<Feedback>> last = answers.takeLast(person);
        if (last.isEmpty()) {
            Problem.send(ctx, 404, "nothing_to_undo", person + " has no answer here to take back");
            return;
        }
        List<Feedback> answer = last.get();
        Instant now = Instant.now();
        Feedback first = answer.get(0);
        Future.all(answer.stream().map(label -> publisher.publish(Feedback.retraction(label.imageId(), person, now,
                label.cameraId(), label.labeledAt()))).toList())
            .onSuccess(retractions -> {
                List<String> imageIds = answer.stream().map(Feedback::imageId).toList();
                imageIds.forEach(reviewQueue::retracted);
                Optional<JsonObject> item = leasedItem(leases.take(person, first.imageId(), imageIds));
                JsonResponses.send(ctx, 200, answer(item.orElse(null), reviewQueue.openCount())
                    .put("retracted", first.toJson())
                    .put("retracted_image_ids", new JsonArray(imageIds)));
            })
            .onFailure(e -> {
                // Retracting twice is harmless: the whole answer stays undoable.
                answers.add(answer);
                LOG.warn("Retraction for {} not published: {}", first.imageId(), e.toString());
                Problem.send(ctx, 503, "unavailable", "The answer could not be taken back; try again");
            });
    }

    /** The item a lease is for, as the page shows it, while it is open. */
    private Optional<JsonObject> leasedItem(ReviewLeases.Lease lease) {
        return reviewQueue.item(lease.imageId()).map(item -> ViewRoutes.reviewItem(item)
            .put("lease_expires_at", lease.expiresAt().toString())
            .put("burst_image_ids", new JsonArray(bursts.burstOf(item.imageId())))
            .put("event", bursts.eventOf(item.imageId()).map(CaptureEvent::toJson).orElse(null)));
    }

    private static JsonObject answer(JsonObject item, long waiting) {
        return new JsonObject().put("item", item).put("waiting", waiting);
    }
}
