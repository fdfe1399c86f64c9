package org.trapstream.dashboard;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
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
import org.trapstream.common.http.HttpRoutes;
import org.trapstream.common.http.Problem;
import org.trapstream.common.metrics.Metrics;

/**
 * Events for people: {@code GET /api/v1/events/{id}} (viewers) answers an event the dashboard has read, and
 * {@code POST /api/v1/events/{id}/feedback} (labelers), body {@code {"label": ...}}, labels a whole burst at once:
 * one {@link Feedback} record per frame of the event, so the trainer and every other reader of the feedback topic
 * see ordinary per-image labels. The answer is 202 once Kafka has acknowledged all of them; after a failure some
 * frames may hold the label already, and sending the request again is safe (the last label per image wins).
 * The review page answers a burst here: the frames' review items close, their lease goes, the answer is the
 * labeler's to undo as one ({@link RecentAnswers}), and a frame someone else holds a live lease of refuses the
 * request (409).
 */
final class EventRoutes implements HttpRoutes {

    private static final int MAX_BODY_BYTES = 4096;
    private static final String EVENT_ID = "event_id";
    private static final Logger LOG = LoggerFactory.getLogger(EventRoutes.class);

    private final Handler<RoutingContext> viewers;
    private final Handler<RoutingContext> labelers;
    private final EventView events;
    private final FeedbackPublisher publisher;
    private final ReviewQueue reviewQueue;
    private final ReviewLeases leases;
    private final RecentAnswers answers;
    private final Map<FeedbackOutcome, Counter> outcomes = new EnumMap<>(FeedbackOutcome.class);

    EventRoutes(AccessGuard guard, EventView events, FeedbackPublisher publisher, ReviewQueue reviewQueue,
                ReviewLeases leases, RecentAnswers answers, MeterRegistry registry) {
        this.viewers = guard.atLeast(AccessRole.VIEWER);
        this.labelers = guard.atLeast(AccessRole.LABELER);
        this.events = events;
        this.publisher = publisher;
        this.reviewQueue = reviewQueue;
        this.leases = leases;
        this.answers = answers;
        for (FeedbackOutcome outcome : FeedbackOutcome.values()) {
            outcomes.put(outcome, Metrics.counter(registry, "camtrap.dashboard.event.feedback",
                "Event feedback requests (one label for every frame of an event) by outcome", "outcome", outcome.tag()));
        }
    }

    @Override
    public void mount(Router router) {
        router.get("/api/v1/events/:" + EVENT_ID).handler(viewers).handler(EventRoutes::requireValidId)
            .handler(this::event);
        // A route of its own: route handlers may not run before a body handler on the same route.
        String feedback = "/api/v1/events/:" + EVENT_ID + "/feedback";
        router.post(feedback).handler(labelers).handler(EventRoutes::requireValidId);
        router.post(feedback).handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES)).handler(this::submit);
    }

    /** Event ids have the form of image ids: 64 lower-case hex digits. */
    private static void requireValidId(RoutingContext ctx) {
        if (ImageIds.isValid(ctx.pathParam(EVENT_ID))) {
            ctx.next();
        } else {
            Problem.send(ctx, 400, "invalid_event_id", "An event id is 64 lower-case hex digits");
        }
    }

    private void event(RoutingContext ctx) {
        String eventId = ctx.pathParam(EVENT_ID);
        events.event(eventId).ifPresentOrElse(
            event -> JsonResponses.send(ctx, 200, event.toJson()),
            () -> Problem.send(ctx, 404, "unknown_event", "No recent event has id " + eventId));
    }

    private void submit(RoutingContext ctx) {
        String labeler = AccessGuard.person(ctx).name();
        String eventId = ctx.pathParam(EVENT_ID);
        String label;
        CaptureEvent event;
        try {
            label = FeedbackRequest.parseEventLabel(ctx.body().buffer());
            event = events.event(eventId).orElseThrow(() -> FeedbackRejected.unknownEvent(eventId));
            if (leases.heldByOthers(labeler, imageIds(event))) {
                throw FeedbackRejected.burstHeldByOther(eventId);
            }
        } catch (FeedbackRejected rejected) {
            outcomes.get(rejected.outcome()).increment();
            Problem.send(ctx, rejected.status(), rejected.code(), rejected.getMessage());
            return;
        }
        Instant now = Instant.now();
        List<Future<Feedback>> published = event.frames().stream()
            .map(frame -> publisher.publish(new Feedback(frame.imageId(), label, labeler, now, event.cameraId())))
            .toList();
        Future.all(published)
            .onSuccess(all -> {
                outcomes.get(FeedbackOutcome.ACCEPTED).increment();
                // Closed before the lease goes: a next item asked for in between never hands a frame out again.
                imageIds(event).forEach(reviewQueue::labelled);
                imageIds(event).forEach(leases::answered);
                answers.add(published.stream().map(Future::result).toList());
                JsonResponses.send(ctx, 202, new JsonObject()
                    .put("event_id", eventId)
                    .put("label", label)
                    .put("labeler", labeler)
                    .put("labeled_at", now.toString())
                    .put("image_ids", new JsonArray(imageIds(event)))
                    .put("status", "accepted"));
            })
            .onFailure(e -> {
                outcomes.get(FeedbackOutcome.FAILED).increment();
                LOG.warn("Feedback for event {} not published in full: {}", eventId, e.toString());
                Problem.send(ctx, 503, "unavailable", "The labels could not all be stored; try again");
            });
    }

    private static List<String> imageIds(CaptureEvent event) {
        return event.frames().stream().map(CaptureEvent.Frame::imageId).toList();
    }
}
