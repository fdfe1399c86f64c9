package org.trapstream.dashboard;


import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.trapstream.common.auth.AccessGuard;
import org.trapstream.common.auth.AccessRole;
import org.trapstream.common.contract.EnumCodes;
import org.trapstream.common.contract.Prediction;
import org.trapstream.common.http.HttpRoutes;
import org.trapstream.common.http.Problem;

/**
 * Read-only answers from the dashboard's in-memory state: an image's prediction, the open review items, the
 * labels seen so far, and the counts of the operator panel, for viewers and above. Every handler is O(1) or O(limit) under a short lock.
 */
record ViewRoutes(AccessGuard guard, PredictionView view, ReviewQueue reviewQueue, KnownLabels knownLabels)
    implements HttpRoutes {

    static final int DEFAULT_REVIEW_LIMIT = 50;
    static final int MAX_REVIEW_LIMIT = 500;

    @Override
    public void mount(Router router) {
        Handler<RoutingContext> viewers = guard.atLeast(AccessRole.VIEWER);
        router.get("/api/v1/predictions/:" + ImageIdParam.NAME).handler(viewers).handler(ImageIdParam::requireValid)
            .handler(this::prediction);
        router.get("/api/v1/review").handler(viewers).handler(this::review);
        router.get("/api/v1/labels").handler(viewers).handler(this::labels);
        router.get("/api/v1/stats").handler(viewers).handler(this::stats);
    }

    private void prediction(RoutingContext ctx) {
        String imageId = ImageIdParam.of(ctx);
        view.lookup(imageId).ifPresentOrElse(
            outcome -> JsonResponses.send(ctx, 200, outcome.toJson()),
            () -> JsonResponses.send(ctx, 404, new JsonObject().put("image_id", imageId).put("status", "pending")));
    }

    private void review(RoutingContext ctx) {
        String limitParam = ctx.queryParams().get("limit");
        int limit;
        try {
            limit = limitParam == null ? DEFAULT_REVIEW_LIMIT : Integer.parseInt(limitParam);
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > MAX_REVIEW_LIMIT) {
            Problem.send(ctx, 400, "invalid_limit", "limit must be a whole number from 1 to " + MAX_REVIEW_LIMIT);
            return;
        }
        String orderParam = ctx.queryParams().get("order");
        ReviewQueue.Order order;
        try {
            order = orderParam == null ? ReviewQueue.Order.VALUE
                : EnumCodes.parse(ReviewQueue.Order.class, orderParam, "review order");
        } catch (IllegalArgumentException e) {
            Problem.send(ctx, 400, "invalid_order", e.getMessage());
            return;
        }
        EmptyFilter emptyFilter;
        try {
            emptyFilter = EmptyFilter.of(ctx.queryParams().get("empty"));
        } catch (IllegalArgumentException e) {
            Problem.send(ctx, 400, "invalid_empty", e.getMessage());
            return;
        }
        JsonArray items = new JsonArray();
        reviewQueue.items(order, emptyFilter, limit).forEach(prediction -> items.add(reviewItem(prediction)));
        JsonResponses.send(ctx, 200, items);
    }

    /** What a labeler needs to judge a review item; timings and schema details stay out. */
    static JsonObject reviewItem(Prediction prediction) {
        JsonObject json = prediction.toJson();
        return new JsonObject()
            .put("image_id", prediction.imageId())
            .put("camera_id", prediction.cameraId())
            .put("captured_at", json.getString("captured_at"))
            .put("label", prediction.label())
            .put("confidence", prediction.confidence())
            .put("empty", prediction.empty())
            .put("top_k", json.getJsonArray("top_k"))
            .put("reasons", json.getJsonObject("review").getJsonArray("reasons"))
            .put("model_version", prediction.modelVersion())
            .put("classified_at", json.getString("classified_at"));
    }

    private void labels(RoutingContext ctx) {
        JsonResponses.send(ctx, 200, new JsonArray(knownLabels.sorted()));
    }

    private void stats(RoutingContext ctx) {
        JsonResponses.send(ctx, 200, new JsonObject()
            .put("open_review_items", reviewQueue.openCount())
            .put("predictions_seen", view.predictionsSeen())
            .put("rejections_seen", view.rejectionsSeen())
            .put("view_size", view.size())
            .put("known_labels", knownLabels.size()));
    }
}
